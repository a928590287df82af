#!/usr/bin/env node
'use strict';
/**
 * CLI: node sandbox/server.js [--port 8787] [--host 127.0.0.1] [--token sandbox-token] [--task-ms 3000]
 *      [--absolute-urls] [--dates iso|zoned|moscow|epoch] [--strict-sorts] [--busy <tasks>] [--stuck-days <days>]
 * Environment: SANDBOX_PORT, SANDBOX_HOST, SANDBOX_TOKEN, SANDBOX_TASK_MS, SANDBOX_ABSOLUTE_URLS=1,
 * SANDBOX_DATES, SANDBOX_BUSY, SANDBOX_STUCK_DAYS.
 * --busy N seeds a busy account: N tasks over the last two days; --stuck-days D adds one task RUNNING since D days.
 */
const { startSandbox } = require('./index');

function parseArgs(argv) {
	const args = {};
	for (let i = 0; i < argv.length; i++) {
		const m = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]);
		if (!m) throw new Error(`unexpected argument ${argv[i]}`);
		if (m[2] !== undefined) args[m[1]] = m[2];
		else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) args[m[1]] = argv[++i];
		else args[m[1]] = 'true';
	}
	return args;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		console.log(
			'node sandbox/server.js [--port 8787] [--host 127.0.0.1] [--token sandbox-token] [--task-ms 3000] [--absolute-urls] [--dates iso|zoned|moscow|epoch] [--strict-sorts] [--busy 8000] [--stuck-days 3]',
		);
		return;
	}
	const env = process.env;
	const sandbox = await startSandbox({
		port: Number(args.port ?? env.SANDBOX_PORT ?? 8787),
		host: args.host ?? env.SANDBOX_HOST ?? '127.0.0.1',
		token: args.token ?? env.SANDBOX_TOKEN ?? 'sandbox-token',
		taskDurationMs: Number(args['task-ms'] ?? env.SANDBOX_TASK_MS ?? 3000),
		absoluteUrls: (args['absolute-urls'] ?? env.SANDBOX_ABSOLUTE_URLS ?? 'false') !== 'false' && env.SANDBOX_ABSOLUTE_URLS !== '0',
		dateFormat: args.dates ?? env.SANDBOX_DATES ?? 'iso',
		strictSorts: (args['strict-sorts'] ?? env.SANDBOX_STRICT_SORTS ?? 'false') !== 'false' && env.SANDBOX_STRICT_SORTS !== '0',
	});
	const busy = Number(args.busy ?? env.SANDBOX_BUSY ?? 0);
	const stuckDays = args['stuck-days'] ?? env.SANDBOX_STUCK_DAYS;
	if (busy > 0 || stuckDays !== undefined) {
		const seeded = sandbox.seedHistory({ tasks: busy, stuckAgoMs: stuckDays === undefined ? undefined : Number(stuckDays) * 86_400_000 });
		console.log(`Seeded ${busy} past tasks (ids ${seeded.first}–${seeded.last})${seeded.stuck ? `, task ${seeded.stuck} stuck in RUNNING` : ''}`);
	}
	console.log(`SelSup sandbox listening on ${sandbox.url}`);
	console.log(`Token (header "Authorization: <token>"): ${sandbox.token}`);
	console.log(`Control API: ${sandbox.url}/__sandbox/health`);
	const stop = () => sandbox.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((e) => {
	console.error(e.message);
	process.exit(1);
});
