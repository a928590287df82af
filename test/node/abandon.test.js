/**
 * Issue 24, against the local sandbox (real HTTP): a run that ends early (the first failure without
 * Continue On Fail, or Stop) cancels the SelSup tasks it started and had not yet seen end, one cancelTask
 * each, side by side; a cancel that fails is logged and never hides the error; Continue On Fail cancels
 * nothing; a task the run only waits for (Task → Wait) is never cancelled.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';

import { startSandbox } from '../../sandbox';
import { run, setupNock, TOKEN } from './support';

setupNock();

const TASK = '/api/export/stocksFile';
const FIND = '/api/task/findTask';
const CANCEL = '/api/task/cancelTask';

let sb;
beforeAll(async () => {
	sb = await startSandbox({ token: TOKEN, taskDurationMs: 12_000 });
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());
afterEach(() => jest.restoreAllMocks());

const items = (n) => Array.from({ length: n }, (_, i) => ({ json: { i } }));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const parameters = { resource: 'stock', operation: 'stocksFile', options: { pollInterval: 1 } };

function cancelsById() {
	const counts = {};
	for (const r of sb.requests.filter((q) => q.path === CANCEL)) counts[r.query.taskId[0]] = (counts[r.query.taskId[0]] ?? 0) + 1;
	return counts;
}

/** Every task of the sandbox as findTask answers now, by id. */
async function tasksNow() {
	const res = await fetch(`${sb.url}/__sandbox/tasks`);
	const body = /** @type {any} */ (await res.json());
	return Object.fromEntries((body.tasks ?? body).map((t) => [String(t.id), t.status]));
}

describe('an early end cancels what the run started', () => {
	it('fail-fast, 8 exports of 12 s, the third ERROR after 1 s: the other 7 are cancelled once each, the error is the failure', async () => {
		// Task ids 1000-1007 in order of arrival; the third start (1002) fails after 1 s.
		sb.setFault(TASK, { skip: 2, times: 1, taskStatus: 'ERROR', taskMs: 1000, taskMessage: 'Склад удалён' });
		const result = await run(parameters, { baseUrl: sb.url, input: items(8) });
		const ended = Date.now();

		expect(result.error?.message).toBe('SelSup task 1002 ended with status Error: Склад удалён');
		const ids = ['1000', '1001', '1002', '1003', '1004', '1005', '1006', '1007'];
		const unfinished = ids.filter((id) => id !== '1002');
		expect(cancelsById()).toEqual(Object.fromEntries(unfinished.map((id) => [id, 1])));
		// SelSup holds them as STOPPED; the failed one keeps its own end.
		const now = await tasksNow();
		expect(unfinished.map((id) => now[id])).toEqual(unfinished.map(() => 'STOPPED'));
		expect(now['1002']).toBe('ERROR');
		// The cancels go out side by side, right after the status check that saw ERROR, and the node ends
		// within a second of it.
		const sawError = sb.requests.filter((r) => r.path === FIND && r.query.id?.[0] === '1002').pop();
		const cancels = sb.requests.filter((r) => r.path === CANCEL);
		expect(Math.max(...cancels.map((c) => c.time)) - Math.min(...cancels.map((c) => c.time))).toBeLessThan(300);
		expect(ended - sawError.time).toBeLessThan(1000);
		expect(result.error.description).toMatch(/SelSup tasks 1000, 1001, 1003, 1004, 1005, 1006, 1007, started by this run and still running, were cancelled\./);
		// Nothing but the cancels after the failure, and nothing at all once the node has ended. The node sees
		// the failure when the answer has reached it and been read: on a busy machine (CI beside an n8n) that
		// took over 50 ms after the sandbox logged the request, and another item's check, due then, went out.
		expect(sb.requests.filter((r) => r.time > sawError.time + (sawError.durationMs ?? 0) + 250 && r.path !== CANCEL)).toEqual([]);
		const sent = sb.requests.length;
		await sleep(1500);
		expect(sb.requests.length).toBe(sent);
	});

	it('Stop with 8 running tasks, one of them finished: the 7 unfinished are cancelled once each', async () => {
		// The first start (1000) is a 300 ms task: finished and downloaded before the Stop.
		sb.setFault(TASK, { times: 1, taskMs: 300 });
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 2500);
		const result = await run(parameters, { baseUrl: sb.url, input: items(8), abortSignal: controller.signal });

		expect(result.error?.message).toMatch(/The execution was cancelled/);
		const unfinished = ['1001', '1002', '1003', '1004', '1005', '1006', '1007'];
		expect(cancelsById()).toEqual(Object.fromEntries(unfinished.map((id) => [id, 1])));
		const now = await tasksNow();
		expect(now['1000']).toBe('FINISHED');
		expect(unfinished.map((id) => now[id])).toEqual(unfinished.map(() => 'STOPPED'));
	});

	it('a cancel that fails is logged with the task id and the reason; the error that ended the run stays', async () => {
		const warn = jest.spyOn(Container.get(Logger), 'warn');
		sb.setFault(TASK, { skip: 1, times: 1, taskStatus: 'ERROR', taskMs: 1000, taskMessage: 'Склад удалён' });
		// The first cancel that arrives is refused (400: not repeated), the other goes through.
		sb.setFault(CANCEL, { times: 1, status: 400, body: { error: 'TASK_LOCKED', localMessage: 'Задача заблокирована' } });
		const result = await run(parameters, { baseUrl: sb.url, input: items(3) });

		expect(result.error?.message).toBe('SelSup task 1001 ended with status Error: Склад удалён');
		const cancels = sb.requests.filter((r) => r.path === CANCEL);
		expect(cancels.map((c) => c.query.taskId[0]).sort()).toEqual(['1000', '1002']);
		const refused = cancels.find((c) => c.status === 400).query.taskId[0];
		const logged = warn.mock.calls.filter(([message]) => /could not be cancelled/.test(message));
		expect(logged).toHaveLength(1);
		expect(logged[0][0]).toContain(`SelSup task ${refused}`);
		expect(logged[0][0]).toMatch(/400|TASK_LOCKED|Задача заблокирована/);
		expect(logged[0][1]).toMatchObject({ taskId: Number(refused) });
		expect(JSON.stringify(warn.mock.calls)).not.toContain(TOKEN);
		expect(result.error.description).toMatch(new RegExp(`Could not cancel SelSup task ${refused} \\(see the n8n log\\)`));
	});

	it('a cancel that gets no answer is given up after the 2 s bound', async () => {
		const warn = jest.spyOn(Container.get(Logger), 'warn');
		sb.setFault(TASK, { skip: 1, times: 1, taskStatus: 'ERROR', taskMs: 500 });
		sb.setFault(CANCEL, { delayMs: 10_000 });
		const result = await run(parameters, { baseUrl: sb.url, input: items(2) });
		const ended = Date.now();
		expect(result.error?.message).toMatch(/^SelSup task 1001 ended with status Error/);
		const sawError = sb.requests.filter((r) => r.path === FIND && r.query.id?.[0] === '1001').pop();
		expect(ended - sawError.time).toBeGreaterThanOrEqual(1900);
		expect(ended - sawError.time).toBeLessThan(3000);
		expect(warn.mock.calls.find(([m]) => /SelSup task 1000, abandoned by the run, could not be cancelled: no answer within 2 s/.test(m))).toBeDefined();
	});
});

describe('nothing is cancelled', () => {
	it('with Continue On Fail: every item runs to its end, no cancelTask', async () => {
		const short = await startSandbox({ token: TOKEN, taskDurationMs: 1500 });
		try {
			short.setFault(TASK, { skip: 1, times: 1, taskStatus: 'ERROR', taskMs: 500, taskMessage: 'Склад удалён' });
			const result = await run(parameters, { baseUrl: short.url, input: items(3), continueOnFail: true });
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.error ?? 'file')).toEqual(['file', 'SelSup task 1001 ended with status Error: Склад удалён', 'file']);
			expect(short.requests.filter((r) => r.path === TASK)).toHaveLength(3);
			expect(short.requests.filter((r) => r.path === CANCEL)).toEqual([]);
		} finally {
			await short.close();
		}
	});

	it('Task → Wait on a task from elsewhere, failing fast and stopped: that task is never cancelled', async () => {
		const foreign = sb.createTask({ type: 'WILDBERRIES_CARD_UPDATE', stuck: true });
		// Item 1 waits for a task SelSup does not know: the node fails fast while item 0 waits.
		const failing = await run(
			{ resource: 'task', operation: 'wait', taskId: '={{ $json.id }}', options: { pollInterval: 1 } },
			{ baseUrl: sb.url, input: [{ json: { id: foreign.id } }, { json: { id: 999_999 } }] },
		);
		expect(failing.error?.message).toMatch(/SelSup has no task 999999/);

		const controller = new AbortController();
		setTimeout(() => controller.abort(), 1500);
		const stopped = await run(
			{ resource: 'task', operation: 'wait', taskId: String(foreign.id), options: { pollInterval: 1 } },
			{ baseUrl: sb.url, abortSignal: controller.signal },
		);
		expect(stopped.error?.message).toMatch(/The execution was cancelled/);
		expect(sb.requests.filter((r) => r.path === FIND && r.query.id?.[0] === String(foreign.id)).length).toBeGreaterThan(1);
		expect(sb.requests.filter((r) => r.path === CANCEL)).toEqual([]);
		expect(['CREATED', 'RUNNING']).toContain((await tasksNow())[String(foreign.id)]);
	});
});
