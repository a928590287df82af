'use strict';
/**
 * npm run bench — the performance figures, each a ratio against a baseline measured in the same run,
 * against the SelSup sandbox (run in a child process of its own).
 *
 *   1. speedup20         20 items, each a 5 s task: sequential baseline wall time / node wall time.
 *   2. pollsOverMinimum  findTask requests per waited task minus ceil(duration / interval), worst task;
 *      lagIntervals      (node output time - the sandbox's finishDate) / interval, worst task.
 *   3. rssGrowthMB200    real n8n (`n8n execute`, filesystem binary mode): peak RSS (VmHWM) of the n8n
 *                        process with a 200 MiB result minus the same workflow with a tiny result.
 *   4. vsHttpRequestNode real n8n, one workflow, 200 items each fetching a small file route: the SelSup
 *                        node's executionTime / n8n's HTTP Request node's (header auth, response
 *                        format file, batching off), median of 5 runs.
 *   5. latencyBoundRatio the same with 50 ms latency per request (sandbox), the SelSup node with a fixed
 *                        Concurrency of 5: executionTime / (ceil(200 / 5) × 50 ms).
 *      vsHttpRequestNodeWall50ms  the same run, the SelSup node as dropped on the canvas (adaptive
 *                        concurrency): executionTime / the HTTP Request node's.
 *   6. throttled429s, throttledVsFixed5: 200 files, 50 ms latency, against a sandbox that answers at most
 *                        5 requests at once (429 + Retry-After: 1 beyond): the 429s the adaptive node got
 *                        (worst round), and its executionTime / a fixed Concurrency of 5's (medians).
 *   7. progressLagMs, progressPollsOverMinimum: 5 items, each a 4 s task reporting linear progress,
 *                        default poll interval (5 s): median time from the sandbox's finishDate to the
 *                        node's output; findTask requests per task minus ceil(4 s / 5 s), worst task.
 *      progressLagMs429, progressWallMs429: the same with one item's first status check answered 429 +
 *                        Retry-After: 1: the worst task's lag from finishDate to output, and the node's wall time.
 *   8. waitCpuMs         CPU time (user + system) of a process running the node while 200 items wait 60 s
 *                        for their SelSup tasks, minus the same process idle for 60 s (bench/wait-cpu.js,
 *                        a child process of its own; no request inside the window).
 *   Growth row: SelSup alone with 1000 vs 200 items (wall time, peak RSS).
 *
 * Figures 1-2 run the node through n8n-core's real execution machinery in this process
 * (test/helpers/harness.js, the compiled package from dist/); 3-5 run it in a real n8n. The last line
 * printed is one JSON object with the figures.
 *
 * Env (for working on one part; a full run sets none): BENCH_SKIP_TASKS=1 skips figures 1-2,
 * BENCH_SKIP_N8N=1 figures 3-5, BENCH_ONLY_PROGRESS=1 runs figure 7 alone, BENCH_SKIP_RSS=1 figure 3 (null in the JSON); BENCH_N8N_VERSION
 * (default 1.123.81); BENCH_ROUNDS (default 5) runs of figures 4-5; BENCH_SKIP_WAIT_CPU=1 skips figure 8,
 * BENCH_WAIT_SECONDS (default 60) shortens its window for a quick run (the figure is then null in the JSON:
 * it is defined for 60 s).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { fork, spawn, execFileSync } = require('child_process');

require('./ts-register');

const ROOT = path.resolve(__dirname, '..');
const TOKEN = 'bench-token';
const N8N_VERSION = process.env.BENCH_N8N_VERSION || '1.123.81';

const log = (...a) => console.log(...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (x, d = 2) => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);
const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---------------------------------------------------------------------------------------------
// Sandbox (child process) and plain HTTP
// ---------------------------------------------------------------------------------------------

function startSandboxChild() {
	return new Promise((resolve, reject) => {
		const child = fork(path.join(__dirname, 'sandbox-child.js'), [], {
			env: { ...process.env, BENCH_TOKEN: TOKEN },
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		child.once('message', (/** @type {{ url: string }} */ m) => resolve({ url: m.url, child }));
		child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
	});
}

/**
 * One HTTP exchange; the body is read (and kept only when `keep`).
 * @param {string | URL} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: string | Buffer, keep?: boolean, agent?: http.Agent }} [options]
 */
function request(url, { method = 'GET', headers = {}, body, keep = true, agent } = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method, headers, agent }, (res) => {
			const chunks = [];
			let size = 0;
			res.on('data', (c) => {
				size += c.length;
				if (keep) chunks.push(c);
			});
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, size, body: keep ? Buffer.concat(chunks) : undefined }));
			res.on('error', reject);
		});
		req.on('error', reject);
		if (body !== undefined) req.write(body);
		req.end();
	});
}

function sandboxApi(base) {
	const json = async (p, opts) => {
		const r = await request(base + p, opts);
		return r.body.length ? JSON.parse(r.body.toString('utf8')) : undefined;
	};
	return {
		base,
		reset: () => json('/__sandbox/reset', { method: 'POST' }),
		faults: (f) =>
			json('/__sandbox/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(f) }),
		requests: () => json('/__sandbox/requests'),
		load: (settings) =>
			json('/__sandbox/load', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(settings) }),
	};
}

// ---------------------------------------------------------------------------------------------
// The node through n8n-core (harness)
// ---------------------------------------------------------------------------------------------

function loadNode() {
	const { runNode } = require(path.join(ROOT, 'test/helpers/harness.js'));
	const { SelSup } = require(path.join(ROOT, 'dist/nodes/SelSup/SelSup.node.js'));
	const { SelSupApi } = require(path.join(ROOT, 'dist/credentials/SelSupApi.credentials.js'));
	const nodeType = new SelSup();
	const credentialsType = new SelSupApi();
	return (base, parameters, count, binaryMode = 'default') =>
		runNode({
			nodeType,
			credentialsType,
			credentials: { apiToken: TOKEN, baseUrl: base },
			parameters,
			input: Array.from({ length: count }, (_, i) => ({ json: { i } })),
			binaryMode,
		});
}

function checkItems(result, count, what) {
	if (result.error) throw new Error(`${what}: the node failed: ${result.error.message}`);
	if (result.items.length !== count) throw new Error(`${what}: ${result.items.length} items instead of ${count}`);
	result.items.forEach((it, i) => {
		if (it.json.error) throw new Error(`${what}: item ${i} failed: ${it.json.error}`);
		if (!it.binary || !it.binary.data) throw new Error(`${what}: item ${i} has no file`);
		if (!it.pairedItem || it.pairedItem.item !== i) throw new Error(`${what}: item ${i} is out of order`);
	});
}

// ---------------------------------------------------------------------------------------------
// 8. CPU while waiting
// ---------------------------------------------------------------------------------------------

const WAIT_ITEMS = 200;

/**
 * bench/wait-cpu.js in a process of its own, so that nothing else of the bench runs beside the waits.
 * @returns {Promise<{ items: number, seconds: number, idleMs: number, waitMs: number, requestsInWindow: number, stopMs: number }>}
 */
function waitCpu(base, items, seconds) {
	return new Promise((resolve, reject) => {
		const child = fork(path.join(__dirname, 'wait-cpu.js'), [base, String(items), String(seconds)], {
			execArgv: ['--expose-gc', '-r', path.join(__dirname, 'ts-register.js')],
			env: { ...process.env, BENCH_TOKEN: TOKEN },
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		let got;
		child.once('message', (m) => (got = m));
		child.once('exit', (code) => (got ? resolve(got) : reject(new Error(`bench/wait-cpu.js exited with ${code}`))));
	});
}

// ---------------------------------------------------------------------------------------------
// 1 + 2. Waited tasks
// ---------------------------------------------------------------------------------------------

const TASK_ROUTE = { resource: 'product', operation: 'getModelsFile', path: '/api/export/getModelsFile' };

/** The node with `count` items, each a task of `durationMs`; polls and lag from the sandbox's log. */
async function nodeTasks(run, sb, { count, durationMs, intervalS, faults = {} }) {
	await sb.reset();
	await sb.faults({ [TASK_ROUTE.path]: { taskMs: durationMs }, ...faults });
	const t0 = Date.now();
	const result = await run(sb.base, { resource: TASK_ROUTE.resource, operation: TASK_ROUTE.operation, options: { pollInterval: intervalS } }, count);
	const tOut = Date.now();
	checkItems(result, count, `tasks ×${count}`);
	const reqs = await sb.requests();
	const intervalMs = intervalS * 1000;
	const perTask = result.items.map((it) => {
		const task = it.json.task;
		const polls = reqs.filter((r) => r.path === '/api/task/findTask' && (r.query.id || [])[0] === String(task.id)).length;
		const duration = Date.parse(task.finishDate) - Date.parse(task.createdDate);
		const minimum = Math.ceil(duration / intervalMs);
		return {
			id: task.id,
			polls,
			nodeSaid: it.json.statusChecks,
			minimum,
			over: polls - minimum,
			lagMs: tOut - Date.parse(task.finishDate),
		};
	});
	const starts = reqs.filter((r) => r.path === TASK_ROUTE.path).map((r) => r.time - t0);
	return {
		wallMs: tOut - t0,
		perTask,
		requests: reqs.length,
		lastStartMs: Math.max(...starts),
		pollsOver: Math.max(...perTask.map((t) => t.over)),
		lagIntervals: Math.max(...perTask.map((t) => t.lagMs)) / intervalMs,
	};
}

/**
 * What an n8n user would build without this node: HTTP Request (start) → Wait (interval) → HTTP
 * Request (findTask) → IF finished, else back to Wait → HTTP Request (download); items one after
 * another. Plain node:http from this process, same interval, same routes.
 */
async function sequentialLoop(sb, { count, durationMs, intervalS }) {
	await sb.reset();
	await sb.faults({ [TASK_ROUTE.path]: { taskMs: durationMs } });
	const auth = { Authorization: TOKEN };
	const t0 = Date.now();
	for (let i = 0; i < count; i++) {
		const started = await request(`${sb.base}${TASK_ROUTE.path}`, { method: 'POST', headers: auth });
		let task = JSON.parse(started.body.toString('utf8'));
		while (task.status !== 'FINISHED') {
			await sleep(intervalS * 1000);
			const found = await request(`${sb.base}/api/task/findTask?id=${task.id}`, { headers: auth });
			task = JSON.parse(found.body.toString('utf8')).rows[0];
			if (['ERROR', 'EXCEPTION', 'INTERRUPTED', 'STOPPED'].includes(task.status)) throw new Error(`baseline task ${task.id} ${task.status}`);
		}
		const file = await request(new URL(task.url, sb.base).toString(), { headers: auth });
		if (file.status !== 200 || file.size === 0) throw new Error(`baseline download failed: ${file.status}`);
	}
	return { wallMs: Date.now() - t0 };
}

// ---------------------------------------------------------------------------------------------
// 3. Real n8n, 200 MiB result
// ---------------------------------------------------------------------------------------------

function statusKb(pid) {
	try {
		const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const pick = (k) => Number((new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s) || [])[1]);
		return { rss: pick('VmRSS'), hwm: pick('VmHWM') };
	} catch {
		return undefined;
	}
}

/** `n8n execute` spawned like the driver does (its paths and env), with /proc sampled every 25 ms. */
function executeSampled(inst, workflowId) {
	const { extractJson } = require(path.join(ROOT, 'scripts/n8n/instance.js'));
	const hwmFile = path.join(inst.userFolder, `hwm-${Date.now()}.json`);
	const env = inst.env({
		BENCH_HWM_FILE: hwmFile,
		NODE_OPTIONS: `${process.env.NODE_OPTIONS || ''} --require ${path.join(__dirname, 'hwm-preload.js')}`.trim(),
	});
	return new Promise((resolve, reject) => {
		const t0 = Date.now();
		const child = spawn(inst.paths.node, [inst.paths.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
			cwd: inst.userFolder,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const out = [];
		const err = [];
		child.stdout.on('data', (d) => out.push(d));
		child.stderr.on('data', (d) => err.push(d));
		let maxRss = 0;
		let lastHwm = 0;
		let samples = 0;
		const timer = setInterval(() => {
			const s = statusKb(child.pid);
			if (!s) return;
			samples++;
			if (s.rss > maxRss) maxRss = s.rss;
			if (s.hwm > lastHwm) lastHwm = s.hwm;
		}, 25);
		child.on('error', reject);
		child.on('close', (code) => {
			clearInterval(timer);
			const stdout = Buffer.concat(out).toString('utf8');
			let atExit;
			try {
				atExit = JSON.parse(fs.readFileSync(hwmFile, 'utf8'));
			} catch {
				atExit = undefined;
			}
			resolve({
				code,
				ms: Date.now() - t0,
				json: extractJson(stdout),
				stdout,
				stderr: Buffer.concat(err).toString('utf8'),
				sampledMaxRssKb: maxRss,
				sampledHwmKb: lastHwm,
				samples,
				exitHwmKb: atExit && atExit.VmHWM,
			});
		});
	});
}

const SMALL_FILE_ROUTE = { resource: 'reference', operation: 'brandsFile', path: '/api/export/brandsFile' };
const ITEMS = 200;
const LATENCY_MS = 50;

let uid = 0;
const nodeUuid = () => `00000000-0000-4000-8000-${String(++uid).padStart(12, '0')}`;

/** Manual trigger → Edit Fields (JSON: `count` ids) → Split Out: `count` items, on n8n 1.x and 2.x alike. */
function itemsSource(count) {
	return [
		{ id: nodeUuid(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: nodeUuid(),
			name: 'Ids',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ ids: Array.from({ length: count }, (_, i) => i) }), options: {} },
		},
		{ id: nodeUuid(), name: 'Items', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0], parameters: { fieldToSplitOut: 'ids', options: {} } },
	];
}

const chainConnections = (names) =>
	Object.fromEntries(names.slice(0, -1).map((n, i) => [n, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]));

function workflow(id, name, nodes, connections) {
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {}, versionId: `${id}-v1-0000000000000000000000`.slice(0, 36) };
}

function selsupNode(cred, parameters, position = [600, 0], name = 'SelSup') {
	return {
		id: nodeUuid(),
		name,
		type: 'n8n-nodes-selsup.selSup',
		typeVersion: 1,
		position,
		parameters,
		credentials: { selSupApi: { id: cred.id, name: cred.name } },
	};
}

/**
 * n8n's HTTP Request node set up as a user would to fetch the same route: GET, Header Auth credential
 * (Authorization: <token>), response format file, batching off (its default: every item's request at once).
 */
function httpRequestNode(sbBase, headerCred) {
	return {
		id: nodeUuid(),
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [600, 200],
		parameters: {
			url: `${sbBase}${SMALL_FILE_ROUTE.path}`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			options: { response: { response: { responseFormat: 'file', outputPropertyName: 'data' } } },
		},
		credentials: { httpHeaderAuth: { id: headerCred.id, name: headerCred.name } },
	};
}

/** The node's own execution time (runData executionTime) and its items, from one `n8n execute`. */
function nodeRun(r, nodeName, count, lib) {
	const resultData = r.json && (r.json.data ? r.json.data.resultData : r.json.resultData);
	const runs = resultData && resultData.runData && resultData.runData[nodeName];
	const items = lib.N8nInstance.items(resultData && resultData.runData, nodeName);
	if (r.code !== 0 || !runs || !items) throw new Error(`n8n execute failed at ${nodeName} (exit ${r.code}):\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
	if (items.length !== count) throw new Error(`${nodeName}: ${items.length} items instead of ${count}`);
	items.forEach((it, i) => {
		if (!it.binary || !it.binary.data) throw new Error(`${nodeName}: item ${i} has no file: ${JSON.stringify(it.json).slice(0, 300)}`);
	});
	return { ms: runs[0].executionTime, bytes: items[0].binary.data.fileSize, itemsJsonBytes: Buffer.byteLength(JSON.stringify(items)) };
}

async function realN8n(sb) {
	const lib = require(path.join(ROOT, 'scripts/n8n/instance.js'));
	// Installs it when missing (cached afterwards); smoke-checks a cached install.
	await lib.install(N8N_VERSION);
	const inst = await lib.N8nInstance.create({ version: N8N_VERSION });
	// The node's default number of requests in flight, from the built package.
	const CONCURRENCY = require(path.join(ROOT, 'dist/nodes/SelSup/transport/client.js')).DEFAULT_SETTINGS.concurrency;
	const out = {};
	try {
		const cred = { id: 'benchSelSupCred01', name: 'SelSup bench', type: 'selSupApi', data: { apiToken: TOKEN, baseUrl: sb.base } };
		const headerCred = { id: 'benchHeaderCred01', name: 'SelSup header auth', type: 'httpHeaderAuth', data: { name: 'Authorization', value: TOKEN } };
		await inst.importCredentials([cred, headerCred]);
		const wf = workflow('selsupBench200MB', 'bench 200 MB task result', [
			{ id: nodeUuid(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			selsupNode(cred, { resource: TASK_ROUTE.resource, operation: TASK_ROUTE.operation, options: { pollInterval: 1 } }, [220, 0]),
		], chainConnections(['Start', 'SelSup']));
		// The same items go to both nodes, one branch after the other (v1 order: top branch first).
		const source = itemsSource(ITEMS);
		const fileParams = { resource: SMALL_FILE_ROUTE.resource, operation: SMALL_FILE_ROUTE.operation };
		const fixed5Params = { ...fileParams, options: { concurrency: 5 } };
		const compare = workflow(
			'selsupBenchVsHttp',
			'bench SelSup vs HTTP Request',
			[...source, selsupNode(cred, fileParams), selsupNode(cred, fixed5Params, [600, 400], 'SelSup Fixed 5'), httpRequestNode(sb.base, headerCred)],
			{
				...chainConnections(['Start', 'Ids', 'Items']),
				Items: { main: [['SelSup', 'HTTP Request', 'SelSup Fixed 5'].map((node) => ({ node, type: 'main', index: 0 }))] },
			},
		);
		const alone = (id, parameters) =>
			workflow(id, `bench ${id}`, [...itemsSource(ITEMS), selsupNode(cred, parameters)], chainConnections(['Start', 'Ids', 'Items', 'SelSup']));
		const throttledAdaptive = alone('selsupBenchThrottledAdapt', fileParams);
		const throttledFixed = alone('selsupBenchThrottledFixed5', fixed5Params);
		const growth = (count) =>
			workflow(`selsupBenchGrow${String(count).padStart(4, '0')}`, `bench SelSup ${count} items`, [
				...itemsSource(count),
				selsupNode(cred, { resource: SMALL_FILE_ROUTE.resource, operation: SMALL_FILE_ROUTE.operation }),
			], chainConnections(['Start', 'Ids', 'Items', 'SelSup']));
		const grow200 = growth(ITEMS);
		const grow1000 = growth(1000);
		await inst.importWorkflow([wf, compare, grow200, grow1000, throttledAdaptive, throttledFixed]);

		// 3 ---------------------------------------------------------------------------------------
		log(`\n## 3. Real n8n ${N8N_VERSION} (n8n execute, N8N_DEFAULT_BINARY_DATA_MODE=filesystem), task result of 200 MiB`);
		const once = async (label, fault, expectSize) => {
			await sb.reset();
			await sb.faults({ [TASK_ROUTE.path]: fault });
			const r = await executeSampled(inst, wf.id);
			const resultData = r.json && (r.json.data ? r.json.data.resultData : r.json.resultData);
			const items = lib.N8nInstance.items(resultData && resultData.runData, 'SelSup');
			const binary = items && items[0] && items[0].binary && items[0].binary.data;
			if (r.code !== 0 || !binary) throw new Error(`n8n execute (${label}) failed (exit ${r.code}):\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
			if (!binary.id || !String(binary.id).startsWith('filesystem')) throw new Error(`${label}: binary not in filesystem mode: ${JSON.stringify(binary).slice(0, 200)}`);
			const size = items[0].json.fileSize;
			if (expectSize !== undefined && size !== expectSize) throw new Error(`${label}: fileSize ${size}, expected ${expectSize}`);
			const hwmKb = Math.max(r.exitHwmKb || 0, r.sampledHwmKb || 0);
			log(
				`  ${label}: exit ${r.code}, ${(r.ms / 1000).toFixed(1)} s, fileSize ${size}, binary ${binary.id.slice(0, 40)}…; ` +
					`VmHWM at exit ${r.exitHwmKb ?? 'n/a'} kB, sampled VmHWM ${r.sampledHwmKb} kB / max VmRSS ${r.sampledMaxRssKb} kB (${r.samples} samples)`,
			);
			return { hwmKb, ms: r.ms };
		};
		if (process.env.BENCH_SKIP_RSS !== '1') {
			const big = 200 * 1024 * 1024;
			// Baseline first: also warms the OS file cache for n8n's own modules, which favours neither run.
			const tiny = await once('tiny result (task xlsx)', { taskMs: 500 }, undefined);
			const large = await once('200 MiB result (big/200MB.zip)', { taskMs: 500, resultPath: 'big/200MB.zip' }, big);
			const tiny2 = await once('tiny result again', { taskMs: 500 }, undefined);
			const baseKb = Math.max(tiny.hwmKb, tiny2.hwmKb);
			out.growthMB = (large.hwmKb - baseKb) / 1024;
			log(
				`peak RSS (VmHWM) tiny runs ${(tiny.hwmKb / 1024).toFixed(1)} / ${(tiny2.hwmKb / 1024).toFixed(1)} MB, 200 MiB run ${(large.hwmKb / 1024).toFixed(1)} MB → growth ${out.growthMB.toFixed(1)} MB (against the larger tiny run)`,
			);
		}

		// 4 + 5 -----------------------------------------------------------------------------------
		log(
			`\n## 4-5. SelSup node vs n8n's HTTP Request node: ${ITEMS} items, each a GET of a small file route (${SMALL_FILE_ROUTE.resource}/${SMALL_FILE_ROUTE.operation}), ` +
				`same n8n ${N8N_VERSION}, same workflow (one branch each), same header auth; time = the node's executionTime in runData`,
		);
		const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
		const compareRounds = async (latencyMs) => {
			await sb.reset();
			await sb.load({ latencyMs });
			const rows = [];
			for (let k = 0; k < ROUNDS; k++) {
				const r = await executeSampled(inst, compare.id);
				const selsup = nodeRun(r, 'SelSup', ITEMS, lib);
				const fixed5 = nodeRun(r, 'SelSup Fixed 5', ITEMS, lib);
				const httpNode = nodeRun(r, 'HTTP Request', ITEMS, lib);
				rows.push({ selsup: selsup.ms, fixed5: fixed5.ms, http: httpNode.ms });
				log(
					`  latency ${latencyMs} ms, run ${k + 1}: SelSup ${selsup.ms} ms (${(selsup.ms / ITEMS).toFixed(2)} ms/item), SelSup Fixed 5 ${fixed5.ms} ms, ` +
						`HTTP Request ${httpNode.ms} ms (${(httpNode.ms / ITEMS).toFixed(2)} ms/item), file ${selsup.bytes}`,
				);
			}
			await sb.load({ latencyMs: 0 });
			return { selsup: median(rows.map((x) => x.selsup)), fixed5: median(rows.map((x) => x.fixed5)), http: median(rows.map((x) => x.http)) };
		};
		const flat = await compareRounds(0);
		out.vsHttpRequestNode = flat.selsup / flat.http;
		log(
			`latency 0: median SelSup ${(flat.selsup / ITEMS).toFixed(2)} ms/item, HTTP Request ${(flat.http / ITEMS).toFixed(2)} ms/item → vsHttpRequestNode ${out.vsHttpRequestNode.toFixed(2)}`,
		);
		const slow = await compareRounds(LATENCY_MS);
		const bound = Math.ceil(ITEMS / CONCURRENCY) * LATENCY_MS;
		out.latencyBoundRatio = slow.fixed5 / bound;
		out.vsHttpRequestNodeWall50ms = slow.selsup / slow.http;
		log(
			`latency ${LATENCY_MS} ms per request: median SelSup Fixed 5 ${slow.fixed5} ms against the bound ceil(${ITEMS} / ${CONCURRENCY}) × ${LATENCY_MS} ms = ${bound} ms → latencyBoundRatio ${out.latencyBoundRatio.toFixed(2)}; ` +
				`SelSup (adaptive) ${slow.selsup} ms vs HTTP Request node ${slow.http} ms (it sends all ${ITEMS} requests at once when batching is off) → vsHttpRequestNodeWall50ms ${out.vsHttpRequestNodeWall50ms.toFixed(2)}`,
		);

		// 6 ---------------------------------------------------------------------------------------
		log(`\n## 6. A SelSup that answers at most 5 requests at once (sandbox maxInFlight 5, 429 + Retry-After: 1 beyond), latency ${LATENCY_MS} ms, ${ITEMS} files`);
		const throttledRows = [];
		for (let k = 0; k < ROUNDS; k++) {
			const row = {};
			for (const [label, w] of /** @type {Array<[string, { id: string }]>} */ ([['adaptive', throttledAdaptive], ['fixed5', throttledFixed]])) {
				await sb.reset();
				await sb.load({ latencyMs: LATENCY_MS, maxInFlight: 5 });
				const r = await executeSampled(inst, w.id);
				const run = nodeRun(r, 'SelSup', ITEMS, lib);
				const summary = await request(`${sb.base}/__sandbox/load`).then((x) => JSON.parse(x.body.toString('utf8')));
				row[label] = { ms: run.ms, throttled: summary.throttled, peak: summary.peakInFlight };
			}
			throttledRows.push(row);
			log(
				`  run ${k + 1}: adaptive ${row.adaptive.ms} ms, ${row.adaptive.throttled} × 429, at most ${row.adaptive.peak} answered at once; ` +
					`fixed 5 ${row.fixed5.ms} ms, ${row.fixed5.throttled} × 429`,
			);
		}
		await sb.load({ latencyMs: 0, maxInFlight: null });
		out.throttled429s = Math.max(...throttledRows.map((r) => r.adaptive.throttled));
		out.throttledVsFixed5 = median(throttledRows.map((r) => r.adaptive.ms)) / median(throttledRows.map((r) => r.fixed5.ms));
		log(`→ throttled429s ${out.throttled429s} (worst round), throttledVsFixed5 ${out.throttledVsFixed5.toFixed(2)} (medians)`);

		// Growth ----------------------------------------------------------------------------------
		log(`\n## Growth: SelSup alone, ${ITEMS} vs 1000 items of the same small file route, latency 0 (wall = node executionTime; peak RSS = VmHWM of the n8n process)`);
		const g = {};
		for (const [label, w, count] of /** @type {Array<[string, { id: string }, number]>} */ ([['200', grow200, ITEMS], ['1000', grow1000, 1000]])) {
			await sb.reset();
			const r = await executeSampled(inst, w.id);
			const run = nodeRun(r, 'SelSup', count, lib);
			g[label] = { ms: run.ms, hwmMB: Math.max(r.exitHwmKb || 0, r.sampledHwmKb || 0) / 1024 };
			log(
				`  ${count} items: SelSup ${run.ms} ms (${(run.ms / count).toFixed(2)} ms/item), peak RSS ${g[label].hwmMB.toFixed(1)} MB; ` +
					`the node's output items as JSON ${(run.itemsJsonBytes / 1024).toFixed(0)} kB, the whole execution n8n prints ${(Buffer.byteLength(r.stdout) / 1024).toFixed(0)} kB`,
			);
		}
		out.growth = {
			wallRatio: g['1000'].ms / g['200'].ms,
			perItemRatio: g['1000'].ms / 1000 / (g['200'].ms / ITEMS),
			rssMB200: g['200'].hwmMB,
			rssMB1000: g['1000'].hwmMB,
		};
		log(
			`  1000 vs 200 items: wall ×${out.growth.wallRatio.toFixed(2)} (×5 would be linear), per item ×${out.growth.perItemRatio.toFixed(2)}, ` +
				`peak RSS +${(g['1000'].hwmMB - g['200'].hwmMB).toFixed(1)} MB (+${(((g['1000'].hwmMB - g['200'].hwmMB) * 1024) / 800).toFixed(1)} kB per extra item)`,
		);
		return out;
	} finally {
		inst.cleanup();
	}
}

// ---------------------------------------------------------------------------------------------

async function main() {
	const benchStarted = Date.now();
	log(`# SelSup node benchmark — ${new Date().toISOString()}`);
	const mem = Math.round(os.totalmem() / 1024 ** 3);
	log(`machine: ${os.cpus().length} CPUs (nproc ${execFileSync('nproc').toString().trim()}), ${mem} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`);
	log(`command: npm run bench   (node bench/run.js after npm run build)`);
	if (!fs.existsSync(path.join(ROOT, 'dist/nodes/SelSup/SelSup.node.js'))) throw new Error('dist/ is missing: run npm run build');

	const { url, child } = await startSandboxChild();
	const sb = sandboxApi(url);
	log(`sandbox: ${url} (own process, pid ${child.pid})`);
	const run = loadNode();
	const figures = {};
	try {
		// Warm-up: n8n-core's first run loads and compiles a lot.
		await sb.reset();
		await sb.faults({ [TASK_ROUTE.path]: { taskMs: 100 } });
		checkItems(await run(sb.base, { resource: TASK_ROUTE.resource, operation: TASK_ROUTE.operation, options: { pollInterval: 1 } }, 2), 2, 'warm-up');
		await sb.reset();

		// 1 + 2 -----------------------------------------------------------------------------------
		const scenarios = [
			{ count: 20, durationMs: 5000, intervalS: 5, baseline: true, note: 'node default poll interval' },
			{ count: 20, durationMs: 5000, intervalS: 2, baseline: false, note: 'interval not dividing the duration' },
			{ count: 20, durationMs: 5000, intervalS: 1, baseline: false, note: 'short interval' },
		];
		const onlyProgress = process.env.BENCH_ONLY_PROGRESS === '1';
		if (process.env.BENCH_SKIP_TASKS === '1' || onlyProgress) scenarios.length = 0;
		log('\n## 1-2. 20 items, each a SelSup task of 5 s (product/getModelsFile), default concurrency 5');
		let speedup;
		let pollsOver = -Infinity;
		let lag = -Infinity;
		for (const s of scenarios) {
			const node = await nodeTasks(run, sb, s);
			const byPolls = {};
			node.perTask.forEach((t) => (byPolls[t.polls] = (byPolls[t.polls] || 0) + 1));
			log(
				`interval ${s.intervalS} s (${s.note}): node ${(node.wallMs / 1000).toFixed(2)} s for ${s.count} items; last task started at +${node.lastStartMs} ms; ` +
					`findTask per task {polls: tasks} ${JSON.stringify(byPolls)}, minimum ceil(5 s / ${s.intervalS} s) = ${node.perTask[0].minimum}; ` +
					`worst over minimum +${node.pollsOver}; worst lag FINISHED→output ${node.perTask.reduce((m, t) => Math.max(m, t.lagMs), 0)} ms = ${node.lagIntervals.toFixed(2)} intervals; ` +
					`${node.requests} requests in all`,
			);
			pollsOver = Math.max(pollsOver, node.pollsOver);
			lag = Math.max(lag, node.lagIntervals);
			if (s.baseline) {
				const base = await sequentialLoop(sb, s);
				speedup = base.wallMs / node.wallMs;
				log(
					`  baseline (plain node:http loop in this process, items one after another: POST start, then every ${s.intervalS} s a findTask until FINISHED, then GET the file): ` +
						`${(base.wallMs / 1000).toFixed(2)} s → speedup ${speedup.toFixed(2)}×`,
				);
			}
		}
		if (process.env.BENCH_SKIP_TASKS !== '1') {
			log('\n## 7. 5 items, each a 4 s task reporting linear progress (sandbox), default poll interval 5 s');
			const p = await nodeTasks(run, sb, { count: 5, durationMs: 4000, intervalS: 5 });
			figures.progressLagMs = Math.round(median(p.perTask.map((t) => t.lagMs)));
			figures.progressPollsOverMinimum = p.pollsOver;
			log(
				`node ${(p.wallMs / 1000).toFixed(2)} s for 5 items; lag FINISHED→output per task ${JSON.stringify(p.perTask.map((t) => t.lagMs))} ms, median ${figures.progressLagMs} ms ` +
					`(target ≤ max(300 ms, 10 % of 4 s) = 400 ms); findTask per task ${JSON.stringify(p.perTask.map((t) => t.polls))}, minimum ceil(4 / 5) = 1 → over ${p.pollsOver}`,
			);
			// The same with one item's first status check answered 429 with Retry-After: 1 (issue 24): the
			// sighting is timed by the attempt that answered, so the pace and the end come out as without it.
			const t = await nodeTasks(run, sb, {
				count: 5,
				durationMs: 4000,
				intervalS: 5,
				faults: { '/api/task/findTask': { times: 1, status: 429, headers: { 'retry-after': '1' }, body: { error: 'TOO_MANY_REQUESTS' } } },
			});
			figures.progressLagMs429 = Math.max(...t.perTask.map((x) => x.lagMs));
			figures.progressWallMs429 = t.wallMs;
			log(
				`  one first check answered 429 + Retry-After: 1: node ${(t.wallMs / 1000).toFixed(2)} s for 5 items; lag FINISHED→output per task ${JSON.stringify(t.perTask.map((x) => x.lagMs))} ms, ` +
					`worst ${figures.progressLagMs429} ms (target ≤ 400 ms; node under 5.5 s); findTask per task ${JSON.stringify(t.perTask.map((x) => x.polls))}`,
			);
		}
		if (process.env.BENCH_SKIP_WAIT_CPU !== '1' && !onlyProgress) {
			const seconds = Number(process.env.BENCH_WAIT_SECONDS || 60);
			log(`\n## 8. CPU while ${WAIT_ITEMS} items wait ${seconds} s for their tasks (bench/wait-cpu.js, a process of its own), against ${seconds} s idle`);
			const w = await waitCpu(sb.base, WAIT_ITEMS, seconds);
			if (seconds === 60) figures.waitCpuMs = w.waitMs - w.idleMs;
			log(
				`idle ${w.idleMs} ms CPU in ${seconds} s; ${w.items} items waiting ${w.waitMs} ms CPU in ${seconds} s (${w.requestsInWindow} requests in the window) → ` +
					`${w.waitMs - w.idleMs} ms over idle${seconds === 60 ? '' : ' (a short variant: not the figure)'}; Stop ended all ${w.items} waits in ${w.stopMs} ms`,
			);
		}
		figures.speedup20 = round(speedup);
		figures.pollsOverMinimum = Number.isFinite(pollsOver) ? pollsOver : null;
		figures.lagIntervals = round(lag);

		// 3, 4, 5 and growth: real n8n --------------------------------------------------------------
		if (process.env.BENCH_SKIP_N8N === '1' || onlyProgress) {
			log('\n## 3-5. Real n8n: skipped (BENCH_SKIP_N8N=1)');
		} else {
			const r = await realN8n(sb);
			figures.rssGrowthMB200 = round(r.growthMB, 1);
			figures.vsHttpRequestNode = round(r.vsHttpRequestNode);
			figures.latencyBoundRatio = round(r.latencyBoundRatio);
			figures.vsHttpRequestNodeWall50ms = round(r.vsHttpRequestNodeWall50ms);
			figures.throttled429s = r.throttled429s;
			figures.throttledVsFixed5 = round(r.throttledVsFixed5);
			figures.growth = r.growth;
		}
	} finally {
		child.disconnect();
	}

	log(
		'\ntargets: speedup20 ≥ 10, pollsOverMinimum ≤ 2, lagIntervals ≤ 1, rssGrowthMB200 ≤ 64, vsHttpRequestNode ≤ 1.1, latencyBoundRatio ≤ 1.3, ' +
			'progressLagMs ≤ 400, progressPollsOverMinimum ≤ 2, progressLagMs429 ≤ 400, progressWallMs429 < 5500, vsHttpRequestNodeWall50ms ≤ 1.0, throttled429s ≤ 5, throttledVsFixed5 ≤ 1.1, waitCpuMs ≤ 100',
	);
	log(`bench took ${Math.round((Date.now() - benchStarted) / 1000)} s`);
	const out = {
		speedup20: figures.speedup20,
		pollsOverMinimum: figures.pollsOverMinimum,
		lagIntervals: figures.lagIntervals,
		rssGrowthMB200: figures.rssGrowthMB200,
		vsHttpRequestNode: figures.vsHttpRequestNode ?? null,
		latencyBoundRatio: figures.latencyBoundRatio ?? null,
		progressLagMs: figures.progressLagMs ?? null,
		progressPollsOverMinimum: figures.progressPollsOverMinimum ?? null,
		progressLagMs429: figures.progressLagMs429 ?? null,
		progressWallMs429: figures.progressWallMs429 ?? null,
		vsHttpRequestNodeWall50ms: figures.vsHttpRequestNodeWall50ms ?? null,
		throttled429s: figures.throttled429s ?? null,
		throttledVsFixed5: figures.throttledVsFixed5 ?? null,
		waitCpuMs: figures.waitCpuMs ?? null,
	};
	log(JSON.stringify(out));
}

main().then(
	() => process.exit(0),
	(e) => {
		console.error(e && e.stack ? e.stack : e);
		process.exit(1);
	},
);
