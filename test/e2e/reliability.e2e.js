'use strict';
/**
 * Issue 19 in a real n8n (SELSUP_E2E_VERSION): one early failure among long tasks fails the node within
 * a second of it (runData executionTime) and cancels the other tasks in SelSup (issue 24), and a status-check outage longer than a request's own retries
 * ends in the file, the task started once. Prints one JSON line of figures per scenario (`figures:`).
 */
const { describe, it, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');

const { N8nInstance } = require('../../scripts/n8n/instance');
const { startSandbox } = require('../../sandbox');
const wf = require('./workflows');

const VERSION = process.env.SELSUP_E2E_VERSION || '1.123.81';
const KEEP = process.env.SELSUP_E2E_KEEP === '1';
const TOKEN = 'sandbox-token';
const CRED = { id: 'selsupE2eCredRel1', name: 'SelSup sandbox (reliability)' };
const TEST_TIMEOUT = 5 * 60 * 1000;
const TASK = '/api/export/stocksFile';
const FIND = '/api/task/findTask';
const CANCEL = '/api/task/cancelTask';

/** Manual trigger → `count` items (Edit Fields JSON → Split Out) → stock/stocksFile per item. */
function manyExports(id, count, options) {
	const w = wf.twoOrders(CRED, Array.from({ length: count }, (_, i) => i + 1));
	w.id = id;
	w.name = `e2e ${id}`;
	w.versionId = `${id}-v1`.padEnd(36, '0').slice(0, 36);
	const selsup = w.nodes.find((n) => n.name === 'SelSup');
	selsup.parameters = { resource: 'stock', operation: 'stocksFile', options };
	return w;
}

function explain(r) {
	const err = r.error ? JSON.stringify(r.error).slice(0, 1500) : '';
	return `exit ${r.code}\n${err}\n--- stderr (tail)\n${String(r.stderr).slice(-2000)}`;
}

describe(`n8n ${VERSION}: reliability`, () => {
	let sb;
	let n8n;

	before(async () => {
		sb = await startSandbox({ port: 0, token: TOKEN, taskDurationMs: 12_000 });
		n8n = await N8nInstance.create({ version: VERSION });
		await n8n.importCredentials([{ ...CRED, type: 'selSupApi', data: { apiToken: TOKEN, baseUrl: sb.url } }]);
	});

	after(async () => {
		if (sb) await sb.close();
		if (n8n && !KEEP) n8n.cleanup();
	});

	beforeEach(() => sb.reset());

	it('8 exports of 12 s, one ERROR after 1 s: the node fails within a second of it, the other 7 cancelled in SelSup', { timeout: TEST_TIMEOUT }, async () => {
		// The third task start gets the failing task.
		sb.setFault(TASK, { skip: 2, times: 1, taskStatus: 'ERROR', taskMs: 1000, taskMessage: 'Склад удалён' });
		const w = manyExports('selsupE2eFast001', 8, { pollInterval: 1, concurrency: 8 });
		await n8n.importWorkflow(w);
		const r = await n8n.execute(w.id);
		assert.equal(r.ok, false, explain(r));
		// Seen once on 2.41.1 under load: the CLI printed no execution record to read runData from.
		assert.ok(r.runData && r.runData.SelSup, `no runData in the CLI output\n${explain(r)}\n${String(r.stdout).slice(-1500)}`);
		// n8n 2.x prints the failed execution without resultData.error: the node's run carries it.
		const run = r.runData.SelSup[0];
		const said = JSON.stringify(r.error || run.error || '') + r.stdout + r.stderr;
		assert.match(said, /ended with status Error: Склад удалён/);

		const starts = sb.requests.filter((q) => q.path === TASK);
		assert.equal(starts.length, 8, 'every export was started before the failure');
		const failing = starts.filter((q) => q.status === 200).sort((a, b) => a.time - b.time)[2];
		const failedAt = failing.time + 1000;
		const nodeEnd = run.startTime + run.executionTime;
		const afterFailureMs = nodeEnd - failedAt;
		const lateRequests = sb.requests.filter((q) => q.time > nodeEnd + 50).length;

		// Issue 24: each of the 7 tasks still running is cancelled in SelSup, once; the failed one is not.
		const status = Object.fromEntries(/** @type {any[]} */ (await (await fetch(`${sb.url}/__sandbox/tasks`)).json()).map((t) => [String(t.id), t.status]));
		const failedId = Object.keys(status).find((id) => status[id] === 'ERROR');
		const others = Object.keys(status).filter((id) => id !== failedId);
		const cancels = sb.requests.filter((q) => q.path === CANCEL);
		assert.deepEqual(cancels.map((q) => q.query.taskId[0]).sort(), others.sort(), 'one cancelTask per task still running');
		assert.ok(cancels.every((q) => q.status === 200), 'the cancels were answered');
		assert.deepEqual(others.map((id) => status[id]), others.map(() => 'STOPPED'), 'SelSup holds them as STOPPED');
		const sawError = sb.requests.filter((q) => q.path === FIND && q.query.id?.[0] === failedId).sort((a, b) => a.time - b.time).pop();
		// What the cancels add: from the first cancel sent to the last one answered.
		const cancelsMs = Math.max(...cancels.map((q) => q.time + (q.durationMs ?? 0))) - Math.min(...cancels.map((q) => q.time));
		const sawErrorToEndMs = nodeEnd - sawError.time;
		console.log(
			`figures: ${JSON.stringify({ version: VERSION, scenario: 'early-failure', executionTimeMs: run.executionTime, afterFailureMs, sawErrorToEndMs, cancels: cancels.length, cancelsMs, lateRequests, tasksMs: 12000 })}`,
		);
		// The failure is seen at the next status check (at most 1 s, the poll interval, after it), and the
		// cancels take well under their 2 s bound.
		assert.ok(afterFailureMs < 1500, `node ended ${afterFailureMs} ms after the failure`);
		assert.ok(sawErrorToEndMs < 1000, `node ended ${sawErrorToEndMs} ms after the status check that saw ERROR`);
		assert.ok(run.executionTime < 4000, `executionTime ${run.executionTime} ms, the other tasks take 12 s`);
		assert.equal(lateRequests, 0, 'no request after the node ended');
	});

	it('a 24 s export with findTask answering 503 for 14 s: the file arrives, the task started once', { timeout: TEST_TIMEOUT }, async () => {
		sb.setFault(TASK, { taskMs: 24_000 });
		let outageFrom = 0;
		// The outage begins once the first status check has been answered.
		const timer = setInterval(() => {
			if (!outageFrom && sb.requests.some((q) => q.path === FIND && q.status === 200)) {
				outageFrom = Date.now();
				sb.setFault(FIND, { status: 503, forMs: 14_000 });
			}
		}, 20);
		const w = manyExports('selsupE2eOutage1', 1, {});
		await n8n.importWorkflow(w);
		let r;
		try {
			r = await n8n.execute(w.id);
		} finally {
			clearInterval(timer);
		}
		assert.ok(r.ok, explain(r));
		const [item] = N8nInstance.items(r.runData, 'SelSup');
		assert.ok(item.binary && item.binary.data, 'the file was delivered');
		const download = sb.requests.find((q) => q.path === '/files/file' && q.status === 200);
		assert.ok(n8n.readBinary(item.binary.data).equals(sb.expectedFile('/files/file', { path: download.query.path[0] }).buffer), 'bytes as served');
		const starts = sb.requests.filter((q) => q.path === TASK).length;
		const failedChecks = sb.requests.filter((q) => q.path === FIND && q.status === 503).length;
		const checks = sb.requests.filter((q) => q.path === FIND).length;
		console.log(`figures: ${JSON.stringify({ version: VERSION, scenario: 'status-outage', executionTimeMs: r.runData.SelSup[0].executionTime, outageMs: 14000, taskMs: 24000, taskStarts: starts, statusRequests: checks, answered503: failedChecks })}`);
		assert.equal(starts, 1, 'the task was started once');
		assert.ok(failedChecks > 4, `the outage outlasted one check's 4 attempts (${failedChecks} answered 503)`);
	});
});
