'use strict';
/**
 * npm run bench — the performance figures of issue 5, each a ratio against a baseline measured in
 * the same run, against the SelSup sandbox (run in a child process of its own).
 *
 *   1. speedup20        20 items, each a 5 s task: sequential baseline wall time / node wall time.
 *   2. pollsOverMinimum findTask requests per waited task minus ceil(duration / interval), worst task;
 *      lagIntervals     (node output time - the sandbox's finishDate) / interval, worst task.
 *   3. rssGrowthMB200   real n8n (`n8n execute`, filesystem binary mode): peak RSS (VmHWM) of the n8n
 *                       process with a 200 MiB result minus the same workflow with a tiny result.
 *   4. overheadRatio    200 items of a small file route: node time per item / bare http.get per item,
 *                       both 5 requests in flight (the node's default concurrency).
 *
 * The node runs through n8n-core's real execution machinery (test/helpers/harness.ts), loading the
 * compiled package from dist/. The last line printed is one JSON object with the figures.
 *
 * Env (for working on one part; a full run sets none): BENCH_SKIP_TASKS=1 skips figures 1-2,
 * BENCH_SKIP_FILES=1 figure 4, BENCH_SKIP_N8N=1 figure 3 (null in the JSON); BENCH_N8N_VERSION
 * (default 1.123.81).
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
		child.once('message', (m) => resolve({ url: m.url, child }));
		child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
	});
}

/** One HTTP exchange; the body is read (and kept only when `keep`). */
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
	};
}

// ---------------------------------------------------------------------------------------------
// The node through n8n-core (harness)
// ---------------------------------------------------------------------------------------------

function loadNode() {
	const { runNode } = require(path.join(ROOT, 'test/helpers/harness.ts'));
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
// 1 + 2. Waited tasks
// ---------------------------------------------------------------------------------------------

const TASK_ROUTE = { resource: 'product', operation: 'getModelsFile', path: '/api/export/getModelsFile' };

/** The node with `count` items, each a task of `durationMs`; polls and lag from the sandbox's log. */
async function nodeTasks(run, sb, { count, durationMs, intervalS }) {
	await sb.reset();
	await sb.faults({ [TASK_ROUTE.path]: { taskMs: durationMs } });
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
// 4. Small files
// ---------------------------------------------------------------------------------------------

const FILE_ROUTE = { resource: 'reference', operation: 'brandsFile', path: '/api/export/brandsFile' };

/** `count` GETs of the file route, `concurrency` in flight, with Node's http; the body is read whole. */
async function bareGets(sb, count, concurrency, { keepAlive }) {
	const agent = keepAlive ? new http.Agent({ keepAlive: true }) : false;
	const url = `${sb.base}${FILE_ROUTE.path}`;
	let bytes = 0;
	const ms = await pool(count, concurrency, async () => {
		const r = await request(url, { headers: { Authorization: TOKEN }, agent });
		if (r.status !== 200) throw new Error(`bare GET: ${r.status}`);
		bytes = r.size;
	});
	if (agent) agent.destroy();
	return { ms, bytes };
}

/** The same GETs through n8n-core's own `httpRequest` helper (axios), the floor for any node that uses n8n's helpers. */
async function helperGets(sb, count, concurrency) {
	const { httpRequest } = require(path.join(ROOT, 'node_modules/n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions.js'));
	const url = `${sb.base}${FILE_ROUTE.path}`;
	const ms = await pool(count, concurrency, async () => {
		const r = await httpRequest({ method: 'GET', url, headers: { Authorization: TOKEN }, encoding: 'stream', returnFullResponse: true, ignoreHttpStatusErrors: true });
		await new Promise((resolve, reject) => {
			r.body.on('data', () => {});
			r.body.on('end', resolve);
			r.body.on('error', reject);
		});
	});
	return { ms };
}

async function pool(count, concurrency, fn) {
	let next = 0;
	const t0 = process.hrtime.bigint();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < count) {
				next++;
				await fn();
			}
		}),
	);
	return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function nodeFiles(run, sb, count, binaryMode) {
	const t0 = process.hrtime.bigint();
	const result = await run(sb.base, { resource: FILE_ROUTE.resource, operation: FILE_ROUTE.operation }, count, binaryMode);
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	checkItems(result, count, `files ×${count}`);
	return { ms };
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

async function realN8n(sb) {
	const lib = require(path.join(ROOT, 'scripts/n8n/instance.js'));
	// Installs it when missing (cached afterwards); smoke-checks a cached install.
	await lib.install(N8N_VERSION);
	const inst = await lib.N8nInstance.create({ version: N8N_VERSION });
	try {
		const cred = { id: 'benchSelSupCred01', name: 'SelSup bench', type: 'selSupApi', data: { apiToken: TOKEN, baseUrl: sb.base } };
		await inst.importCredentials([cred]);
		const wf = {
			id: 'selsupBench200MB',
			name: 'bench 200 MB task result',
			active: false,
			nodes: [
				{ id: '00000000-0000-4000-8000-00000000b001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: '00000000-0000-4000-8000-00000000b002',
					name: 'SelSup',
					type: 'n8n-nodes-selsup.selSup',
					typeVersion: 1,
					position: [220, 0],
					parameters: { resource: TASK_ROUTE.resource, operation: TASK_ROUTE.operation, options: { pollInterval: 1 } },
					credentials: { selSupApi: { id: cred.id, name: cred.name } },
				},
			],
			connections: { Start: { main: [[{ node: 'SelSup', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
			pinData: {},
			versionId: 'selsupBench200MB-v1-000000000000000',
		};
		await inst.importWorkflow(wf);

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
		const big = 200 * 1024 * 1024;
		// Baseline first: also warms the OS file cache for n8n's own modules, which favours neither run.
		const tiny = await once('tiny result (task xlsx)', { taskMs: 500 }, undefined);
		const large = await once('200 MiB result (big/200MB.zip)', { taskMs: 500, resultPath: 'big/200MB.zip' }, big);
		const tiny2 = await once('tiny result again', { taskMs: 500 }, undefined);
		const baseKb = Math.max(tiny.hwmKb, tiny2.hwmKb);
		return { growthMB: (large.hwmKb - baseKb) / 1024, tinyKb: [tiny.hwmKb, tiny2.hwmKb], largeKb: large.hwmKb };
	} finally {
		inst.cleanup();
	}
}

// ---------------------------------------------------------------------------------------------

async function main() {
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
		checkItems(await run(sb.base, { resource: TASK_ROUTE.resource, operation: TASK_ROUTE.operation, options: { pollInterval: 0.2 } }, 2), 2, 'warm-up');
		await sb.reset();

		// 1 + 2 -----------------------------------------------------------------------------------
		const scenarios = [
			{ count: 20, durationMs: 5000, intervalS: 5, baseline: true, note: 'node default poll interval' },
			{ count: 20, durationMs: 5000, intervalS: 2, baseline: false, note: 'interval not dividing the duration' },
			{ count: 20, durationMs: 5000, intervalS: 1, baseline: false, note: 'short interval' },
		];
		if (process.env.BENCH_SKIP_TASKS === '1') scenarios.length = 0;
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
		figures.speedup20 = round(speedup);
		figures.pollsOverMinimum = Number.isFinite(pollsOver) ? pollsOver : null;
		figures.lagIntervals = round(lag);

		// 4 ---------------------------------------------------------------------------------------
		log(`\n## 4. Small file route (${FILE_ROUTE.resource}/${FILE_ROUTE.operation}), 200 items`);
		if (process.env.BENCH_SKIP_FILES === '1') {
			log('skipped (BENCH_SKIP_FILES=1)');
			figures.overheadRatio = null;
		} else {
			const N = 200;
			const C = 5;
			const ROUNDS = 7;
			const variants = {
				bareKeepAlive: () => bareGets(sb, N, C, { keepAlive: true }),
				bareNewConnection: () => bareGets(sb, N, C, { keepAlive: false }),
				n8nHelper: () => helperGets(sb, N, C),
				node: () => nodeFiles(run, sb, N, 'default'),
				nodeFilesystem: () => nodeFiles(run, sb, N, 'filesystem'),
			};
			const rounds = [];
			for (let k = 0; k < ROUNDS + 2; k++) {
				const r = {};
				for (const [name, fn] of Object.entries(variants)) r[name] = (await fn()).ms / N;
				// The first two rounds warm up the JIT of this process and of the sandbox; they are not counted.
				if (k >= 2) rounds.push(r);
				log(`  round ${k + 1}${k < 2 ? ' (warm-up)' : ''}: ${Object.entries(r).map(([n, v]) => `${n} ${v.toFixed(3)}`).join(', ')} ms/item`);
			}
			const med = {};
			for (const name of Object.keys(variants)) med[name] = median(rounds.map((r) => r[name]));
			const file = await request(`${sb.base}${FILE_ROUTE.path}`, { headers: { Authorization: TOKEN } });
			log(
				`file: ${file.size} bytes, ${N} items, ${C} requests in flight on every side (the node's default concurrency). ` +
					'bareKeepAlive: node:http with a keep-alive agent (Node 20\'s default), body read into memory; bareNewConnection: node:http, agent:false ' +
					"(a new TCP connection per request, as n8n-core's helper makes); n8nHelper: n8n-core's httpRequest helper alone, body read; " +
					'node: the SelSup node through n8n-core (n8n\'s default binary mode); nodeFilesystem: the same in filesystem binary mode',
			);
			log(`median of ${ROUNDS} rounds (ms/item): ${Object.entries(med).map(([n, v]) => `${n} ${v.toFixed(3)}`).join(', ')}`);
			log(
				`ratios: node/bareKeepAlive ${(med.node / med.bareKeepAlive).toFixed(2)} (headline), node/bareNewConnection ${(med.node / med.bareNewConnection).toFixed(2)}, ` +
					`node/n8nHelper ${(med.node / med.n8nHelper).toFixed(2)} (what the node adds over n8n's own helper), n8nHelper/bareKeepAlive ${(med.n8nHelper / med.bareKeepAlive).toFixed(2)}, ` +
					`nodeFilesystem/bareKeepAlive ${(med.nodeFilesystem / med.bareKeepAlive).toFixed(2)}`,
			);
			figures.overheadRatio = round(med.node / med.bareKeepAlive);
		}

		// 3 ---------------------------------------------------------------------------------------
		log(`\n## 3. Real n8n ${N8N_VERSION} (n8n execute, N8N_DEFAULT_BINARY_DATA_MODE=filesystem), task result of 200 MiB`);
		if (process.env.BENCH_SKIP_N8N === '1') {
			log('skipped (BENCH_SKIP_N8N=1)');
			figures.rssGrowthMB200 = null;
		} else {
			const r = await realN8n(sb);
			log(`peak RSS (VmHWM) tiny runs ${r.tinyKb.map((k) => (k / 1024).toFixed(1)).join(' / ')} MB, 200 MiB run ${(r.largeKb / 1024).toFixed(1)} MB → growth ${r.growthMB.toFixed(1)} MB (against the larger tiny run)`);
			figures.rssGrowthMB200 = round(r.growthMB, 1);
		}
	} finally {
		child.disconnect();
	}

	log('\ntargets: speedup20 ≥ 10, pollsOverMinimum ≤ 2, lagIntervals ≤ 1, rssGrowthMB200 ≤ 64, overheadRatio ≤ 1.3');
	const out = {
		speedup20: figures.speedup20,
		pollsOverMinimum: figures.pollsOverMinimum,
		lagIntervals: figures.lagIntervals,
		rssGrowthMB200: figures.rssGrowthMB200,
		overheadRatio: figures.overheadRatio,
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
