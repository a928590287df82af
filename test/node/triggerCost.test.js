import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { SelSupApi } from '../../credentials/SelSupApi.credentials';
import { SelSupTrigger } from '../../nodes/SelSup/SelSupTrigger.node';
import { startSandbox } from '../../sandbox';
import { runOverlappingPolls, runPoll } from '../helpers/harness';
jest.setTimeout(120_000);
let sb;
beforeAll(async () => {
	sb = await startSandbox({
		port: 0,
		token: 'cost-token-SECRET-14',
		taskDurationMs: 60_000,
	});
});
afterAll(() => sb.close());
beforeEach(() => {
	sb.reset();
	sb.setDateFormat('iso');
	sb.load.configure({
		latencyMs: 0,
	});
});
const DAY = 86_400_000;
const nodeData = (data) => data['node:Node Under Test'];
const listCalls = () => sb.requests.filter((r) => r.path === '/api/task/findTask').length;
const figures = [];
afterAll(() => {
	if (process.env.SELSUP_PRINT_COST === '1') console.log(figures.join('\n'));
});
class Active {
	parameters;
	data;
	constructor(parameters) {
		this.parameters = parameters;
	}
	async poll(activation) {
		const result = await runPoll({ ...options(this.data, this.parameters), activation });
		if (result.error) throw result.error;
		this.data = result.staticData;
		return (result.data?.[0] ?? []).map((i) => i.json);
	}
	async measured() {
		const before = sb.requests.length;
		const items = await this.poll();
		const calls = sb.requests.slice(before).filter((r) => r.path === '/api/task/findTask');
		const kB = Math.round(calls.reduce((n, r) => n + r.bytesSent, 0) / 102.4) / 10;
		return {
			requests: calls.length,
			ids: items.map((j) => j.id),
			kB,
		};
	}
}
describe('dates as SelSup writes them', () => {
	it.each([
		['zoned', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\[UTC\]$/],
		['moscow', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+03:00\[Europe\/Moscow\]$/],
		['epoch', null],
	])('%s: 300 tasks that ended before activation are never emitted; the one that ends after is, once', async (format, shape) => {
		sb.setDateFormat(format);
		sb.seedHistory({
			tasks: 300,
			overMs: DAY,
			failedEvery: 7,
		});
		const running = sb.createTask({
			stuck: true,
			createdAgoMs: 3_600_000,
		});
		const finished = new Active({
			event: 'taskFinished',
		});
		const failed = new Active({
			event: 'taskFailed',
		});
		expect(await finished.poll('activate')).toEqual([]);
		expect(await failed.poll('activate')).toEqual([]);
		expect(await finished.poll()).toEqual([]);
		expect(await failed.poll()).toEqual([]);
		const done = sb.finishTask(running.id);
		const items = await finished.poll();
		expect(items.map((j) => j.id)).toEqual([running.id]);
		expect(items[0].createdDate).toBe(done.createdDate);
		if (shape) expect(String(items[0].createdDate)).toMatch(shape);
		else expect(typeof items[0].createdDate).toBe('number');
		expect(await finished.poll()).toEqual([]);
		expect(await failed.poll()).toEqual([]);
	});
});
describe('a busy account: 10,000 tasks over two days, one RUNNING for three days', () => {
	it('steady polls cost a few requests whatever the history; each task that ends after activation comes once', async () => {
		sb.setDateFormat('zoned');
		const history = sb.seedHistory({
			tasks: 10_000,
			overMs: 2 * DAY,
			failedEvery: 50,
			stuckAgoMs: 3 * DAY,
		});
		const dayOld = sb.createTask({
			stuck: true,
			createdAgoMs: DAY,
			type: 'OZON_UPDATE_PRICE',
		});
		const finished = new Active({
			event: 'taskFinished',
		});
		const failed = new Active({
			event: 'taskFailed',
		});
		await finished.poll('activate');
		await failed.poll('activate');
		// A steady poll of each trigger: nothing emitted, within the request counts (5 and 8).
		const steady = async (label) => {
			const f = await finished.measured();
			const x = await failed.measured();
			expect([f.ids, x.ids]).toEqual([[], []]);
			expect(f.requests).toBeLessThanOrEqual(5);
			expect(x.requests).toBeLessThanOrEqual(8);
			figures.push(`steady poll${label}: Task Finished ${f.requests} requests (${f.kB} kB), Task Failed ${x.requests} requests (${x.kB} kB)`);
		};
		for (let i = 1; i <= 3; i++) await steady(` ${i}`);
		sb.finishTask(dayOld.id);
		const newFailure = sb.createTask({
			stuck: true,
		});
		expect((await finished.measured()).ids).toEqual([dayOld.id]);
		expect((await failed.measured()).ids).toEqual([]);
		sb.finishTask(newFailure.id, {
			status: 'ERROR',
			message: 'Карточка не прошла модерацию',
		});
		sb.finishTask(history.stuck, {
			status: 'INTERRUPTED',
		});
		expect((await failed.measured()).ids.sort()).toEqual([history.stuck, newFailure.id].sort());
		expect((await finished.measured()).ids).toEqual([]);
		await steady(', nothing running');
	});
	it('a backlog larger than one poll reads (n8n down for two days): the poll logs it, the next goes on from there; each task once', async () => {
		const wf = new Active({
			event: 'taskFinished',
		});
		sb.seedHistory({
			tasks: 200,
			overMs: DAY,
			endAgoMs: 2 * DAY + 60_000,
		});
		await wf.poll('activate');
		const backlog = sb.seedHistory({
			tasks: 6200,
			overMs: 2 * DAY,
			endAgoMs: 60_000,
		});
		const warn = jest.spyOn(Container.get(Logger), 'warn');
		const first = await wf.poll();
		expect(first.length).toBeGreaterThan(4000);
		expect(first.length).toBeLessThan(6200);
		const logged = warn.mock.calls.map((c) => String(c[0])).join('\n');
		expect(logged).toMatch(
			/SelSup Trigger: \d+ tasks listed, the most one poll reads \(10 pages of 500\); the next poll goes on with those created up to \d{4}-/,
		);
		warn.mockRestore();
		const rest = await wf.poll();
		const all = [...first, ...rest].map((j) => j.id);
		expect(all).toHaveLength(6200);
		expect(new Set(all)).toEqual(
			new Set(
				Array.from(
					{
						length: 6200,
					},
					(_, i) => backlog.first + i,
				),
			),
		);
		expect(await wf.poll()).toEqual([]);
	});
});
/** runPoll's options for this file's sandbox: Task Finished unless told otherwise. */
const options = (staticData, parameters = { event: 'taskFinished' }) => ({
	nodeType: new SelSupTrigger(),
	credentialsType: new SelSupApi(),
	credentials: {
		apiToken: sb.token,
		baseUrl: sb.url,
	},
	parameters,
	staticData,
});
describe('each task once', () => {
	it('two polls that overlap on the same static data: one reads and emits, the other does nothing', async () => {
		const wf = new Active({
			event: 'taskFinished',
		});
		await wf.poll('activate');
		const t = sb.createTask({
			durationMs: 0,
		});
		sb.load.configure({
			latencyMs: 300,
		});
		const before = listCalls();
		const { results, staticData } = await runOverlappingPolls(options(wf.data), 2);
		const emitted = results.flatMap((r) => (r.data?.[0] ?? []).map((i) => i.json.id));
		expect(results.map((r) => r.error)).toEqual([undefined, undefined]);
		expect(emitted).toEqual([t.id]);
		expect(listCalls() - before).toBe(1);
		expect(nodeData(staticData).polling).toBeUndefined();
		wf.data = staticData;
		sb.load.configure({
			latencyMs: 0,
		});
		expect(await wf.poll()).toEqual([]);
	});
	it('a marker left by a poll that died long ago does not block the node', async () => {
		const wf = new Active({
			event: 'taskFinished',
		});
		await wf.poll('activate');
		const t = sb.createTask({
			durationMs: 0,
		});
		nodeData(wf.data).polling = {
			at: Date.now() - 10 * 60_000,
		};
		expect((await wf.poll()).map((j) => j.id)).toEqual([t.id]);
		expect(nodeData(wf.data).polling).toBeUndefined();
		nodeData(wf.data).polling = {
			at: Date.now() - 1000,
		};
		const other = sb.createTask({
			durationMs: 0,
		});
		expect(await wf.poll()).toEqual([]);
		delete nodeData(wf.data).polling;
		expect((await wf.poll()).map((j) => j.id)).toEqual([other.id]);
	});
	it('the same poll run twice: the second run, from the stored state, emits nothing', async () => {
		const wf = new Active({
			event: 'taskFailed',
		});
		const a = sb.createTask({
			stuck: true,
		});
		await wf.poll('activate');
		sb.finishTask(a.id, {
			status: 'ERROR',
		});
		const b = sb.createTask({
			durationMs: 0,
			status: 'STOPPED',
		});
		const stored = wf.data;
		const first = await runPoll(options(stored, { event: 'taskFailed' }));
		expect((first.data?.[0] ?? []).map((i) => i.json.id).sort()).toEqual([a.id, b.id].sort());
		const again = await runPoll(options(first.staticData, { event: 'taskFailed' }));
		expect(again.error).toBeUndefined();
		expect(again.data).toBeNull();
	});
	it('a quiet poll whose state n8n does not save (durable scheduler): the next poll from the older state still emits once', async () => {
		const wf = new Active({
			event: 'taskFinished',
		});
		await wf.poll('activate');
		const saved = wf.data;
		const t = sb.createTask({
			stuck: true,
		});
		const quiet = await runPoll(options(saved));
		expect(quiet.data).toBeNull();
		sb.finishTask(t.id);
		const next = await runPoll(options(saved));
		expect((next.data?.[0] ?? []).map((i) => i.json.id)).toEqual([t.id]);
		const after = await runPoll(options(next.staticData));
		expect(after.data).toBeNull();
	});
});
describe('n8n 2 durable scheduler: the check at activation keeps no node state', () => {
	// What n8n 2.41 does with N8N_POLLER_DURABLE_CURSORS_ENABLED: the node state written by the check at
	// activation is dropped, the workflow's global static data is saved, and the first scheduled poll
	// starts from an empty node state.
	const durableStart = (staticData) => ({ global: staticData.global });
	const aged = (staticData, ms) => {
		const copy = structuredClone(staticData);
		for (const c of Object.values(copy.global.selSupTriggerStart)) c.at -= ms;
		return copy;
	};
	const poll = (staticData, parameters = { event: 'taskFailed' }) => runPoll(options(staticData, parameters));
	const ids = (r) => (r.data?.[0] ?? []).map((i) => i.json.id);

	it('a task that fails between activation and the first scheduled poll fires once; the history does not', async () => {
		sb.setDateFormat('zoned');
		sb.seedHistory({ tasks: 500, overMs: 2 * DAY, failedEvery: 10, stuckAgoMs: 3 * DAY });
		const dayOld = sb.createTask({ type: 'OZON_UPDATE_PRICE', stuck: true, createdAgoMs: DAY });
		const activation = await poll(undefined);
		expect(activation.error).toBeUndefined();
		expect(activation.data).toBeNull();
		sb.finishTask(dayOld.id, { status: 'ERROR', message: 'Price below the minimum' });
		const failedNow = sb.createTask({ type: 'STOCKS_UPDATE', durationMs: 0, status: 'EXCEPTION' });
		const first = await poll(durableStart(activation.staticData));
		expect(first.error).toBeUndefined();
		expect(ids(first).sort()).toEqual([dayOld.id, failedNow.id].sort());
		const second = await poll(first.staticData);
		expect(second.data).toBeNull();
	});

	it('no replay from a copy written for other filters, or one older than a week and a day', async () => {
		sb.seedHistory({ tasks: 50, overMs: DAY, failedEvery: 5 });
		const running = sb.createTask({ stuck: true });
		const activation = await poll(undefined);
		sb.finishTask(running.id, { status: 'ERROR', message: 'x' });
		const otherFilters = await poll(durableStart(activation.staticData), { event: 'taskFailed', filters: { types: ['STOCKS_UPDATE'] } });
		expect(otherFilters.error).toBeUndefined();
		expect(otherFilters.data).toBeNull();
		const old = await poll(durableStart(aged(activation.staticData, 8 * DAY + 60_000)));
		expect(old.data).toBeNull();
		const fresh = await poll(durableStart(aged(activation.staticData, 7 * DAY)));
		expect(ids(fresh)).toEqual([running.id]);
	});

	it('with node state of its own (n8n 1.x, or after the first scheduled poll) the copy is not read', async () => {
		const running = sb.createTask({ stuck: true });
		const activation = await poll(undefined);
		sb.finishTask(running.id, { status: 'ERROR', message: 'x' });
		const first = await poll(activation.staticData);
		expect(ids(first)).toEqual([running.id]);
		// The activation copy still says the task was running; the node state says it was emitted.
		const again = await poll(first.staticData);
		expect(again.data).toBeNull();
	});
});
