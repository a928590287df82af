const nock = require('nock');

import { BASE, catchAll, errorText, expectNoToken, run, setupNock, TOKEN, XLSX_MIME, xlsxBytes } from './support';

setupNock();

const ROUTE = '/api/export/downloadBarcodeOrder';
const fileRoute = (orderId = '7', options = {}) => ({
	resource: 'order',
	operation: 'downloadBarcodeOrder',
	orderId,
	options,
});
const taskGet = (options = {}) => ({ resource: 'task', operation: 'get', taskId: '1042', options });
const JSON_UTF8 = { 'Content-Type': 'application/json;charset=UTF-8' };

/**
 * A socket reset as Node reports it. nock 14 needs an Error instance here: a plain object such as
 * `{ code: 'ECONNRESET' }` makes its interceptor throw and the request never settle (nock/nock#2829).
 */
const reset = (message = 'read ECONNRESET') => Object.assign(new Error(message), { code: 'ECONNRESET' });

describe('error mapping', () => {
	it('400 {error, localMessage} on a file route (bytes): SelSup’s Cyrillic message and the status', async () => {
		const scope = nock(BASE)
			.get(ROUTE)
			.query({ orderId: '7' })
			.reply(400, { error: 'INVALID_PARAMETER', localMessage: 'Заказ 7 не найден', params: ['orderId'] }, JSON_UTF8);
		const { hits } = catchAll();
		const result = await run(fileRoute());
		const error = result.error;
		expect(scope.isDone()).toBe(true);
		expect(hits).toEqual([]);
		expect(error.message).toBe('SelSup refused the request (order/downloadBarcodeOrder, HTTP 400, item 0): Заказ 7 не найден');
		expect(error.httpCode).toBe('400');
		expect(error.description).toContain('INVALID_PARAMETER');
		expectNoToken(result);
	});

	it('400 on a JSON route (read as bytes): the Cyrillic localMessage is decoded, not mojibake', async () => {
		nock(BASE).get('/api/task/findTask').query({ id: '1042' }).reply(400, { error: 'BAD', localMessage: 'Задача не принадлежит клиенту' }, JSON_UTF8);
		const result = await run(taskGet());
		const error = result.error;
		expect(error.message).toContain('Задача не принадлежит клиенту');
		expect(error.httpCode).toBe('400');
	});

	it('403: says the token is wrong or revoked, and is not retried', async () => {
		const scope = nock(BASE).get(ROUTE).query({ orderId: '7' }).reply(403, { error: 'FORBIDDEN' }, JSON_UTF8);
		const { hits } = catchAll();
		const result = await run(fileRoute());
		const error = result.error;
		expect(scope.isDone()).toBe(true);
		expect(hits).toEqual([]);
		expect(error.message).toMatch(/rejected the API token/);
		expect(error.description).toMatch(/wrong, revoked/);
		// SelSup's code is its whole message here: shown once.
		expect(`${error.message} ${error.description}`.match(/FORBIDDEN/g)).toHaveLength(1);
		expect(error.httpCode).toBe('403');
		expectNoToken(result);
	});

	it('500 {error, message}: SelSup’s message', async () => {
		nock(BASE)
			.get(ROUTE)
			.query({ orderId: '7' })
			.reply(500, { error: 'INTERNAL_ERROR', message: 'Ошибка формирования файла', system: 'x' }, JSON_UTF8);
		const { hits } = catchAll();
		const result = await run(fileRoute('7', { retries: 0 }));
		const error = result.error;
		expect(hits).toEqual([]);
		expect(error.message).toBe('SelSup failed to process the request (order/downloadBarcodeOrder, HTTP 500, item 0): Ошибка формирования файла');
		expect(error.httpCode).toBe('500');
		expectNoToken(result);
	});

	it('503 until retries are exhausted: the message says how many attempts, exactly that many sent', async () => {
		const scope = nock(BASE)
			.get(ROUTE)
			.query({ orderId: '7' })
			.times(3)
			.reply(503, { error: 'UNAVAILABLE', message: 'Сервис недоступен' }, { ...JSON_UTF8, 'Retry-After': '0' });
		const { hits } = catchAll();
		const result = await run(fileRoute('7', { retries: 2 }));
		const error = result.error;
		expect(scope.isDone()).toBe(true);
		expect(hits).toEqual([]);
		expect(error.message).toBe(
			'SelSup failed to process the request (order/downloadBarcodeOrder, HTTP 503, item 0) after 3 attempts: Сервис недоступен',
		);
		expect(error.httpCode).toBe('503');
	});

	it('503 then 200: the retry succeeds', async () => {
		nock(BASE).get(ROUTE).query({ orderId: '7' }).reply(503, '', { 'Retry-After': '0' });
		nock(BASE).get(ROUTE).query({ orderId: '7' }).reply(200, xlsxBytes(), { 'Content-Type': 'application/octet-stream' });
		const { hits } = catchAll();
		const result = await run(fileRoute('7', { retries: 1 }));
		expect(result.error).toBeUndefined();
		expect(hits).toEqual([]);
		expect(result.items[0].json).toMatchObject({ fileName: 'wildberries-order-7.xlsx', mimeType: XLSX_MIME });
	});
});

describe('continueOnFail', () => {
	it('3 items, the middle one 400: 3 outputs, the middle an error item paired to item 1', async () => {
		for (const id of ['10', '30']) {
			nock(BASE).get(ROUTE).query({ orderId: id }).reply(200, xlsxBytes(id), { 'Content-Type': 'application/octet-stream' });
		}
		nock(BASE).get(ROUTE).query({ orderId: '20' }).reply(400, { error: 'INVALID_PARAMETER', localMessage: 'Заказ 20 удалён' }, JSON_UTF8);
		const { hits } = catchAll();

		const result = await run(fileRoute('={{ $json.id }}'), {
			continueOnFail: true,
			input: [{ json: { id: 10 } }, { json: { id: 20 } }, { json: { id: 30 } }],
		});

		expect(result.error).toBeUndefined();
		expect(hits).toEqual([]);
		expect(result.items).toHaveLength(3);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const [first, middle, last] = result.items;
		expect(first.json).toMatchObject({ fileName: 'wildberries-order-10.xlsx' });
		expect(last.json).toMatchObject({ fileName: 'wildberries-order-30.xlsx' });
		expect((await result.binaries(0)).equals(xlsxBytes('10'))).toBe(true);
		expect((await result.binaries(2)).equals(xlsxBytes('30'))).toBe(true);
		expect(middle.binary).toBeUndefined();
		expect(middle.json.error).toEqual(expect.stringContaining('order/downloadBarcodeOrder'));
		expect(middle.json.error).toEqual(expect.stringContaining('HTTP 400'));
		expect(middle.json.error).toEqual(expect.stringContaining('Заказ 20 удалён'));
		expect(middle.json).toMatchObject({ httpCode: '400', itemIndex: 1 });
		expectNoToken(result);
	});

	it('bad input of one item: an error item for it, the others still run, no request for it', async () => {
		const ok = nock(BASE).get(ROUTE).query({ orderId: '10' }).reply(200, xlsxBytes(), { 'Content-Type': XLSX_MIME });
		const { hits } = catchAll();
		const result = await run(fileRoute('={{ $json.id }}'), {
			continueOnFail: true,
			input: [{ json: { id: 10 } }, { json: { id: 'abc' } }],
		});
		expect(result.error).toBeUndefined();
		expect(ok.isDone()).toBe(true);
		expect(hits).toEqual([]);
		expect(result.items).toHaveLength(2);
		expect(result.items[1]).toEqual({
			json: expect.objectContaining({ error: 'Order ID (orderId) must be a whole number, but got "abc" [item 1]' }),
			pairedItem: { item: 1 },
		});
	});
});

describe('bad inputs: an error naming the field and the item, and no request sent', () => {
	const twoItems = (bad) => [{ json: { v: 5 } }, { json: { v: bad } }];
	/** @type {Array<[string, object, unknown, RegExp]>} */
	const cases = [
		['empty required ID', fileRoute('={{ $json.v }}'), '', /^Order ID \(orderId\) is required but empty \[item 1\]$/],
		['non-numeric ID', fileRoute('={{ $json.v }}'), '12abc', /^Order ID \(orderId\) must be a whole number.*\[item 1\]$/],
		['negative ID', fileRoute('={{ $json.v }}'), -3, /^Order ID \(orderId\) must be an ID above zero.*\[item 1\]$/],
		[
			'array where a single ID is expected',
			fileRoute('={{ $json.v }}'),
			[1, 2],
			/^Order ID \(orderId\) must be a single value, but got a list \[item 1\]$/,
		],
		[
			'unknown enum value for service',
			{ resource: 'stock', operation: 'stocks', organizationId: 5, service: '={{ $json.v === 5 ? "OZON" : $json.v }}' },
			'OZONE',
			/^Service \(service\) has the unknown value "OZONE" \[item 1\]$/,
		],
		[
			'invalid JSON in filterJson',
			{ resource: 'product', operation: 'getProductsFile', filterInput: 'json', filterJson: '={{ $json.v === 5 ? "{}" : $json.v }}' },
			'{"query": "платье",',
			/^Filter Json \(filterJson\) is not valid JSON: .*\[item 1\]$/,
		],
		[
			'poll interval 0',
			{ resource: 'task', operation: 'wait', taskId: '1042', options: { pollInterval: '={{ $json.v === 5 ? 1 : $json.v }}' } },
			0,
			/^Poll Interval \(Seconds\) \(pollInterval\) must be a number of at least 1, but got 0 \[item 1\]$/,
		],
		['empty task ID', { resource: 'task', operation: 'get', taskId: '={{ $json.v }}' }, ' ', /^Task ID \(taskId\) is required but empty \[item 1\]$/],
	];

	it.each(cases)('%s', async (_name, parameters, bad, message) => {
		const { hits } = catchAll();
		const result = await run(parameters, { input: twoItems(bad) });
		expect(result.error?.message).toMatch(message);
		expect(hits).toEqual([]);
		expect(result.items).toEqual([]);
		expectNoToken(result);
	});

	it('a literal array expression for orderId', async () => {
		const { hits } = catchAll();
		const result = await run(fileRoute('={{ [1,2] }}'));
		expect(result.error?.message).toBe('Order ID (orderId) must be a single value, but got a list [item 0]');
		expect(hits).toEqual([]);
	});

	it('a literal 0 poll interval and a non-numeric one', async () => {
		const { hits } = catchAll();
		for (const pollInterval of [0, -1, 0.01, 'often']) {
			const result = await run({ resource: 'task', operation: 'wait', taskId: '1042', options: { pollInterval } });
			expect(result.error?.message).toMatch(/^Poll Interval \(Seconds\) \(pollInterval\) must be a number of at least 1, but got .* \[item 0\]$/);
		}
		expect(hits).toEqual([]);
	});
});

describe('the token never appears', () => {
	it('in a network error (ECONNRESET), after its retries', async () => {
		const scope = nock(BASE)
			.get(ROUTE)
			.query({ orderId: '7' })
			.times(2)
			.replyWithError(reset(`socket closed; Authorization: ${TOKEN}`));
		const { hits } = catchAll();
		const result = await run(fileRoute('7', { retries: 1, maxRetryWait: 0.01 }));
		expect(scope.isDone()).toBe(true);
		expect(hits).toEqual([]);
		expect(result.error?.message).toMatch(/connection to SelSup at selsup\.test broke/);
		expect(result.error?.message).toMatch(/after 2 attempts/);
		expectNoToken(result);
	});

	it('in a network error as an error item (continueOnFail)', async () => {
		nock(BASE).get('/api/task/findTask').query({ id: '1042' }).replyWithError(reset());
		const result = await run(taskGet({ retries: 0 }), { continueOnFail: true });
		expect(result.items[0].json.error).toMatch(/connection to SelSup .* broke/);
		expectNoToken(result);
	});

	it('in an n8n-level error whose text carries the request headers', async () => {
		nock(BASE)
			.get('/api/task/findTask')
			.query({ id: '1042' })
			.replyWithError(
				`Request failed: {"headers":{"Authorization":"${TOKEN}"},"url":"${BASE}/api/task/findTask?token=${encodeURIComponent(TOKEN)}"}`,
			);
		const failed = await run(taskGet());
		expect(failed.error?.message).toMatch(/^Request to SelSup failed: /);
		expectNoToken(failed);

		nock(BASE).get('/api/task/findTask').query({ id: '1042' }).replyWithError(`boom ${TOKEN}`);
		const continued = await run(taskGet(), { continueOnFail: true });
		expect(continued.items[0].json.error).toMatch(/boom \*\*\*/);
		expectNoToken(continued);
	});

	it('when SelSup echoes the token in its error body', async () => {
		nock(BASE)
			.get(ROUTE)
			.query({ orderId: '7' })
			.reply(400, { error: 'BAD_TOKEN_FORMAT', localMessage: `Токен ${TOKEN} не подходит` }, JSON_UTF8);
		const failed = await run(fileRoute());
		expect(failed.error?.message).toContain('Токен *** не подходит');
		expectNoToken(failed);

		nock(BASE)
			.get(ROUTE)
			.query({ orderId: '7' })
			.reply(403, { error: `FORBIDDEN ${TOKEN}` }, JSON_UTF8);
		const continued = await run(fileRoute(), { continueOnFail: true });
		expect(continued.items[0].json.error).toMatch(/rejected the API token/);
		expectNoToken(continued);
	});

	it('when a failed task’s message contains it', async () => {
		nock(BASE)
			.get('/api/task/findTask')
			.query({ id: '1042' })
			.reply(200, { rows: [{ id: 1042, status: 'ERROR', message: `auth ${TOKEN} expired` }] });
		const result = await run({ resource: 'task', operation: 'download', taskId: '1042' });
		expect(result.error?.message).toContain('auth *** expired');
		expectNoToken(result);
	});

	it('errorText sees what it should (self-check)', () => {
		const e = Object.assign(new Error('m'), { description: `d ${TOKEN}` });
		expect(errorText(e)).toContain(TOKEN);
		expect(errorText(new Error('x', { cause: { deep: TOKEN } }))).toContain(TOKEN);
	});
});
