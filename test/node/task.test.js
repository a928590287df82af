const nock = require('nock');

import { BASE, catchAll, expectNoToken, run, setupNock, TOKEN, XLSX_MIME, xlsxBytes } from './support';

setupNock();

const FIND = '/api/task/findTask';
const fast = { pollInterval: 1, waitTimeout: 10 };

/** findTask?id=<id> answering the given tasks in turn (the last one for ever), each call recorded. */
function findTaskSequence(id, tasks) {
	const polls = [];
	let n = 0;
	const scope = nock(BASE)
		.persist()
		.get(FIND)
		.query({ id: String(id) })
		.reply(function () {
			polls.push({ at: Date.now(), auth: this.req.headers.authorization });
			const task = tasks[Math.min(n++, tasks.length - 1)];
			return [200, { rows: [task] }];
		});
	return { polls, scope };
}

describe('Task → Get', () => {
	it('reads findTask?id= and returns the task', async () => {
		const task = { id: 1042, status: 'RUNNING', progress: 40, type: 'PRODUCTS_EXPORT' };
		const scope = nock(BASE)
			.get(FIND)
			.query({ id: '1042' })
			.reply(200, { rows: [task] });
		const { hits } = catchAll();
		const result = await run({ resource: 'task', operation: 'get', taskId: '1042' });
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(hits).toEqual([]);
		// The task's fields at the top level, as Get Many gives them; no resource/operation echo. Simplify (on by
		// default) adds the words for the codes: TASK_STATUS's "Running"; a type SelSup added later in its own words.
		expect(result.items).toEqual([{ json: { ...task, statusLabel: 'Running', typeLabel: 'Products Export' }, pairedItem: { item: 0 } }]);
	});

	it('an unknown task is an error naming it', async () => {
		nock(BASE).get(FIND).query({ id: '5' }).reply(200, { rows: [] });
		const result = await run({ resource: 'task', operation: 'get', taskId: '5' });
		expect(result.error?.message).toMatch(/SelSup has no task 5/);
	});
});

describe('Task → Cancel', () => {
	it('POSTs /api/task/cancelTask?taskId= and returns the task', async () => {
		const scope = nock(BASE).post('/api/task/cancelTask').query({ taskId: '1042' }).reply(200, { id: 1042, status: 'STOPPED' });
		const { hits } = catchAll();
		const result = await run({ resource: 'task', operation: 'cancel', taskId: '1042' });
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(hits).toEqual([]);
		expect(result.items[0].json).toEqual({ id: 1042, status: 'STOPPED' });
	});
});

describe('Task → Wait', () => {
	it('polls until FINISHED, then downloads the relative url on the base host with the token', async () => {
		const { polls } = findTaskSequence(1042, [
			{ id: 1042, status: 'CREATED' },
			{ id: 1042, status: 'RUNNING', progress: 10 },
			{ id: 1042, status: 'RUNNING', progress: 70 },
			{ id: 1042, status: 'FINISHED', url: '/files/file?path=tasks/1042/Остатки.xlsx' },
		]);
		let downloadAuth;
		const file = xlsxBytes();
		const download = nock(BASE)
			.get('/files/file')
			.query({ path: 'tasks/1042/Остатки.xlsx' })
			.reply(function () {
				downloadAuth = this.req.headers.authorization;
				return [200, file, { 'Content-Type': 'application/octet-stream' }];
			});
		const { hits } = catchAll();
		const t0 = Date.now();

		const result = await run({ resource: 'task', operation: 'wait', taskId: '1042', options: fast });

		expect(result.error).toBeUndefined();
		expect(hits).toEqual([]);
		expect(download.isDone()).toBe(true);
		expect(downloadAuth).toBe(TOKEN);
		// One look to read the task, then checks until FINISHED is seen: exactly four, none after.
		expect(polls).toHaveLength(4);
		expect(polls.every((p) => p.auth === TOKEN)).toBe(true);
		// The schedule for 0.2 s: checks no earlier than 0.1, 0.2 and 0.4 s after the start (lower bounds
		// only: a loaded machine may be late, never early).
		expect(polls[1].at - t0).toBeGreaterThanOrEqual(95);
		expect(polls[2].at - t0).toBeGreaterThanOrEqual(195);
		expect(polls[3].at - t0).toBeGreaterThanOrEqual(395);
		const item = result.items[0];
		expect(item.json).toMatchObject({
			task: { id: 1042, status: 'FINISHED' },
			statusChecks: 3,
			fileName: 'Остатки.xlsx',
			mimeType: XLSX_MIME,
			fileSize: file.length,
		});
		expect(item.binary?.data).toMatchObject({ fileName: 'Остатки.xlsx', mimeType: XLSX_MIME });
		expect((await result.binaries(0)).equals(file)).toBe(true);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('downloads an absolute url on the base host with the token', async () => {
		findTaskSequence(7, [{ id: 7, status: 'FINISHED', url: `${BASE}/api/files/file?path=tasks/7/export.xlsx` }]);
		let auth;
		nock(BASE)
			.get('/api/files/file')
			.query({ path: 'tasks/7/export.xlsx' })
			.reply(function () {
				auth = this.req.headers.authorization;
				return [200, xlsxBytes(), { 'Content-Type': XLSX_MIME, 'Content-Disposition': 'attachment; filename="export-7.xlsx"' }];
			});
		const { hits } = catchAll();
		const result = await run(
			{ resource: 'task', operation: 'wait', taskId: '7', options: fast, binaryPropertyName: 'report' },
			{ binaryMode: 'filesystem' },
		);
		expect(result.error).toBeUndefined();
		expect(hits).toEqual([]);
		expect(auth).toBe(TOKEN);
		expect(result.items[0].json).toMatchObject({ statusChecks: 0, fileName: 'export-7.xlsx' });
		expect(result.items[0].binary?.report).toMatchObject({ fileName: 'export-7.xlsx', mimeType: XLSX_MIME });
		expect(result.items[0].binary?.data).toBeUndefined();
		expect((await result.binaries(0, 'report')).equals(xlsxBytes())).toBe(true);
	});

	it('fetches a url on another host WITHOUT the Authorization header', async () => {
		const OTHER = 'https://storage.other.test';
		findTaskSequence(8, [{ id: 8, status: 'FINISHED', url: `${OTHER}/exports/8.xlsx?sig=abc` }]);
		const headers = [];
		const scope = nock(OTHER)
			.get('/exports/8.xlsx')
			.query({ sig: 'abc' })
			.reply(function () {
				headers.push({ ...this.req.headers });
				return [200, xlsxBytes(), { 'Content-Type': 'application/octet-stream' }];
			});
		const { hits } = catchAll();
		const result = await run({ resource: 'task', operation: 'wait', taskId: '8', options: fast });
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(hits).toEqual([]);
		expect(headers).toHaveLength(1);
		expect(headers[0].authorization).toBeUndefined();
		expect(JSON.stringify(headers)).not.toContain(TOKEN);
		expect(result.items[0].json).toMatchObject({ fileName: '8.xlsx', mimeType: XLSX_MIME });
	});

	it('a redirect from the base host to another host does not carry the token there', async () => {
		const OTHER = 'https://cdn.other.test';
		findTaskSequence(9, [{ id: 9, status: 'FINISHED', url: '/files/file?path=tasks/9/a.xlsx' }]);
		nock(BASE)
			.get('/files/file')
			.query({ path: 'tasks/9/a.xlsx' })
			.reply(302, '', { Location: `${OTHER}/a.xlsx` });
		let auth = 'not requested';
		nock(OTHER)
			.get('/a.xlsx')
			.reply(function () {
				auth = this.req.headers.authorization;
				return [200, xlsxBytes(), { 'Content-Type': XLSX_MIME }];
			});
		const result = await run({ resource: 'task', operation: 'wait', taskId: '9', options: fast });
		expect(result.error).toBeUndefined();
		expect(auth).toBeUndefined();
	});

	it('without a url, or with downloadResult off, returns the task JSON only', async () => {
		findTaskSequence(11, [
			{ id: 11, status: 'RUNNING' },
			{ id: 11, status: 'FINISHED' },
		]);
		const { hits } = catchAll();
		const result = await run({ resource: 'task', operation: 'wait', taskId: '11', options: fast });
		expect(result.error).toBeUndefined();
		expect(hits).toEqual([]);
		expect(result.items[0].json).toMatchObject({ task: { id: 11, status: 'FINISHED' }, noFile: true, statusChecks: 1 });
		expect(result.items[0].binary).toBeUndefined();

		nock.cleanAll();
		findTaskSequence(12, [{ id: 12, status: 'FINISHED', url: '/files/file?path=x.xlsx' }]);
		const again = catchAll();
		const off = await run({ resource: 'task', operation: 'wait', taskId: '12', options: { ...fast, downloadResult: false } });
		expect(off.error).toBeUndefined();
		expect(again.hits).toEqual([]);
		expect(off.items[0].json.task).toMatchObject({ url: '/files/file?path=x.xlsx' });
		expect(off.items[0].binary).toBeUndefined();
	});
});

describe('Task → Download', () => {
	it('a finished task: its file', async () => {
		nock(BASE)
			.get(FIND)
			.query({ id: '20' })
			.reply(200, { rows: [{ id: 20, status: 'FINISHED', url: '/files/file?path=tasks/20/stock.xlsx' }] });
		const scope = nock(BASE)
			.get('/files/file')
			.query({ path: 'tasks/20/stock.xlsx' })
			.reply(200, xlsxBytes(), { 'Content-Type': 'application/octet-stream' });
		const { hits } = catchAll();
		const result = await run({ resource: 'task', operation: 'download', taskId: '20' });
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(hits).toEqual([]);
		expect(result.items[0].json).toMatchObject({ fileName: 'stock.xlsx', mimeType: XLSX_MIME, task: { id: 20, status: 'FINISHED' } });
		expect(result.items[0].json).not.toHaveProperty('operation');
		expect((await result.binaries(0)).equals(xlsxBytes())).toBe(true);
	});

	it('a running task: a clear error, and no download', async () => {
		nock(BASE)
			.get(FIND)
			.query({ id: '21' })
			.reply(200, { rows: [{ id: 21, status: 'RUNNING', progress: 30 }] });
		const { hits } = catchAll();
		const result = await run({ resource: 'task', operation: 'download', taskId: '21' });
		expect(result.error?.message).toBe('SelSup task 21 has not finished yet (status Running)');
		expect(hits).toEqual([]);
	});

	it('a failed task: an error with the task message, and no download', async () => {
		nock(BASE)
			.get(FIND)
			.query({ id: '22' })
			.reply(200, { rows: [{ id: 22, status: 'ERROR', message: 'Нет товаров для выгрузки' }] });
		const { hits } = catchAll();
		const result = await run({ resource: 'task', operation: 'download', taskId: '22' });
		expect(result.error?.message).toBe('SelSup task 22 ended with status Error: Нет товаров для выгрузки');
		expect(hits).toEqual([]);
	});
});

describe('task failure statuses', () => {
	it.each(['ERROR', 'EXCEPTION', 'INTERRUPTED', 'STOPPED'])(
		'%s while waiting: error with the task id and its message, no more polls',
		async (status) => {
			const { polls } = findTaskSequence(1042, [
				{ id: 1042, status: 'RUNNING' },
				{ id: 1042, status, message: `Ошибка выгрузки (${status})` },
			]);
			const { hits } = catchAll();
			const result = await run({ resource: 'task', operation: 'wait', taskId: '1042', options: fast });
			expect(result.error?.message).toContain('1042');
			expect(result.error?.message).toContain(status);
			expect(result.error?.message).toContain(`Ошибка выгрузки (${status})`);
			expect(polls).toHaveLength(2);
			expect(hits).toEqual([]);
			expectNoToken(result);
		},
	);

	it('a task started by a route that then fails: the error names the task and carries its message', async () => {
		const start = nock(BASE).post('/api/export/stocksFile').query({}).reply(200, { id: 555, status: 'CREATED' });
		findTaskSequence(555, [{ id: 555, status: 'EXCEPTION', message: 'java.lang.IllegalStateException: склад удалён' }]);
		const { hits } = catchAll();
		const result = await run({ resource: 'stock', operation: 'stocksFile', options: fast });
		expect(start.isDone()).toBe(true);
		expect(hits).toEqual([]);
		expect(result.error?.message).toBe('SelSup task 555 ended with status Exception: java.lang.IllegalStateException: склад удалён');
	});
});

describe('timeout', () => {
	const timeout = { pollInterval: 1, waitTimeout: 1 };

	it('fail: an error naming the task id', async () => {
		const { polls } = findTaskSequence(1042, [{ id: 1042, status: 'RUNNING', progress: 15 }]);
		const { hits } = catchAll();
		const t0 = Date.now();
		const result = await run({ resource: 'task', operation: 'wait', taskId: '1042', options: { ...timeout, onTimeout: 'fail' } });
		const elapsed = Date.now() - t0;
		expect(result.error?.message).toMatch(/^SelSup task 1042 did not finish within 1 s \(status Running, 15% done\)/);
		expect(elapsed).toBeGreaterThanOrEqual(950);
		expect(elapsed).toBeLessThan(3000);
		// The first look, a check at 0.5 s and one at the deadline 1 s.
		expect(polls.length).toBeGreaterThanOrEqual(2);
		expect(polls.length).toBeLessThanOrEqual(3);
		expect(hits).toEqual([]);
	});

	it('returnTask: the item carries the task JSON and timedOut: true', async () => {
		findTaskSequence(1042, [{ id: 1042, status: 'RUNNING', progress: 15 }]);
		const { hits } = catchAll();
		const result = await run({ resource: 'task', operation: 'wait', taskId: '1042', options: { ...timeout, onTimeout: 'returnTask' } });
		expect(result.error).toBeUndefined();
		expect(hits).toEqual([]);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ task: { id: 1042, status: 'RUNNING', progress: 15 }, timedOut: true, cancelled: false });
		expect(result.items[0].binary).toBeUndefined();
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('cancelTask: cancelTask is called and the item says cancelled', async () => {
		findTaskSequence(1042, [{ id: 1042, status: 'RUNNING' }]);
		const cancel = nock(BASE).post('/api/task/cancelTask').query({ taskId: '1042' }).reply(200, { id: 1042, status: 'STOPPED' });
		const { hits } = catchAll();
		const result = await run({ resource: 'task', operation: 'wait', taskId: '1042', options: { ...timeout, onTimeout: 'cancelTask' } });
		expect(result.error).toBeUndefined();
		expect(cancel.isDone()).toBe(true);
		expect(hits).toEqual([]);
		expect(result.items[0].json).toMatchObject({ task: { id: 1042, status: 'STOPPED' }, timedOut: true, cancelled: true });
	});
});

describe('execution cancelled while waiting', () => {
	it('stops quickly with an error, and polls no more', async () => {
		const { polls } = findTaskSequence(1042, [{ id: 1042, status: 'RUNNING' }]);
		const { hits } = catchAll();
		const controller = new AbortController();
		let abortedAt = 0;
		setTimeout(() => {
			abortedAt = Date.now();
			controller.abort();
		}, 1200); // between the checks due at 1 and 2 s
		const t0 = Date.now();
		const result = await run(
			{ resource: 'task', operation: 'wait', taskId: '1042', options: { pollInterval: 1, waitTimeout: 60 } },
			{ abortSignal: controller.signal },
		);
		const finished = Date.now();
		expect(abortedAt).toBeGreaterThan(0);
		expect(result.error?.message).toMatch(/cancelled/);
		expect(result.error?.message).toContain('1042');
		expect(finished - abortedAt).toBeLessThan(1000);
		expect(finished - t0).toBeLessThan(3000);
		expect(polls.length).toBeGreaterThanOrEqual(2);
		expect(polls.filter((p) => p.at > abortedAt)).toEqual([]);
		// Nothing more happens after the node returned.
		const count = polls.length;
		await new Promise((r) => setTimeout(r, 500));
		expect(polls).toHaveLength(count);
		expect(hits).toEqual([]);
	});
});

describe('findTask rows that are not the requested task', () => {
	// SelSup answering other rows (e.g. ignoring the id filter) must not pass another task off as this one.
	const otherRows = {
		rows: [
			{ id: 999, status: 'FINISHED', url: '/files/file?path=tasks/999/other.xlsx' },
			{ id: 998, status: 'RUNNING' },
		],
	};

	it.each(['get', 'wait', 'download'])('%s: no row with the id means SelSup has no such task, and nothing else is fetched', async (operation) => {
		const find = nock(BASE).get(FIND).query({ id: '31' }).reply(200, otherRows);
		const { hits } = catchAll();
		const result = await run({ resource: 'task', operation, taskId: '31', options: operation === 'wait' ? fast : {} });
		expect(find.isDone()).toBe(true);
		expect(result.error?.message).toBe('SelSup has no task 31');
		expect(result.items).toEqual([]);
		expect(hits).toEqual([]);
	});

	it('the row with the id is used even when it is not the first', async () => {
		nock(BASE)
			.get(FIND)
			.query({ id: '31' })
			.reply(200, { rows: [...otherRows.rows, { id: 31, status: 'RUNNING', progress: 5 }] });
		const result = await run({ resource: 'task', operation: 'get', taskId: '31' });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ id: 31, status: 'RUNNING', statusLabel: 'Running', progress: 5 });
	});

	it('wait: a row for another id while polling is "no longer known", not that task\'s status', async () => {
		let n = 0;
		nock(BASE)
			.persist()
			.get(FIND)
			.query({ id: '32' })
			.reply(() => [200, n++ === 0 ? { rows: [{ id: 32, status: 'RUNNING' }] } : otherRows]);
		const { hits } = catchAll();
		const result = await run({ resource: 'task', operation: 'wait', taskId: '32', options: fast });
		expect(result.error?.message).toBe('SelSup no longer knows task 32');
		expect(hits).toEqual([]);
	});
});

describe('a finished task with `file` but no `url`', () => {
	it('download: the file is read through /files/file?path=<file> with the token, named after the path', async () => {
		nock(BASE)
			.get(FIND)
			.query({ id: '40' })
			.reply(200, { rows: [{ id: 40, status: 'FINISHED', url: null, file: 'tasks/40/Остатки склада.xlsx' }] });
		let auth;
		const file = xlsxBytes('file-route');
		const scope = nock(BASE)
			.get('/files/file')
			.query({ path: 'tasks/40/Остатки склада.xlsx' })
			.reply(function () {
				auth = this.req.headers.authorization;
				return [200, file, { 'Content-Type': 'application/octet-stream' }];
			});
		const { hits } = catchAll();
		const result = await run({ resource: 'task', operation: 'download', taskId: '40' });
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(hits).toEqual([]);
		expect(auth).toBe(TOKEN);
		expect(result.items[0].json).toMatchObject({ fileName: 'Остатки склада.xlsx', mimeType: XLSX_MIME, fileSize: file.length });
		expect(result.items[0].json.noFile).toBeUndefined();
		expect((await result.binaries(0)).equals(file)).toBe(true);
	});

	it('wait: the same, after the task finishes', async () => {
		findTaskSequence(41, [
			{ id: 41, status: 'RUNNING' },
			{ id: 41, status: 'FINISHED', file: 'reports/41.xlsx' },
		]);
		const scope = nock(BASE).get('/files/file').query({ path: 'reports/41.xlsx' }).reply(200, xlsxBytes(), { 'Content-Type': XLSX_MIME });
		const { hits } = catchAll();
		const result = await run({ resource: 'task', operation: 'wait', taskId: '41', options: fast });
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(hits).toEqual([]);
		expect(result.items[0].json).toMatchObject({ fileName: '41.xlsx', statusChecks: 1 });
	});

	it('a url, when there is one, wins over file', async () => {
		nock(BASE)
			.get(FIND)
			.query({ id: '42' })
			.reply(200, { rows: [{ id: 42, status: 'FINISHED', url: '/files/file?path=by-url.xlsx', file: 'by-file.xlsx' }] });
		const scope = nock(BASE).get('/files/file').query({ path: 'by-url.xlsx' }).reply(200, xlsxBytes(), { 'Content-Type': XLSX_MIME });
		const { hits } = catchAll();
		const result = await run({ resource: 'task', operation: 'download', taskId: '42' });
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(hits).toEqual([]);
	});
});
