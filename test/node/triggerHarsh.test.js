import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { SelSupApi } from '../../credentials/SelSupApi.credentials';
import { SelSupTrigger } from '../../nodes/SelSup/SelSupTrigger.node';
import { startSandbox } from '../../sandbox';
import { runPoll } from '../helpers/harness';

// SelSup Trigger under what n8n and a harsh SelSup account do to it (issue 23), through n8n-core's real
// PollContext against the sandbox. Figures written from the issue: a 25 s poll budget, Retry-After 150 s,
// SelSup's clock 5 minutes ahead, three times each state cap (2,000 undated keys).
jest.setTimeout(180_000);
let sb;
beforeAll(async () => {
	sb = await startSandbox({ port: 0, token: 'harsh-token-SECRET-23', taskDurationMs: 60_000 });
});
afterAll(() => sb.close());
beforeEach(() => {
	sb.reset();
	sb.clearFaults();
	sb.setDateFormat('zoned');
	sb.setClockAhead(0);
	sb.load.configure({ latencyMs: 0 });
});
const DAY = 86_400_000;
const NODE = 'node:Node Under Test';
const ids = (r) => (r.data?.[0] ?? []).map((i) => i.json.id);
const listCalls = () => sb.requests.filter((r) => r.path === '/api/task/findTask').length;
const options = (staticData, parameters) => ({
	nodeType: new SelSupTrigger(),
	credentialsType: new SelSupApi(),
	credentials: { apiToken: sb.token, baseUrl: sb.url },
	parameters,
	staticData,
});
/** A trigger kept active: each poll goes on from the static data the last one left. */
class Active {
	constructor(parameters = { event: 'taskFinished' }) {
		this.parameters = parameters;
		this.data = undefined;
	}
	async raw() {
		const result = await runPoll(options(this.data, this.parameters));
		this.data = result.staticData;
		return result;
	}
	async poll() {
		const result = await this.raw();
		if (result.error) throw result.error;
		return result;
	}
}
const logged = (spy) => spy.mock.calls.map((c) => String(c[0]));

describe('a rename, a re-save, a re-activation never replay', () => {
	it('node state under the old name, the activation copy under the id: the renamed node emits nothing of the past, then each new task once', async () => {
		sb.seedHistory({ tasks: 300, overMs: DAY, failedEvery: 7 });
		const wf = new Active();
		await wf.poll(); // activation
		const before = sb.createTask({ stuck: true });
		await wf.poll();
		sb.finishTask(before.id);
		expect(ids(await wf.poll())).toEqual([before.id]);
		// The editor renames the node: n8n keys node state by name, so the state stays under the old name,
		// and the activation-time copy in the global static data stays under the node's id.
		const renamed = structuredClone(wf.data);
		renamed['node:SelSup Trigger'] = renamed[NODE];
		delete renamed[NODE];
		for (const copy of Object.values(renamed.global?.selSupTriggerStart ?? {})) copy.name = 'SelSup Trigger';
		wf.data = renamed;
		const first = await wf.poll();
		expect(first.error).toBeUndefined();
		expect(ids(first)).toEqual([]);
		const after = sb.createTask({ durationMs: 0 });
		expect(ids(await wf.poll())).toEqual([after.id]);
		expect(ids(await wf.poll())).toEqual([]);
	});

	it('the activation copy is used once, by its own node only, and is gone once the node has state of its own', async () => {
		const running = sb.createTask({ stuck: true });
		const activation = await runPoll(options(undefined, { event: 'taskFinished' }));
		expect(Object.keys(activation.staticData.global.selSupTriggerStart)).toEqual(['node-under-test']);
		sb.finishTask(running.id);
		// n8n 2's durable scheduler: the activation's node state is not kept, the global static data is.
		const first = await runPoll(options({ global: activation.staticData.global }, { event: 'taskFinished' }));
		expect(ids(first)).toEqual([running.id]);
		expect(first.staticData.global?.selSupTriggerStart).toBeUndefined();
		// The same poll again from the same global data (its commit refused): the copy is not read twice.
		const again = await runPoll(options({ global: first.staticData.global }, { event: 'taskFinished' }));
		expect(ids(again)).toEqual([]);
		// A copy written under another name (the node renamed since) is never read.
		const other = structuredClone(activation.staticData.global);
		other.selSupTriggerStart['node-under-test'].name = 'Old name';
		expect(ids(await runPoll(options({ global: other }, { event: 'taskFinished' })))).toEqual([]);
	});
});

describe('a time budget per poll', () => {
	it('lists take 9 s and files 18 s, 4 file tasks end: no poll runs past 25 s, each task comes once and with its file', async () => {
		const wf = new Active({ event: 'taskFinished', options: { downloadResult: true } });
		await wf.poll();
		const tasks = Array.from({ length: 4 }, () => sb.createTask({ stuck: true }));
		await wf.poll();
		for (const t of tasks) sb.finishTask(t.id);
		sb.setFault('/api/task/findTask', { delayMs: 9_000 });
		sb.setFault('/files/file', { delayMs: 18_000 });
		const warned = jest.spyOn(Container.get(Logger), 'warn');
		const emitted = [];
		const took = [];
		for (let i = 0; i < 3 && emitted.length < 4; i++) {
			const started = Date.now();
			const r = await wf.poll();
			took.push(Date.now() - started);
			for (const item of r.data?.[0] ?? []) {
				expect(item.json.downloadError).toBeUndefined();
				expect(item.binary?.data?.fileName).toMatch(/\.xlsx$/);
				emitted.push(item.json.id);
			}
		}
		const lines = logged(warned);
		warned.mockRestore();
		// The first poll has no time for files that take 18 s after a 9 s list: they wait for the next.
		expect(lines.some((l) => /4 finished tasks wait for their files/.test(l))).toBe(true);
		expect(emitted.sort()).toEqual(tasks.map((t) => t.id).sort());
		for (const ms of took) expect(ms).toBeLessThan(26_000);
		sb.clearFaults();
		expect(ids(await wf.poll())).toEqual([]);
	});

	it('the overlap marker is refreshed while a poll runs', async () => {
		const wf = new Active();
		await wf.poll();
		sb.setFault('/api/task/findTask', { delayMs: 1_500 });
		const { runOverlappingPolls } = require('../helpers/harness');
		// Two polls started together on the same static data: the second sees the marker of the first.
		const { results } = await runOverlappingPolls(options(wf.data, { event: 'taskFinished' }), 2);
		expect(results.map((r) => r.error)).toEqual([undefined, undefined]);
		expect(listCalls()).toBeGreaterThan(0);
	});
});

describe('declared failures', () => {
	it('a 429 with Retry-After: 150 is not waited out: the poll fails once with it declared, the polls until then are skipped (one log line)', async () => {
		const wf = new Active();
		await wf.poll();
		sb.setFault('/api/task/findTask', { status: 429, headers: { 'retry-after': '150' }, forMs: 150_000 });
		const before = listCalls();
		const started = Date.now();
		const refused = await wf.raw();
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(refused.error?.constructor.name).toBe('NodeApiError');
		expect(refused.error.failure).toEqual({ cause: 'rate-limited', retryAfterMs: 150_000 });
		expect(listCalls() - before).toBe(1);
		const warned = jest.spyOn(Container.get(Logger), 'warn');
		for (let i = 0; i < 3; i++) {
			const skipped = await wf.raw();
			expect(skipped.error).toBeUndefined();
			expect(skipped.data).toBeNull();
		}
		const lines = logged(warned);
		warned.mockRestore();
		expect(listCalls() - before).toBe(1);
		expect(lines.filter((l) => /polls until .* are skipped/.test(l))).toHaveLength(1);
		// Once the wait is over (moved into the past here), polls read again and catch up.
		sb.clearFaults();
		wf.data[NODE].pausedUntil.at = Date.now() - 1;
		const t = sb.createTask({ durationMs: 0 });
		expect(ids(await wf.poll())).toEqual([t.id]);
	});

	it.each([
		['a 5xx', { status: 503 }, {}, 'temporarily-unavailable'],
		['a refused token', { status: 403, body: { error: 'FORBIDDEN' } }, {}, 'credential-invalid'],
		['a 400 to the node’s own filters', { status: 400, body: { error: 'INVALID_PARAMETER', localMessage: 'Неизвестный тип' } }, { filters: { types: ['STOCKS_UPDATE'] } }, 'configuration-invalid'],
		['a broken connection', { drop: 'before' }, {}, 'temporarily-unavailable'],
	])('%s is declared as %p', async (_, fault, extra, cause) => {
		const wf = new Active({ event: 'taskFinished', ...extra });
		await wf.poll();
		sb.setFault('/api/task/findTask', fault);
		const failed = await wf.raw();
		expect(failed.error?.failure).toEqual({ cause: cause });
		expect(failed.error.message).not.toContain(sb.token);
	});
});

describe('rows that never stop the trigger', () => {
	it('a row without a status and one with a null id are skipped with a log line each; the other tasks fire once', async () => {
		sb.seedHistory({ tasks: 50, overMs: DAY });
		const noStatus = sb.createTask({ malformed: 'noStatus', durationMs: 0 });
		sb.createTask({ malformed: 'nullId', durationMs: 0 });
		const warn = jest.spyOn(Container.get(Logger), 'warn');
		const wf = new Active();
		const activation = await wf.raw();
		expect(activation.error).toBeUndefined();
		const t = sb.createTask({ stuck: true });
		await wf.poll();
		sb.finishTask(t.id);
		expect(ids(await wf.poll())).toEqual([t.id]);
		const all = logged(warn);
		warn.mockRestore();
		const lines = all.filter((l) => /skipped a row that is not a task/.test(l));
		expect(lines.some((l) => l.includes(`"id":${noStatus.id}`))).toBe(true);
		expect(lines.some((l) => l.includes('"id":null'))).toBe(true);
	});

	it.each([['local'], ['epochSeconds']])('dates as %s: nothing of a 3,000-task history, each new task once', async (format) => {
		sb.setDateFormat(format);
		sb.seedHistory({ tasks: 3000, overMs: 2 * DAY, failedEvery: 9 });
		const wf = new Active();
		await wf.poll();
		const emitted = [];
		const running = Array.from({ length: 3 }, () => sb.createTask({ stuck: true }));
		for (let i = 0; i < 3; i++) emitted.push(...ids(await wf.poll()));
		for (const t of running) sb.finishTask(t.id);
		for (let i = 0; i < 3; i++) emitted.push(...ids(await wf.poll()));
		expect(emitted.sort()).toEqual(running.map((t) => t.id).sort());
	});

	it("SelSup's clock 5 minutes ahead, then 30 minutes ahead and back: each task once, and the trigger never falls silent", async () => {
		sb.setClockAhead(5 * 60_000);
		sb.seedHistory({ tasks: 200, overMs: DAY });
		const wf = new Active();
		await wf.poll();
		const emitted = [];
		const a = sb.createTask({ durationMs: 0 });
		emitted.push(...ids(await wf.poll()));
		sb.setClockAhead(30 * 60_000);
		const b = sb.createTask({ durationMs: 0 });
		emitted.push(...ids(await wf.poll()));
		sb.setClockAhead(0);
		const c = sb.createTask({ durationMs: 0 });
		emitted.push(...ids(await wf.poll()));
		emitted.push(...ids(await wf.poll()));
		expect(emitted).toEqual([a.id, b.id, c.id]);
		const stored = wf.data[NODE].cursor;
		expect(stored.top).toBeLessThanOrEqual(Date.now() + 2 * 60_000);
	});

	it('three times the cap of undated tasks (6,000 rows without a readable date): none of them emitted, a new one once', async () => {
		sb.setDateFormat('dotted');
		sb.seedHistory({ tasks: 6000, overMs: DAY });
		const wf = new Active();
		await wf.poll();
		const emitted = [];
		for (let i = 0; i < 2; i++) emitted.push(...ids(await wf.poll()));
		expect(wf.data[NODE].cursor.undated.length).toBeLessThanOrEqual(2000);
		const t = sb.createTask({ stuck: true });
		emitted.push(...ids(await wf.poll()));
		sb.finishTask(t.id);
		for (let i = 0; i < 3; i++) emitted.push(...ids(await wf.poll()));
		expect(emitted).toEqual([t.id]);
	});
});

describe('event id', () => {
	it('every item carries selsup:task:<id>:<status>, the same after a restart from saved state', async () => {
		const wf = new Active({ event: 'taskFailed' });
		await wf.poll();
		const t = sb.createTask({ durationMs: 0, status: 'ERROR' });
		const r = await wf.poll();
		expect(r.data[0].map((i) => i.json.eventId)).toEqual([`selsup:task:${t.id}:ERROR`]);
	});
});
