import { SelSupApi } from '../../credentials/SelSupApi.credentials';
import { SelSupTrigger } from '../../nodes/SelSup/SelSupTrigger.node';
import { startSandbox } from '../../sandbox';
import { runNode, runPoll } from '../helpers/harness';
import { errorText } from './support';
let sb;
beforeAll(async () => {
	sb = await startSandbox({
		port: 0,
		token: 'trigger-token-SECRET-77',
		taskDurationMs: 60_000,
	});
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());
const credentials = () => ({
	apiToken: sb.token,
	baseUrl: sb.url,
});
class ActiveWorkflow {
	parameters;
	memory;
	saved;
	constructor(parameters) {
		this.parameters = parameters;
	}
	async run(activation) {
		const result = await runPoll({
			nodeType: new SelSupTrigger(),
			credentialsType: new SelSupApi(),
			credentials: credentials(),
			parameters: this.parameters,
			staticData: this.memory,
			activation,
		});
		this.memory = result.staticData;
		if (activation || result.data) this.saved = result.staticData;
		return result;
	}
	async activate() {
		return this.run('activate');
	}
	async poll() {
		const result = await this.run(undefined);
		if (result.error) throw result.error;
		return (result.data?.[0] ?? []).map((i) => i.json);
	}
	async pollRaw() {
		return this.run(undefined);
	}
	async restart() {
		this.memory = this.saved;
		return this.run('init');
	}
}
const ids = (items) => items.map((j) => j.id);
const finished = (spec = {}) =>
	sb.createTask({
		durationMs: 0,
		...spec,
	});
const running = (spec = {}) =>
	sb.createTask({
		stuck: true,
		...spec,
	});
const listRequests = () => sb.requests.filter((r) => r.path === '/api/task/findTask');
describe('activation', () => {
	it('emits nothing from the past; the next task that ends is emitted with the task fields and event', async () => {
		finished();
		finished({
			status: 'ERROR',
		});
		const old = running();
		sb.finishTask(old.id);
		const wf = new ActiveWorkflow({
			event: 'taskFinished',
		});
		const activation = await wf.activate();
		expect(activation.error).toBeUndefined();
		expect(activation.data).toBeNull();
		expect(activation.staticDataChanged).toBe(true);
		expect(await wf.poll()).toEqual([]);
		const next = running({
			type: 'WILDBERRIES_CARD_UPDATE',
			organizationId: 12,
		});
		const done = sb.finishTask(next.id);
		const items = await wf.poll();
		expect(items).toEqual([
			{
				...done,
				event: 'taskFinished',
				eventId: `selsup:task:${done.id}:FINISHED`,
			},
		]);
		expect(await wf.poll()).toEqual([]);
	});
	it('a changed event or filter starts afresh: nothing from the past', async () => {
		const wf = new ActiveWorkflow({
			event: 'taskFinished',
		});
		await wf.activate();
		finished({
			status: 'ERROR',
		});
		const failedWatch = new ActiveWorkflow({
			event: 'taskFailed',
		});
		failedWatch.memory = wf.memory;
		expect(await failedWatch.poll()).toEqual([]);
		const t = running();
		sb.finishTask(t.id, {
			status: 'ERROR',
		});
		expect(ids(await failedWatch.poll())).toEqual([t.id]);
	});
});
describe('each poll', () => {
	it('every task that ended since the last poll, exactly once, oldest end first', async () => {
		const wf = new ActiveWorkflow({
			event: 'taskFinished',
		});
		const a = running();
		const b = running();
		const c = running();
		await wf.activate();
		sb.finishTask(b.id);
		await new Promise((r) => setTimeout(r, 5));
		sb.finishTask(a.id);
		const first = await wf.poll();
		expect(ids(first)).toEqual([b.id, a.id]);
		expect(await wf.poll()).toEqual([]);
		sb.finishTask(c.id, {
			status: 'ERROR',
		});
		const d = finished();
		expect(ids(await wf.poll())).toEqual([d.id]);
	});
	it("taskFailed fires on ERROR, EXCEPTION, INTERRUPTED and STOPPED, not on FINISHED, with SelSup's message", async () => {
		const wf = new ActiveWorkflow({
			event: 'taskFailed',
		});
		const tasks = [running(), running(), running(), running(), running()];
		await wf.activate();
		const statuses = ['ERROR', 'EXCEPTION', 'INTERRUPTED', 'STOPPED'];
		statuses.forEach((status, i) =>
			sb.finishTask(tasks[i].id, {
				status,
				message: `Сбой ${status}`,
			}),
		);
		sb.finishTask(tasks[4].id);
		const items = await wf.poll();
		expect(items.map((j) => [j.id, j.status, j.message, j.event]).sort()).toEqual(
			statuses.map((status, i) => [tasks[i].id, status, `Сбой ${status}`, 'taskFailed']).sort(),
		);
	});
	it('filters: types as repeated keys and organizationId go to SelSup, other tasks do not fire', async () => {
		const wf = new ActiveWorkflow({
			event: 'taskFinished',
			filters: {
				types: ['STOCKS_UPDATE', 'OZON_UPDATE_PRICE'],
				organizationId: 12,
			},
		});
		await wf.activate();
		const hit = finished({
			type: 'OZON_UPDATE_PRICE',
			organizationId: 12,
		});
		finished({
			type: 'OZON_UPDATE_PRICE',
			organizationId: 13,
		});
		finished({
			type: 'WILDBERRIES_CARD_UPDATE',
			organizationId: 12,
		});
		sb.requests.length = 0;
		expect(ids(await wf.poll())).toEqual([hit.id]);
		for (const r of listRequests()) {
			expect(r.query.types).toEqual(['STOCKS_UPDATE', 'OZON_UPDATE_PRICE']);
			expect(r.query.organizationId).toEqual(['12']);
		}
	});
});
describe('old tasks', () => {
	it('a task created long ago and finished since the last poll is caught, with 600 newer tasks running and 700 newer finished', async () => {
		const old = running({
			createdAgoMs: 10 * 86_400_000,
			type: 'WILDBERRIES_STOCKS_IMPORT_TASK',
		});
		for (let i = 0; i < 700; i++)
			finished({
				createdAgoMs: 86_400_000 - i,
			});
		for (let i = 0; i < 600; i++) running();
		const wf = new ActiveWorkflow({
			event: 'taskFinished',
		});
		await wf.activate();
		expect(await wf.poll()).toEqual([]);
		sb.finishTask(old.id);
		sb.requests.length = 0;
		expect(ids(await wf.poll())).toEqual([old.id]);
		expect(listRequests().filter((r) => r.query.id?.[0] === String(old.id))).toHaveLength(1);
		expect(
			listRequests()
				.filter((r) => !r.query.id)
				.map((r) => r.query.page?.[0]),
		).toEqual(['1', '2']);
		expect(await wf.poll()).toEqual([]);
	});
});
describe('busy periods', () => {
	it('1200 tasks ending between two polls are all emitted, each once, over three pages', async () => {
		const tasks = Array.from(
			{
				length: 1200,
			},
			() => running(),
		);
		const wf = new ActiveWorkflow({
			event: 'taskFailed',
		});
		await wf.activate();
		for (const t of tasks)
			sb.finishTask(t.id, {
				status: 'ERROR',
			});
		sb.requests.length = 0;
		const items = await wf.poll();
		expect(items).toHaveLength(1200);
		expect(new Set(ids(items)).size).toBe(1200);
		expect(listRequests().map((r) => [r.query.status, r.query.limit?.[0], r.query.page?.[0]])).toEqual([
			[undefined, '500', '1'],
			[undefined, '500', '2'],
			[undefined, '500', '3'],
		]);
		expect(await wf.poll()).toEqual([]);
		expect(JSON.stringify(wf.saved).length).toBeLessThan(40_000);
	});
});
describe('restarts', () => {
	it('nothing is emitted twice after n8n restarts, and what ended while it was down comes once', async () => {
		const [a, b, c, d] = [running(), running(), running(), running()];
		const wf = new ActiveWorkflow({
			event: 'taskFinished',
		});
		await wf.activate();
		sb.finishTask(a.id);
		expect(ids(await wf.poll())).toEqual([a.id]);
		expect(await wf.poll()).toEqual([]);
		sb.finishTask(b.id);
		expect(ids(await wf.poll())).toEqual([b.id]);
		const afterRestart = await wf.restart();
		expect(afterRestart.error).toBeUndefined();
		expect(afterRestart.data).toBeNull();
		sb.finishTask(c.id);
		const again = await wf.restart();
		expect((again.data?.[0] ?? []).map((i) => i.json.id)).toEqual([c.id]);
		sb.finishTask(d.id);
		expect(ids(await wf.poll())).toEqual([d.id]);
		expect(ids(await wf.restart().then((r) => (r.data?.[0] ?? []).map((i) => i.json)))).toEqual([]);
	});
});
describe('errors', () => {
	it('a revoked token: a clear NodeApiError without the token, and the cursor untouched', async () => {
		const wf = new ActiveWorkflow({
			event: 'taskFinished',
		});
		await wf.activate();
		const before = JSON.stringify(wf.memory);
		const t = running();
		sb.finishTask(t.id);
		const revoked = await runPoll({
			nodeType: new SelSupTrigger(),
			credentialsType: new SelSupApi(),
			credentials: {
				apiToken: 'revoked-token-SECRET-1',
				baseUrl: sb.url,
			},
			parameters: {
				event: 'taskFinished',
			},
			staticData: wf.memory,
		});
		expect(revoked.error?.constructor.name).toBe('NodeApiError');
		expect(revoked.error?.message).toMatch(/^SelSup rejected the API token \(task list page 1, HTTP 403\)/);
		expect(errorText(revoked.error)).not.toContain('revoked-token-SECRET-1');
		expect(revoked.data).toBeNull();
		expect(JSON.stringify(revoked.staticData)).toBe(before);
		expect(ids(await wf.poll())).toEqual([t.id]);
	});
	it('a SelSup error in the middle of a poll emits nothing and loses nothing; the next good poll catches up', async () => {
		const wf = new ActiveWorkflow({
			event: 'taskFinished',
		});
		const tasks = Array.from(
			{
				length: 600,
			},
			() => running(),
		);
		await wf.activate();
		for (const t of tasks.slice(0, 550)) sb.finishTask(t.id);
		sb.setFault('/api/task/findTask', {
			skip: 1,
			status: 400,
			body: {
				error: 'BAD_REQUEST',
				localMessage: 'Сервис временно недоступен',
			},
		});
		const before = JSON.stringify(wf.memory);
		const failing = await wf.pollRaw();
		sb.clearFaults();
		expect(failing.error?.constructor.name).toBe('NodeApiError');
		expect(failing.error?.message).toMatch(/\(task list page 2, HTTP 400\).*Сервис временно недоступен/);
		expect(failing.data).toBeNull();
		expect(JSON.stringify(failing.staticData)).toBe(before);
		for (const t of tasks.slice(550)) sb.finishTask(t.id);
		const items = await wf.poll();
		expect(items).toHaveLength(600);
		expect(new Set(ids(items))).toEqual(new Set(tasks.map((t) => t.id)));
	});
});
describe('downloadResult', () => {
	it("a finished task's file goes to the binary field with its real name and MIME; url or file alike", async () => {
		const wf = new ActiveWorkflow({
			event: 'taskFinished',
			options: {
				downloadResult: true,
				binaryPropertyName: 'report',
			},
		});
		await wf.activate();
		const viaUrl = sb.finishTask(
			running({
				type: 'STOCKS_UPDATE',
			}).id,
		);
		const viaFile = sb.finishTask(
			running({
				type: 'OZON_UPDATE_PRICE',
				resultAs: 'file',
			}).id,
		);
		const result = await wf.pollRaw();
		expect(result.error).toBeUndefined();
		const items = result.data[0];
		expect(items.map((i) => i.json.id)).toEqual([viaUrl.id, viaFile.id]);
		for (const [item, task] of [
			[items[0], viaUrl],
			[items[1], viaFile],
		]) {
			const expected = sb.expectedFile('/files/file', {
				path: task.file,
			});
			const binary = item.binary.report;
			expect(binary.fileName).toBe(expected.fileName);
			expect(binary.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
			expect(Buffer.from(binary.data, 'base64').equals(expected.buffer)).toBe(true);
			expect(item.json).toMatchObject({
				id: task.id,
				event: 'taskFinished',
			});
		}
	});
	it('a file that cannot be had: the task is still emitted once, with the reason', async () => {
		const wf = new ActiveWorkflow({
			event: 'taskFinished',
			options: {
				downloadResult: true,
			},
		});
		await wf.activate();
		const t = sb.finishTask(running().id);
		sb.setFault('/files/file', {
			status: 404,
			body: {
				error: 'NOT_FOUND',
				localMessage: 'Файл не найден',
			},
		});
		const items = await wf.poll();
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({
			id: t.id,
			event: 'taskFinished',
		});
		expect(String(items[0].downloadError)).toMatch(/^The result file could not be downloaded: .*\(task \d+ result, HTTP 404\).*Файл не найден/);
		sb.clearFaults();
		expect(await wf.poll()).toEqual([]);
	});
});
describe('Fetch Test Event (manual mode)', () => {
	const fetchTestEvent = (parameters, apiToken = sb.token) =>
		runNode({
			nodeType: new SelSupTrigger(),
			credentialsType: new SelSupApi(),
			credentials: {
				apiToken,
				baseUrl: sb.url,
			},
			parameters,
			input: [],
		});
	it('returns the matching task that ended last', async () => {
		const a = running({
			type: 'STOCKS_UPDATE',
		});
		const b = running({
			type: 'STOCKS_UPDATE',
			createdAgoMs: 3_600_000,
		});
		finished({
			type: 'STOCKS_UPDATE',
			status: 'ERROR',
		});
		sb.finishTask(a.id);
		await new Promise((r) => setTimeout(r, 5));
		const last = sb.finishTask(b.id);
		finished({
			type: 'OZON_UPDATE_PRICE',
			createdAgoMs: 7_200_000,
			durationMs: 1,
		});
		const result = await fetchTestEvent({
			event: 'taskFinished',
			filters: {
				types: ['STOCKS_UPDATE'],
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([
			{
				...last,
				event: 'taskFinished',
				eventId: `selsup:task:${last.id}:FINISHED`,
			},
		]);
	});
	it('none: an English error naming the event and the filters, the organisation as the dropdown names it', async () => {
		finished({
			type: 'STOCKS_UPDATE',
		});
		const result = await fetchTestEvent({
			event: 'taskFailed',
			filters: {
				types: ['STOCKS_UPDATE'],
				organizationId: 12,
			},
		});
		expect(result.error?.message).toBe(
			'No SelSup task for "Task Failed" (status Error, Exception, Interrupted, Stopped) with the filters types Stocks Update; organization "ИП Иванов И.И. (INN 503012345678)"',
		);
		sb.reset();
		const plain = await fetchTestEvent({
			event: 'taskFinished',
		});
		expect(plain.error?.message).toBe('No SelSup task for "Task Finished" (status Finished) with no filters set');
	});
	it('a revoked token: a clear error without the token', async () => {
		const result = await fetchTestEvent(
			{
				event: 'taskFinished',
			},
			'revoked-token-SECRET-2',
		);
		expect(result.error?.message).toMatch(/SelSup rejected the API token/);
		expect(errorText(result.error)).not.toContain('revoked-token-SECRET-2');
	});
});
