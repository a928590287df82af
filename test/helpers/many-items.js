'use strict';
/**
 * Runs the SelSup node (from its TypeScript sources) on many items at once in a process of its own and
 * prints one JSON line: what came out. Node prints its process warnings (MaxListenersExceededWarning) on
 * this process's stderr, where test/node/listeners.test.js looks for them.
 *   node -r ./bench/ts-register.js test/helpers/many-items.js <count> <concurrency>
 */
const path = require('path');
const ROOT = path.resolve(__dirname, '..', '..');
const { runNode } = require(path.join(ROOT, 'test/helpers/harness.js'));
const { SelSup } = require(path.join(ROOT, 'nodes/SelSup/SelSup.node.ts'));
const { SelSupApi } = require(path.join(ROOT, 'credentials/SelSupApi.credentials.ts'));
const { startSandbox } = require(path.join(ROOT, 'sandbox'));

(async () => {
	const [count, concurrency] = process.argv.slice(2).map(Number);
	const sb = await startSandbox({ port: 0, token: 'many-items-SECRET-1', taskDurationMs: 1500 });
	try {
		const options = { pollInterval: 1 };
		if (concurrency) options.concurrency = concurrency;
		const result = await runNode({
			nodeType: new SelSup(),
			credentialsType: new SelSupApi(),
			credentials: { apiToken: sb.token, baseUrl: sb.url },
			parameters: { resource: 'product', operation: 'getModelsFile', options },
			input: Array.from({ length: count }, (_, i) => ({ json: { i } })),
		});
		console.log(JSON.stringify({ error: result.error?.message, items: result.items.length, files: result.items.filter((i) => i.binary?.data).length }));
	} finally {
		await sb.close();
	}
})().catch((e) => {
	console.error(e);
	process.exit(1);
});
