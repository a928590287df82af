const nock = require('nock');

import { BASE, catchAll, expectNoToken, run, setupNock, TOKEN } from './support';

setupNock();

const FIND = '/api/task/findTask';

/** findTask (without id) answered by `answer(page, limit)`; every request's raw query kept, repeated keys included. */
function taskList(answer) {
	const seen = [];
	nock(BASE)
		.persist()
		.get(FIND)
		.query(true)
		.reply(function (uri) {
			const query = new URL(uri, BASE).searchParams;
			seen.push({ query, auth: this.req.headers.authorization });
			return [200, { rows: answer(query), page: Number(query.get('page')) }];
		});
	return seen;
}

const task = (id, extra = {}) => ({ id, status: 'ERROR', type: 'OZON_UPDATE_PRICE', createdDate: `2026-11-30T05:00:00Z`, ...extra });

/** `total` tasks, newest (highest id) first, served page by page. */
function pagedTasks(total) {
	return (q) => {
		const limit = Number(q.get('limit'));
		const page = Number(q.get('page'));
		const ids = Array.from({ length: total }, (_, i) => total - i);
		return ids.slice((page - 1) * limit, page * limit).map((id) => task(id));
	};
}

const entries = (q) => [...q.entries()];

describe('Task → Get Many', () => {
	it('by default: one page of 50, newest first, one item per task with the task fields at the top level', async () => {
		const rows = [task(3, { message: 'Цена ниже минимальной' }), task(2), task(1)];
		const seen = taskList(() => rows);
		const result = await run({ resource: 'task', operation: 'getMany' });
		expect(result.error).toBeUndefined();
		expect(seen).toHaveLength(1);
		expect(entries(seen[0].query)).toEqual([
			['sortBy', 'CREATED_DATE'],
			['ascending', 'false'],
			['limit', '50'],
			['page', '1'],
		]);
		// Simplify on: the task's fields plus the words for its status and type (TASK_STATUS, TASK_TYPE).
		expect(result.items).toEqual(rows.map((json) => ({ json: { ...json, statusLabel: 'Error', typeLabel: 'Ozon Update Price' }, pairedItem: { item: 0 } })));
	});

	it('sends the filters under the API names, types as repeated keys', async () => {
		const seen = taskList(() => [task(9)]);
		const result = await run({
			resource: 'task',
			operation: 'getMany',
			limit: 10,
			filters: { status: 'ERROR', types: ['WILDBERRIES_CARD_UPDATE', 'STOCKS_UPDATE'], organizationId: 12, own: true, entityId: '77' },
		});
		expect(result.error).toBeUndefined();
		expect(seen).toHaveLength(1);
		expect(seen[0].query.getAll('types')).toEqual(['WILDBERRIES_CARD_UPDATE', 'STOCKS_UPDATE']);
		expect(entries(seen[0].query)).toEqual([
			['status', 'ERROR'],
			['types', 'WILDBERRIES_CARD_UPDATE'],
			['types', 'STOCKS_UPDATE'],
			['organizationId', '12'],
			['own', 'true'],
			['entityId', '77'],
			['sortBy', 'CREATED_DATE'],
			['ascending', 'false'],
			['limit', '10'],
			['page', '1'],
		]);
	});

	it('an empty "any organization" and own off are left out', async () => {
		const seen = taskList(() => []);
		const result = await run({ resource: 'task', operation: 'getMany', filters: { organizationId: '', own: false, types: [] } });
		expect(result.error).toBeUndefined();
		expect(seen[0].query.has('organizationId')).toBe(false);
		expect(seen[0].query.has('own')).toBe(false);
		expect(seen[0].query.has('types')).toBe(false);
		expect(result.items).toEqual([]);
	});

	it('Return All follows pages of 500 until a short page', async () => {
		const seen = taskList(pagedTasks(1120));
		const result = await run({ resource: 'task', operation: 'getMany', returnAll: true, filters: { status: 'FINISHED' } });
		expect(result.error).toBeUndefined();
		expect(seen.map((s) => [s.query.get('page'), s.query.get('limit'), s.query.get('status')])).toEqual([
			['1', '500', 'FINISHED'],
			['2', '500', 'FINISHED'],
			['3', '500', 'FINISHED'],
		]);
		expect(result.items).toHaveLength(1120);
		expect(result.items.map((i) => i.json.id)).toEqual(Array.from({ length: 1120 }, (_, i) => 1120 - i));
	});

	it('Return All with exactly 1000 tasks asks for a third page and stops at the empty one', async () => {
		const seen = taskList(pagedTasks(1000));
		const result = await run({ resource: 'task', operation: 'getMany', returnAll: true });
		expect(seen.map((s) => s.query.get('page'))).toEqual(['1', '2', '3']);
		expect(result.items).toHaveLength(1000);
	});

	it('a limit above 500 is reached in pages of 500; a smaller one in one page of that size', async () => {
		const seen = taskList(pagedTasks(2000));
		const result = await run({ resource: 'task', operation: 'getMany', limit: 700 });
		expect(seen.map((s) => [s.query.get('page'), s.query.get('limit')])).toEqual([
			['1', '500'],
			['2', '500'],
		]);
		expect(result.items).toHaveLength(700);
		expect(result.items[699].json.id).toBe(2000 - 699);

		seen.length = 0;
		const small = await run({ resource: 'task', operation: 'getMany', limit: 20 });
		expect(seen.map((s) => [s.query.get('page'), s.query.get('limit')])).toEqual([['1', '20']]);
		expect(small.items).toHaveLength(20);
	});

	it('rows pushed onto the next page while paging are not repeated; a server ignoring page cannot loop', async () => {
		// Page 2 starts with the last row of page 1 (a new task arrived in between).
		const shifted = taskList((q) =>
			q.get('page') === '1' ? Array.from({ length: 500 }, (_, i) => task(1000 - i)) : q.get('page') === '2' ? [task(501), task(500)] : [],
		);
		const result = await run({ resource: 'task', operation: 'getMany', returnAll: true });
		expect(result.items.map((i) => i.json.id)).toEqual([...Array.from({ length: 500 }, (_, i) => 1000 - i), 500]);
		expect(shifted).toHaveLength(2);

		nock.cleanAll();
		const same = taskList(() => Array.from({ length: 500 }, (_, i) => task(500 - i)));
		const looped = await run({ resource: 'task', operation: 'getMany', returnAll: true });
		expect(looped.items).toHaveLength(500);
		expect(same).toHaveLength(2);
	});

	it('each input item runs its own list, paired to it', async () => {
		const seen = taskList((q) => [task(Number(q.get('entityId')))]);
		const result = await run(
			{ resource: 'task', operation: 'getMany', filters: { entityId: '={{ $json.e }}' } },
			{ input: [{ json: { e: 5 } }, { json: { e: 6 } }] },
		);
		expect(result.error).toBeUndefined();
		expect(seen.map((s) => s.query.get('entityId')).sort()).toEqual(['5', '6']);
		expect(result.items.map((i) => [i.json.id, i.pairedItem])).toEqual([
			[5, { item: 0 }],
			[6, { item: 1 }],
		]);
	});

	it.each([
		[{ limit: 0 }, /Limit \(limit\) must be a whole number of at least 1/],
		[{ filters: { types: ['NOT_A_TYPE'] } }, /Types \(types\) has the unknown value "NOT_A_TYPE"/],
		[{ filters: { status: 'DONE' } }, /Status \(status\) has the unknown value "DONE"/],
		[{ filters: { organizationId: 'abc' } }, /organizationId.*whole number/],
		[{ filters: { entityId: '-3' } }, /entityId.*above zero/],
	])('bad input %j is refused before any request', async (params, message) => {
		const { hits } = catchAll();
		const result = await run({ resource: 'task', operation: 'getMany', ...params });
		expect(result.error?.message).toMatch(message);
		expect(hits).toEqual([]);
	});

	it('a revoked token is a clear error without the token', async () => {
		nock(BASE).get(FIND).query(true).reply(403, { error: 'FORBIDDEN' });
		const result = await run({ resource: 'task', operation: 'getMany' });
		expect(result.error?.message).toMatch(/SelSup rejected the API token \(task list page 1, HTTP 403/);
		expectNoToken(result);
	});
});

/** A task as SelSup lists it: TmsTask's 25 fields (export-endpoints.json, response of a task route). */
const fullTask = (id) => ({
	id,
	status: 'ERROR',
	type: 'OZON_UPDATE_PRICE',
	name: 'Ozon prices',
	clientId: 5,
	entityId: 77,
	progress: 100,
	processedQuantity: 12,
	organizationId: 12,
	priority: 1,
	properties: { a: 1 },
	message: 'Цена ниже минимальной',
	messageParams: ['x'],
	createdDate: '2026-11-30T05:00:00Z',
	startDate: '2026-11-30T05:00:01Z',
	finishDate: '2026-11-30T05:01:00Z',
	url: null,
	inputFileUrl: null,
	retryNumber: 0,
	userId: 3,
	retryDate: null,
	debug: false,
	forcedStart: false,
	service: 'OZON',
	lang: 'ru',
});
/** What Simplify keeps, as issues 16 and 26 list it: SelSup's own name, and words beside the codes. */
const SIMPLE = ['id', 'name', 'status', 'statusLabel', 'type', 'typeLabel', 'organizationId', 'progress', 'message', 'createdDate', 'finishDate', 'url'];

describe('Simplify (Get and Get Many)', () => {
	it('is on by default: each task brings only the fields a workflow or agent needs', async () => {
		taskList(() => [fullTask(2), fullTask(1)]);
		const result = await run({ resource: 'task', operation: 'getMany' });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		for (const item of result.items) expect(Object.keys(item.json).sort()).toEqual([...SIMPLE].sort());
		expect(result.items[0].json).toMatchObject({ id: 2, status: 'ERROR', message: 'Цена ниже минимальной', url: null });
		// The words the editor's Status and Types dropdowns show for these codes; SelSup's own name kept.
		expect(result.items[0].json).toMatchObject({ name: 'Ozon prices', statusLabel: 'Error', type: 'OZON_UPDATE_PRICE', typeLabel: 'Ozon Update Price' });
	});

	it('the result link is absolute: a relative url joined to the base URL, an absolute one as it is, a file path made a link', async () => {
		const finished = (id, extra) => ({ id, status: 'FINISHED', type: 'ABC_REPORT_FILE_TASK', ...extra });
		taskList(() => [
			finished(5, { url: '/files/file?path=tasks/5/abc.xlsx' }),
			finished(4, { url: 'https://files.selsup.example/abc.xlsx?sig=1' }),
			finished(3, { file: 'tasks/3/Остатки на складе.xlsx' }),
			finished(2, { url: 'api/files/file?path=tasks/2/x.xlsx' }),
		]);
		const result = await run({ resource: 'task', operation: 'getMany' });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.url)).toEqual([
			`${BASE}/files/file?path=tasks/5/abc.xlsx`,
			'https://files.selsup.example/abc.xlsx?sig=1',
			`${BASE}/files/file?path=tasks%2F3%2F%D0%9E%D1%81%D1%82%D0%B0%D1%82%D0%BA%D0%B8%20%D0%BD%D0%B0%20%D1%81%D0%BA%D0%BB%D0%B0%D0%B4%D0%B5.xlsx`,
			`${BASE}/api/files/file?path=tasks/2/x.xlsx`,
		]);
		expect(result.items[0].json).toMatchObject({ statusLabel: 'Finished', typeLabel: 'ABC Report File' });
		// Simplify off: SelSup's relative path exactly as sent.
		const raw = await run({ resource: 'task', operation: 'getMany', simplify: false });
		expect(raw.items[0].json).toEqual(finished(5, { url: '/files/file?path=tasks/5/abc.xlsx' }));
	});

	it('the link never carries the token: SelSup echoing it in a url is scrubbed', async () => {
		taskList(() => [{ id: 9, status: 'FINISHED', url: `https://files.selsup.example/x.xlsx?auth=${TOKEN}` }]);
		const result = await run({ resource: 'task', operation: 'getMany' });
		expect(result.items[0].json.url).toMatch(/^https:\/\/files\.selsup\.example\/x\.xlsx\?auth=/);
		expect(JSON.stringify(result.items)).not.toContain(TOKEN);
	});

	it('off: every field SelSup sent, at the top level', async () => {
		taskList(() => [fullTask(2)]);
		const result = await run({ resource: 'task', operation: 'getMany', simplify: false });
		expect(result.items[0].json).toEqual(fullTask(2));
	});

	it('Task → Get simplifies alike; Cancel returns the whole task', async () => {
		nock(BASE)
			.get(FIND)
			.query({ id: '2' })
			.reply(200, { rows: [fullTask(2)] });
		const got = await run({ resource: 'task', operation: 'get', taskId: '2' });
		expect(Object.keys(got.items[0].json).sort()).toEqual([...SIMPLE].sort());
		nock(BASE)
			.get(FIND)
			.query({ id: '2' })
			.reply(200, { rows: [fullTask(2)] });
		const raw = await run({ resource: 'task', operation: 'get', taskId: '2', simplify: false });
		expect(raw.items[0].json).toEqual(fullTask(2));
		nock(BASE).post('/api/task/cancelTask').query({ taskId: '2' }).reply(200, fullTask(2));
		const cancelled = await run({ resource: 'task', operation: 'cancel', taskId: '2' });
		expect(cancelled.items[0].json).toEqual(fullTask(2));
	});
});
