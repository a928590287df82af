#!/usr/bin/env node
'use strict';
/**
 * Queue-mode suite (npm run test:queue): the SelSup node in n8n 2.41.1 in queue mode — one main
 * process (webhooks) and 2 workers (`n8n worker --concurrency=5`), Redis for the queue, PostgreSQL
 * for the data — under 200 webhook calls at 10 concurrent, once per binary data mode (`database`,
 * then `filesystem` with a storage folder that main and the workers share). The sandbox faults a share
 * of the calls (429 with Retry-After, 503, connection resets while polling). Every answer is checked
 * against what the sandbox served: file name, MIME, sha256; every task must have been started once.
 * Then a worker is killed (SIGKILL) while tasks are being waited for, and what n8n does is recorded;
 * and an execution waiting on a worker is stopped through main, which must stop the worker's polling.
 *
 *   SELSUP_QUEUE_CALLS=200          calls per binary mode
 *   SELSUP_QUEUE_MODES=database,filesystem
 *   SELSUP_QUEUE_KEEP=1             keep the n8n user folders and logs
 *
 * Redis and PostgreSQL come from Debian packages (apt-get install when missing), on free loopback
 * ports in a temp folder, stopped at the end even on failure. The last line is one JSON object.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const crypto = require('crypto');
const { spawn } = require('child_process');
const { N8nInstance, ensureBuilt, install, isInstalled, httpRequest } = require('../../scripts/n8n/instance');
const { startSandbox } = require('../../sandbox');
const { Services, freePort } = require('./services');
const { queueWorkflows } = require('./workflows');

const VERSION = '2.41.1';
const CALLS = Number(process.env.SELSUP_QUEUE_CALLS || 200);
const CONCURRENCY = 10;
const WORKERS = 2;
const WORKER_CONCURRENCY = 5;
const MODES = (process.env.SELSUP_QUEUE_MODES || 'database,filesystem').split(',');
const KEEP = process.env.SELSUP_QUEUE_KEEP === '1';
const TOKEN = 'queue-suite-token';
const CREDENTIAL = { id: 'selsupQueueCred1', name: 'SelSup queue suite' };
const CHAOS_SHARE = 0.15;
// A worker's lease on a job: n8n's defaults (60 s lease, renewed every 10 s, stalled check every 30 s)
// shortened so the killed-worker run ends within a minute. n8n runs Bull with maxStalledCount 0.
const LOCK = { QUEUE_WORKER_LOCK_DURATION: '15000', QUEUE_WORKER_LOCK_RENEW_TIME: '3000', QUEUE_WORKER_STALLED_INTERVAL: '5000' };

const MIME_BY_EXT = {
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	xml: 'application/xml',
	zip: 'application/zip',
	pdf: 'application/pdf',
};

const log = (...a) => console.log('[queue]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function percentile(values, p) {
	if (!values.length) return null;
	const s = [...values].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** GET a webhook; never throws: { status, headers, body, ms, error }. */
function callWebhook(agent, url, timeoutMs = 180000) {
	const started = Date.now();
	return new Promise((resolve) => {
		const req = http.get(url, { agent, timeout: timeoutMs }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), ms: Date.now() - started }));
			res.on('error', (e) => resolve({ status: null, error: e.message, ms: Date.now() - started }));
		});
		req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		req.on('error', (e) => resolve({ status: null, error: e.message, ms: Date.now() - started }));
	});
}

async function pool(items, concurrency, fn) {
	const results = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < items.length) {
				const i = next++;
				results[i] = await fn(items[i], i);
			}
		}),
	);
	return results;
}

// Every n8n process started, so an interrupted run can still kill them on its way out.
const started = new Set();

/** One n8n process of the cluster (main or worker) with its own user folder and log file. */
class ClusterProcess {
	constructor(role, inst, logDir) {
		this.role = role;
		this.inst = inst;
		this.logFile = path.join(logDir, `${role}.log`);
		this.child = null;
	}

	async startWorker(env) {
		const port = await freePort();
		const out = fs.openSync(this.logFile, 'a');
		this.child = spawn(this.inst.paths.node, [this.inst.paths.n8nBin, 'worker', `--concurrency=${WORKER_CONCURRENCY}`], {
			cwd: this.inst.userFolder,
			env: this.inst.env({
				...env,
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(port),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				// Every n8n 2.x process opens a task broker (5679 by default): one port each.
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			}),
			stdio: ['ignore', out, out],
		});
		fs.closeSync(out);
		started.add(this.child);
		const deadline = Date.now() + 180000;
		while (Date.now() < deadline) {
			if (this.child.exitCode !== null) throw new Error(`${this.role} exited early; see ${this.logFile}:\n${tail(this.logFile)}`);
			try {
				const r = await httpRequest(`http://127.0.0.1:${port}/healthz/readiness`);
				if (r.status === 200) return;
			} catch {
				/* not up yet */
			}
			await sleep(1000);
		}
		throw new Error(`${this.role} not ready within 180 s; see ${this.logFile}`);
	}

	async startMain(env) {
		const port = await freePort();
		const stream = fs.createWriteStream(this.logFile, { flags: 'a' });
		const { url, process: child } = await this.inst.start({ port, env: { ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) }, log: stream });
		this.child = child;
		started.add(child);
		this.url = url;
		return url;
	}

	kill(signal = 'SIGKILL') {
		if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
	}

	async stop() {
		const child = this.child;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		await new Promise((resolve) => {
			const t = setTimeout(() => child.kill('SIGKILL'), 20000);
			child.once('exit', () => {
				clearTimeout(t);
				resolve();
			});
			child.kill('SIGTERM');
		});
	}
}

/** The `message` of a JSON error answer (n8n adds its stack trace; not worth printing). */
function messageOf(body) {
	const text = body ? body.toString('utf8') : '';
	try {
		return JSON.parse(text).message ?? text.slice(0, 200);
	} catch {
		return text.slice(0, 200);
	}
}

function tail(file, n = 30) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
	} catch {
		return '';
	}
}

/** Which call (route, id) each request belongs to, and what it should have answered. */
function expectedFor(sb, route, id) {
	if (route.kind === 'file') {
		const served = sb.served({ path: route.path }).filter((s) => s.query[route.param]?.[0] === String(id));
		const file = sb.expectedFile(route.path, { [route.param]: id });
		return { served, fileName: file.fileName, taskIds: [] };
	}
	const started = [...sb.tasks.tasks.values()].filter((t) => t.route === route.path && [].concat(t.query[route.param] ?? [])[0] === String(id));
	const taskIds = started.map((t) => t.id);
	const resultPaths = started.map((t) => `tasks/${t.id}/${t.result.file}.xlsx`);
	const served = sb.served({ path: '/files/file' }).filter((s) => resultPaths.includes(s.query.path?.[0]));
	let fileName = null;
	if (resultPaths[0]) {
		try {
			fileName = sb.expectedFile('/files/file', { path: resultPaths[0] }).fileName;
		} catch {
			/* the task never finished */
		}
	}
	return { served, fileName, taskIds };
}

function checkAnswer(sb, call, answer) {
	const problems = [];
	if (answer.status !== 200) {
		problems.push(`HTTP ${answer.status ?? answer.error}: ${answer.body ? answer.body.toString('utf8').slice(0, 200) : ''}`);
		return problems;
	}
	const exp = expectedFor(sb, call.route, call.id);
	const sha = crypto.createHash('sha256').update(answer.body).digest('hex');
	if (!exp.served.length) problems.push('the sandbox served no file for this call');
	else if (!exp.served.some((s) => s.sha256 === sha)) problems.push(`sha256 ${sha.slice(0, 12)} ≠ served ${exp.served[0].sha256.slice(0, 12)}`);
	const name = decodeURIComponent(String(answer.headers['x-file-name'] ?? ''));
	if (exp.fileName && name !== exp.fileName) problems.push(`file name ${JSON.stringify(name)} ≠ ${JSON.stringify(exp.fileName)}`);
	const ext = (exp.fileName ?? name).split('.').pop().toLowerCase();
	const mime = String(answer.headers['content-type'] ?? '').split(';')[0];
	if (MIME_BY_EXT[ext] && mime !== MIME_BY_EXT[ext]) problems.push(`MIME ${mime} ≠ ${MIME_BY_EXT[ext]}`);
	if (call.route.kind === 'task' && exp.taskIds.length !== 1) problems.push(`${exp.taskIds.length} tasks started`);
	return problems;
}

async function executionStatuses(services) {
	const r = services.psql('SELECT status, count(*) FROM execution_entity GROUP BY status ORDER BY status');
	const out = {};
	for (const line of r.stdout.trim().split('\n').filter(Boolean)) {
		const [status, n] = line.split('|');
		out[status] = Number(n);
	}
	return out;
}

async function runMode(mode, { services, sb, workDir }) {
	log(`--- binary data mode ${mode} ---`);
	const t0 = Date.now();
	services.recreateDatabase();
	services.flushRedis();
	sb.reset();
	const modeDir = path.join(workDir, mode);
	fs.mkdirSync(modeDir, { recursive: true });
	const sharedStorage = path.join(modeDir, 'shared-storage');
	fs.mkdirSync(sharedStorage);
	const env = {
		...services.n8nEnv(),
		EXECUTIONS_MODE: 'queue',
		N8N_DEFAULT_BINARY_DATA_MODE: mode,
		...(mode === 'filesystem' ? { N8N_BINARY_DATA_STORAGE_PATH: sharedStorage } : {}),
		N8N_LOG_LEVEL: 'info',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		...LOCK,
	};
	// Each process has its own user folder with the package linked into it, as separate machines would.
	const mk = async (role) => new ClusterProcess(role, await N8nInstance.create({ version: VERSION, userFolder: path.join(modeDir, role), env }), modeDir);
	for (const role of ['main', 'worker1', 'worker2']) fs.mkdirSync(path.join(modeDir, role));
	const main = await mk('main');
	const workers = [await mk('worker1'), await mk('worker2')];
	const timings = {};
	try {
		let t = Date.now();
		await main.inst.importCredentials([{ ...CREDENTIAL, type: 'selSupApi', data: { apiToken: TOKEN, baseUrl: sb.url } }]);
		const flows = queueWorkflows(CREDENTIAL);
		await main.inst.importWorkflow(flows.map((f) => f.workflow));
		for (const f of flows) await main.inst.runChecked(['publish:workflow', `--id=${f.workflow.id}`], 'publish:workflow');
		timings.importSeconds = (Date.now() - t) / 1000;
		t = Date.now();
		const url = await main.startMain({});
		await Promise.all(workers.map((w) => w.startWorker({})));
		timings.startSeconds = (Date.now() - t) / 1000;
		log(`main ${url} and ${WORKERS} workers up in ${timings.startSeconds} s (imports ${timings.importSeconds} s)`);

		// Warm-up: one call per route, without faults, so the first load call does not pay for loading.
		const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
		for (const [i, f] of flows.entries()) {
			const a = await callWebhook(agent, `${url}/webhook/${f.webhookPath}?${f.route.param}=${900000 + i}`);
			if (a.status !== 200) throw new Error(`warm-up call to ${f.webhookPath} answered ${a.status ?? a.error}: ${a.body?.toString().slice(0, 300)}\n${tail(main.logFile)}`);
		}
		sb.reset();
		sb.load.configure({ chaos: { seed: `queue-${mode}`, share: CHAOS_SHARE, retryAfterSec: 1 } });

		const calls = Array.from({ length: CALLS }, (_, i) => {
			const f = flows[i % flows.length];
			return { index: i, route: f.route, id: 1000 + i, url: `${url}/webhook/${f.webhookPath}?${f.route.param}=${1000 + i}` };
		});
		t = Date.now();
		const answers = await pool(calls, CONCURRENCY, (c) => callWebhook(agent, c.url));
		const loadSeconds = (Date.now() - t) / 1000;
		sb.load.configure({ chaos: null });
		const summary = sb.load.summary();
		const results = calls.map((c, i) => ({ call: c, answer: answers[i], problems: checkAnswer(sb, c, answers[i]) }));
		const answered = answers.filter((a) => a.status === 200).length;
		const correct = results.filter((r) => !r.problems.length).length;
		for (const r of results.filter((x) => x.problems.length).slice(0, 10)) log(`call ${r.call.index} ${r.call.route.key} ${r.call.id}: ${r.problems.join('; ')}`);
		/** @type {Record<string, any>} */
		const figures = {
			calls: CALLS,
			answered,
			correct,
			duplicateTasks: summary.duplicates.length,
			tasksStarted: summary.tasksStarted,
			faultsInjected: summary.injected.total,
			faultsByKind: { 429: summary.injected['429'], 503: summary.injected['503'], reset: summary.injected.reset },
			rps: Number((CALLS / loadSeconds).toFixed(2)),
			p50ms: percentile(answers.map((a) => a.ms), 50),
			p95ms: percentile(answers.map((a) => a.ms), 95),
			loadSeconds,
			executions: await executionStatuses(services),
			...timings,
		};
		if (mode === 'filesystem') {
			figures.sharedStorageFiles = countFiles(sharedStorage);
			figures.mainOwnStorageFiles = countFiles(path.join(modeDir, 'main', '.n8n', 'storage'));
		}
		log(`${mode}: ${answered}/${CALLS} answered, ${correct} correct, ${figures.duplicateTasks} duplicate tasks, ${figures.faultsInjected} faults, ${figures.rps} calls/s, p95 ${figures.p95ms} ms`);

		if (mode === MODES[0]) figures.workerKilled = await killedWorker({ sb, services, url, agent, flows, workers });
		if (mode === MODES[MODES.length - 1]) figures.stopped = await stoppedExecution({ sb, services, url, agent, flows });
		agent.destroy();
		figures.modeSeconds = (Date.now() - t0) / 1000;
		return figures;
	} finally {
		await Promise.all([main.stop(), ...workers.map((w) => w.stop())]);
	}
}

function countFiles(dir) {
	let n = 0;
	const walk = (d) => {
		let entries = [];
		try {
			entries = fs.readdirSync(d, { withFileTypes: true });
		} catch {
			return;
		}
		for (const e of entries) {
			if (e.isDirectory()) walk(path.join(d, e.name));
			else if (!e.name.endsWith('.metadata')) n++;
		}
	};
	walk(dir);
	return n;
}

/**
 * Cancellation from main reaches the worker: a task call whose SelSup task would take a minute is
 * stopped through main's REST API (as the editor's Stop button does) while the worker waits for it.
 * Records how soon the webhook caller got its answer, the execution's status, and whether the worker
 * kept polling SelSup after the stop.
 */
async function stoppedExecution({ sb, services, url, agent, flows }) {
	const f = flows.find((x) => x.route.kind === 'task');
	sb.reset();
	sb.setFault(f.route.path, { taskMs: 60000 });
	const browserId = 'selsup-queue-suite';
	const owner = { email: 'queue@example.com', firstName: 'Queue', lastName: 'Suite', password: 'Queue-suite-1' };
	const setup = await httpRequest(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify(owner),
	});
	const cookie = String([].concat(setup.headers['set-cookie'] ?? []).find((c) => c.startsWith('n8n-auth=')) ?? '').split(';')[0];
	if (setup.status !== 200 || !cookie) throw new Error(`owner setup answered ${setup.status}: ${setup.body.slice(0, 300)}`);
	const id = 70000;
	const pending = callWebhook(agent, `${url}/webhook/${f.webhookPath}?${f.route.param}=${id}`, 120000);
	const deadline = Date.now() + 60000;
	const polls = () => sb.requests.filter((r) => r.path === '/api/task/findTask').length;
	while ((sb.load.summary().tasksStarted < 1 || polls() < 2) && Date.now() < deadline) await sleep(100);
	const running = services.psql("SELECT id FROM execution_entity WHERE status IN ('running', 'new') ORDER BY id DESC LIMIT 1").stdout.trim();
	if (!running) throw new Error('no running execution to stop');
	const stoppedAt = Date.now();
	const stop = await httpRequest(`${url}/rest/executions/${running}/stop`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie, 'browser-id': browserId },
		body: '{}',
	});
	const answer = await pending;
	const answeredAfterStopMs = Date.now() - stoppedAt;
	await sleep(3000);
	const pollsAfterStop = sb.requests.filter((r) => r.path === '/api/task/findTask' && r.time > stoppedAt + 1000).length;
	sb.setFault(f.route.path, null);
	const status = services.psql(`SELECT status FROM execution_entity WHERE id = ${Number(running)}`).stdout.trim();
	const result = {
		stopStatus: stop.status,
		answer: answer.status ?? answer.error,
		answerMessage: messageOf(answer.body),
		answeredAfterStopMs,
		execution: status,
		pollsAfterStop,
		tasksStarted: sb.load.summary().tasksStarted,
	};
	log(`stopped execution ${running} through main: stop ${stop.status}, webhook ${result.answer} after ${answeredAfterStopMs} ms, execution ${status}, ${pollsAfterStop} polls after the stop`);
	return result;
}

/**
 * 10 task calls (each SelSup task takes 8 s), worker 1 killed with SIGKILL once every task has
 * started. Records what each webhook call got, how long it took, the executions' final status in
 * PostgreSQL, and whether any task was started twice (a re-run of the job would start it again).
 */
async function killedWorker({ sb, services, url, agent, flows, workers }) {
	const taskFlows = flows.filter((f) => f.route.kind === 'task');
	sb.reset();
	const TASK_MS = 8000;
	for (const f of taskFlows) sb.setFault(f.route.path, { taskMs: TASK_MS });
	const before = await executionStatuses(services);
	const calls = Array.from({ length: 10 }, (_, i) => {
		const f = taskFlows[i % taskFlows.length];
		return { route: f.route, id: 50000 + i, url: `${url}/webhook/${f.webhookPath}?${f.route.param}=${50000 + i}` };
	});
	const started = Date.now();
	const pending = calls.map((c) => callWebhook(agent, c.url, 240000));
	const deadline = Date.now() + 60000;
	while (sb.load.summary().tasksStarted < calls.length && Date.now() < deadline) await sleep(100);
	const startedBeforeKill = sb.load.summary().tasksStarted;
	const killedAfterMs = Date.now() - started;
	workers[0].kill('SIGKILL');
	log(`killed worker1 (pid ${workers[0].child.pid}) ${killedAfterMs} ms in, with ${startedBeforeKill} of ${calls.length} tasks started`);
	const answers = await Promise.all(pending);
	for (const f of taskFlows) sb.setFault(f.route.path, null);
	await sleep(2000);
	const after = await executionStatuses(services);
	const delta = {};
	for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0)) delta[k] = v - (before[k] ?? 0);
	const summary = sb.load.summary();
	const outcomes = answers.map((a, i) => ({
		call: `${calls[i].route.key} ${calls[i].id}`,
		status: a.status,
		ms: a.ms,
		correct: a.status === 200 && !checkAnswer(sb, calls[i], a).length,
		body: a.status === 200 ? undefined : (a.body?.toString('utf8') ?? a.error ?? '').slice(0, 300),
	}));
	for (const o of outcomes) log(`  ${o.call}: ${o.status ?? 'no answer'} after ${o.ms} ms${o.body ? ` — ${o.body}` : ''}`);
	const byStatus = {};
	for (const o of outcomes) byStatus[o.status ?? 'none'] = (byStatus[o.status ?? 'none'] ?? 0) + 1;
	return {
		calls: calls.length,
		taskMs: TASK_MS,
		killedAfterMs,
		tasksStartedBeforeKill: startedBeforeKill,
		answered: outcomes.filter((o) => o.status !== null).length,
		answeredOk: outcomes.filter((o) => o.correct).length,
		byStatus,
		slowestAnswerMs: Math.max(...outcomes.map((o) => o.ms)),
		errorBodies: [...new Set(outcomes.filter((o) => o.body).map((o) => o.body))].slice(0, 3),
		executions: delta,
		tasksStarted: summary.tasksStarted,
		duplicateTasks: summary.duplicates.length,
	};
}

async function main() {
	const suiteStarted = Date.now();
	ensureBuilt();
	if (!isInstalled(VERSION)) {
		log(`n8n ${VERSION} is not installed: installing`);
		await install(VERSION);
	}
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'selsup-queue-'));
	const services = new Services({ log });
	let sb;
	const cleanup = () => {
		for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		services.stopSync();
		if (!KEEP) fs.rmSync(workDir, { recursive: true, force: true });
	};
	process.on('exit', cleanup);
	for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
	await services.start();
	log(`redis 127.0.0.1:${services.redis.port}, postgres 127.0.0.1:${services.postgres.port}${services.installSeconds ? ` (installed in ${services.installSeconds} s)` : ''}`);
	sb = await startSandbox({ token: TOKEN, taskDurationMs: 1500 });
	const byMode = {};
	let failure = null;
	try {
		for (const mode of MODES) byMode[mode] = await runMode(mode, { services, sb, workDir });
	} catch (e) {
		failure = e;
		console.error(e.stack || e);
	} finally {
		await sb.close();
	}
	if (KEEP) log(`kept: ${workDir}`);
	const modes = Object.values(byMode);
	const ok =
		!failure &&
		modes.length === MODES.length &&
		modes.every((m) => m.answered === CALLS && m.correct === CALLS && m.duplicateTasks === 0) &&
		modes.every((m) => !m.workerKilled || m.workerKilled.duplicateTasks === 0) &&
		modes.every((m) => !m.stopped || (m.stopped.execution === 'canceled' && m.stopped.pollsAfterStop === 0));
	const killed = modes.find((m) => m.workerKilled)?.workerKilled ?? null;
	const result = {
		calls: CALLS,
		answered: modes.length ? Math.min(...modes.map((m) => m.answered)) : 0,
		correct: modes.length ? Math.min(...modes.map((m) => m.correct)) : 0,
		duplicateTasks: modes.reduce((n, m) => n + m.duplicateTasks, 0),
		workers: WORKERS,
		faultsInjected: modes.reduce((n, m) => n + m.faultsInjected, 0),
		rps: modes.length ? Math.min(...modes.map((m) => m.rps)) : 0,
		p95ms: modes.length ? Math.max(...modes.map((m) => m.p95ms)) : null,
		binaryModes: Object.keys(byMode),
		workerKilled: killed && {
			calls: killed.calls,
			answered: killed.answered,
			answeredOk: killed.answeredOk,
			byStatus: killed.byStatus,
			slowestAnswerMs: killed.slowestAnswerMs,
			executions: killed.executions,
			duplicateTasks: killed.duplicateTasks,
		},
		stopped: modes.find((m) => m.stopped)?.stopped ?? null,
		byMode: Object.fromEntries(Object.entries(byMode).map(([k, m]) => [k, { ...m, workerKilled: undefined, stopped: undefined }])),
		seconds: Math.round((Date.now() - suiteStarted) / 1000),
		passed: ok,
	};
	console.log(JSON.stringify(result));
	process.exitCode = ok ? 0 : 1;
}

main().catch((e) => {
	console.error(e.stack || e);
	process.exitCode = 1;
});
