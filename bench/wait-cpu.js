'use strict';
/**
 * Figure 8 of npm run bench (waitCpuMs): the CPU time (user + system, process.cpuUsage) of a process
 * running the node while ITEMS items wait SECONDS for their SelSup tasks, against the same process idle
 * for as long. Forked by bench/run.js with the sandbox's URL, so nothing else runs in this process: the
 * node runs through n8n-core's execution machinery (test/helpers/harness.js) from dist/.
 *
 *   node --expose-gc -r ./bench/ts-register.js bench/wait-cpu.js <sandbox url> [items=200] [seconds=60]
 *
 * The window opens 5 s after every item has had its first status check (1 s after its start, the task
 * still queued) and closes SECONDS later; with a poll interval of 2 × SECONDS + 40 s the next check comes after
 * it, and the sandbox's tasks stay queued (no progress to plan by) for a fifth of their 10 × SECONDS.
 * So the window holds the waits and nothing else (checked: the sandbox counts the requests in it). Then
 * the run is stopped, which ends every wait at once (timed). Sends one object to the parent (or prints
 * it as JSON when run by hand).
 */
const path = require('path');
const http = require('http');

const ROOT = path.resolve(__dirname, '..');
const TOKEN = process.env.BENCH_TOKEN || 'bench-token';
const TASK_PATH = '/api/export/getModelsFile';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/**
 * A full garbage collection, then a second to let its sweeping end: without it V8 collects the warm-up's
 * and the starts' garbage at a moment of its choosing, a burst of up to ~400 ms that lands in one window
 * or the other (measured). Both windows open after one.
 */
async function settled() {
	const gc = /** @type {{ gc?: () => void }} */ (globalThis).gc;
	if (gc) gc();
	await sleep(1000);
}
const cpuMs = () => {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
};

/**
 * @param {string} url
 * @param {{ method?: string, body?: unknown }} [options]
 * @returns {Promise<any>}
 */
function control(url, { method = 'GET', body } = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method, headers: { 'content-type': 'application/json' } }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				resolve(text ? JSON.parse(text) : undefined);
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		if (body !== undefined) req.write(JSON.stringify(body));
		req.end();
	});
}

async function main() {
	const [base, itemsArg, secondsArg] = process.argv.slice(2);
	if (!base) throw new Error('usage: wait-cpu.js <sandbox url> [items] [seconds]');
	const items = Number(itemsArg || 200);
	const seconds = Number(secondsArg || 60);
	const { runNode } = require(path.join(ROOT, 'test/helpers/harness.js'));
	const { SelSup } = require(path.join(ROOT, 'dist/nodes/SelSup/SelSup.node.js'));
	const { SelSupApi } = require(path.join(ROOT, 'dist/credentials/SelSupApi.credentials.js'));
	const nodeType = new SelSup();
	const credentialsType = new SelSupApi();
	const run = (count, pollInterval, abortSignal) =>
		runNode({
			abortSignal,
			nodeType,
			credentialsType,
			credentials: { apiToken: TOKEN, baseUrl: base },
			parameters: { resource: 'product', operation: 'getModelsFile', options: { pollInterval } },
			input: Array.from({ length: count }, (_, i) => ({ json: { i } })),
		});
	const setTask = (taskMs) => control(`${base}/__sandbox/faults`, { method: 'POST', body: { [TASK_PATH]: { taskMs } } });
	const reset = () => control(`${base}/__sandbox/reset`, { method: 'POST' });

	// Warm-up: n8n-core's first run loads and compiles a lot.
	await reset();
	await setTask(100);
	const warm = await run(2, 1);
	if (warm.error) throw warm.error;
	await reset();
	// Lets the warm-up's leftovers (garbage collection, closing sockets) pass before anything is measured.
	await sleep(10_000);

	await settled();
	const idleStart = cpuMs();
	await sleep(seconds * 1000);
	const idleMs = cpuMs() - idleStart;

	await setTask(seconds * 10_000);
	const stop = new AbortController();
	const running = run(items, 2 * seconds + 40, stop.signal);
	const checkedBy = Date.now() + 30_000;
	const firstChecks = async () => (await control(`${base}/__sandbox/requests`)).filter((r) => r.path === '/api/task/findTask').length;
	while ((await firstChecks()) < items) {
		if (Date.now() > checkedBy) throw new Error(`the ${items} tasks were not all started and checked once within 30 s`);
		await sleep(50);
	}
	// The start requests' aftermath (their sockets closing, garbage collection) is not waiting.
	await sleep(5_000);
	const requestsBefore = (await control(`${base}/__sandbox/requests`)).length;
	await settled();
	const waitStart = cpuMs();
	await sleep(seconds * 1000);
	const waitMs = cpuMs() - waitStart;
	const requestsInWindow = (await control(`${base}/__sandbox/requests`)).length - requestsBefore;

	const stoppedAt = Date.now();
	stop.abort();
	const result = await running;
	const stopMs = Date.now() - stoppedAt;
	if (!result.error || !/cancelled/i.test(result.error.message)) throw new Error(`the stopped run did not end as cancelled: ${result.error ? result.error.message : 'no error'}`);
	return { items, seconds, idleMs: Math.round(idleMs), waitMs: Math.round(waitMs), requestsInWindow, stopMs };
}

main().then(
	(r) => {
		if (process.send) process.send(r, undefined, {}, () => process.exit(0));
		else {
			console.log(JSON.stringify(r));
			process.exit(0);
		}
	},
	(e) => {
		console.error(e && e.stack ? e.stack : e);
		process.exit(1);
	},
);
