import * as http from 'http';
import * as zlib from 'zlib';
import { startSandbox } from '../sandbox';

const TOKEN = 'sandbox-token';
let sb;

/** Raw HTTP so tests see exactly what went over the wire (and survive cut connections). */
function call(method, path, opts = {}) {
	const auth = opts.auth === undefined ? TOKEN : opts.auth;
	return new Promise((resolve, reject) => {
		const req = http.request(`${sb.url}${path}`, {
			method,
			agent: false,
			headers: {
				...(auth !== null ? { authorization: auth } : {}),
				...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
			},
		});
		req.on('error', reject);
		req.on('response', (res) => {
			const chunks = [];
			let aborted = false;
			res.on('data', (c) => chunks.push(c));
			res.on('aborted', () => (aborted = true));
			res.on('error', () => (aborted = true));
			res.on('close', () =>
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), aborted: aborted || !res.complete }),
			);
		});
		req.end(opts.body);
	});
}
const jsonOf = (r) => JSON.parse(r.body.toString('utf8'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Reads a stored ZIP by its central directory, checking every entry's CRC-32. */
function unzip(buf) {
	const crc32 = zlib.crc32;
	const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	expect(eocd).toBeGreaterThan(0);
	const count = buf.readUInt16LE(eocd + 10);
	let p = buf.readUInt32LE(eocd + 16);
	const files = new Map();
	for (let i = 0; i < count; i++) {
		expect(buf.readUInt32LE(p)).toBe(0x02014b50);
		const crc = buf.readUInt32LE(p + 16);
		const size = buf.readUInt32LE(p + 20);
		const nameLen = buf.readUInt16LE(p + 28);
		const extraLen = buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
		const local = buf.readUInt32LE(p + 42);
		const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
		expect(buf.readUInt32LE(local)).toBe(0x04034b50);
		const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
		const data = buf.subarray(start, start + size);
		if (crc32) expect(crc32(data)).toBe(crc);
		files.set(name, data);
		p += 46 + nameLen + extraLen;
	}
	return files;
}

beforeAll(async () => {
	sb = await startSandbox({ port: 0, token: TOKEN, taskDurationMs: 400 });
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

test('refuses requests without the raw token', async () => {
	const none = await call('GET', '/api/warehouse/list', { auth: null });
	expect(none.status).toBe(403);
	expect(jsonOf(none)).toEqual({ error: 'FORBIDDEN' });
	expect((await call('GET', '/api/warehouse/list', { auth: `Bearer ${TOKEN}` })).status).toBe(403);
	const ok = await call('GET', '/api/warehouse/list');
	expect(ok.status).toBe(200);
	expect(jsonOf(ok)[0]).toEqual(expect.objectContaining({ id: expect.any(Number), name: expect.any(String) }));
	const orgs = jsonOf(await call('GET', '/api/client/findClientOrganization'));
	expect(orgs.rows.map((r) => r.organization.shortName)).toContain('ООО Ромашка');
});

test('validates query parameters like SelSup', async () => {
	const missing = await call('GET', '/api/export/stocks?organizationId=11');
	expect(missing.status).toBe(400);
	expect(jsonOf(missing)).toEqual({
		error: 'REQUIRED_PARAMETER',
		localMessage: 'Не заполнен обязательный параметр service',
		params: { name: 'service' },
	});
	const notInt = jsonOf(await call('GET', '/api/export/stocks?organizationId=1.5&service=OZON'));
	expect(notInt.localMessage).toContain('organizationId');
	expect((await call('GET', '/api/export/stocks?organizationId=1&service=MARS')).status).toBe(400);
	expect(jsonOf(await call('GET', '/api/export/ozonImagesByView?viewIds[]=1&viewIds[]=2')).error).toBe('BAD_ARRAY_FORMAT');
	expect(jsonOf(await call('GET', '/api/export/ozonImagesByView?viewIds=1,2')).error).toBe('BAD_ARRAY_FORMAT');
	expect((await call('GET', '/api/export/ozonImagesByView?viewIds=1&viewIds=2')).status).toBe(200);
	expect((await call('POST', '/api/export/getProductsFile', { body: '{nope' })).status).toBe(400);
});

test('serves a valid, deterministic xlsx with its Content-Disposition', async () => {
	const res = await call('GET', '/api/export/serviceStocks?organizationId=11&service=OZON');
	expect(res.status).toBe(200);
	expect(res.headers['content-length']).toBe(String(res.body.length));
	expect(res.headers['content-disposition']).toBe(`attachment; filename="file.xlsx"; filename*=UTF-8''${encodeURIComponent('Остатки.xlsx')}`);
	const expected = sb.expectedFile('/api/export/serviceStocks', { organizationId: 11, service: 'OZON' });
	expect(res.body.equals(expected.buffer)).toBe(true);
	expect(expected.fileName).toBe('Остатки.xlsx');
	const files = unzip(res.body);
	expect([...files.keys()]).toEqual(
		expect.arrayContaining(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml']),
	);
	const sheet = files.get('xl/worksheets/sheet1.xml').toString('utf8');
	expect(sheet).toContain('<sheetData>');
	expect(sheet).toContain('Остаток');
	// The log keeps the hash of what was sent.
	const entry = sb.requests.at(-1);
	expect(entry.sha256).toBe(require('crypto').createHash('sha256').update(expected.buffer).digest('hex'));
	expect(entry.headers.authorization).toBe(TOKEN);
	expect(entry.query).toEqual({ organizationId: ['11'], service: ['OZON'] });
});

test('other file kinds: pdf, xml, image zip, no Content-Disposition', async () => {
	const pdf = await call('GET', '/api/export/ozon/container-labels?supplyId=777');
	expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
	expect(pdf.body.toString('latin1')).toContain('Supply 777');
	const xml = await call('GET', '/api/export/wildberriesTTN?deliveryId=5');
	expect(xml.body.toString('utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
	const images = unzip((await call('GET', '/api/export/wildberriesImagesByView?viewIds=3&viewIds=4')).body);
	expect(images.get('view_3/1.png').subarray(1, 4).toString()).toBe('PNG');
	expect(sb.requests.at(-1).status).toBe(200);
	const noName = await call('GET', '/api/export/supplyPrintTTN?deliveryId=5');
	expect(noName.headers['content-disposition']).toBeUndefined();
});

test('a task goes CREATED → RUNNING → FINISHED and its result downloads', async () => {
	const created = await call('POST', '/api/export/stocksFile?warehouseId=21');
	const task = jsonOf(created);
	expect(task).toEqual(expect.objectContaining({ id: 1000, status: 'CREATED', type: 'stocksFile', url: null }));
	const seen = new Set();
	let last = task;
	for (let i = 0; i < 40 && last.status !== 'FINISHED'; i++) {
		await sleep(25);
		const found = jsonOf(await call('GET', `/api/task/findTask?id=${task.id}`));
		expect(found.total).toBe(1);
		last = found.rows[0];
		seen.add(last.status);
	}
	expect(seen.has('RUNNING')).toBe(true);
	expect(last.status).toBe('FINISHED');
	expect(last.url).toBe(`/files/file?path=tasks/${task.id}/stocks.xlsx`);
	const file = await call('GET', last.url);
	expect(file.status).toBe(200);
	expect(unzip(file.body).get('xl/worksheets/sheet1.xml').toString()).toContain('Склад');
	expect(file.body.equals(sb.expectedFile('/files/file', { path: `tasks/${task.id}/stocks.xlsx` }).buffer)).toBe(true);
	expect((await call('GET', last.url, { auth: null })).status).toBe(403);
	expect(jsonOf(await call('GET', '/api/task/findTask?id=999999')).rows).toEqual([]);
	expect((await call('GET', '/files/file?path=tasks/999/x.xlsx')).status).toBe(404);
});

test('cancelled tasks stay STOPPED; task faults end tasks in failure', async () => {
	const t = jsonOf(await call('POST', '/api/export/getModelsFile'));
	expect(jsonOf(await call('POST', `/api/task/cancelTask?taskId=${t.id}`)).status).toBe('STOPPED');
	await sleep(450);
	expect(jsonOf(await call('GET', `/api/task/findTask?id=${t.id}`)).rows[0].status).toBe('STOPPED');

	sb.setFault('/api/export/exportMoySkladOrders', { taskStatus: 'ERROR', taskMessage: 'Нет связи с МойСклад', taskMs: 50 });
	const e = jsonOf(await call('POST', '/api/export/exportMoySkladOrders'));
	await sleep(80);
	const failed = jsonOf(await call('GET', `/api/task/findTask?id=${e.id}`)).rows[0];
	expect(failed).toEqual(expect.objectContaining({ status: 'ERROR', message: 'Нет связи с МойСклад', url: null }));
});

test('a fault with times: 1 applies once, then is gone', async () => {
	sb.setFault('/api/warehouse/list', { status: 503, headers: { 'retry-after': '1' }, times: 1 });
	const first = await call('GET', '/api/warehouse/list');
	expect(first.status).toBe(503);
	expect(first.headers['retry-after']).toBe('1');
	expect((await call('GET', '/api/warehouse/list')).status).toBe(200);
});

test('truncate and drop cut the connection', async () => {
	sb.setFault('/api/export/brandsFile', { truncate: 100 });
	const cut = await call('GET', '/api/export/brandsFile');
	expect(cut.aborted).toBe(true);
	expect(cut.body.length).toBe(100);
	expect(Number(cut.headers['content-length'])).toBeGreaterThan(100);
	sb.setFault('/api/export/brandsFile', { drop: 'before' });
	await expect(call('GET', '/api/export/brandsFile')).rejects.toThrow();
	sb.setFault('/api/export/brandsFile', { html: true });
	const html = await call('GET', '/api/export/brandsFile');
	expect(html.headers['content-type']).toBe('text/html');
});

test('big files stream with a ZIP signature and Content-Length', async () => {
	const big = await call('GET', '/files/file?path=big/2MB.zip');
	expect(big.headers['content-length']).toBe(String(2 * 1024 * 1024));
	expect(big.body.length).toBe(2 * 1024 * 1024);
	expect(big.body.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
	expect(unzip(big.body).get('big.bin').length).toBeGreaterThan(0);
});

test('control API works without a token', async () => {
	const base = sb.url;
	expect(await (await fetch(`${base}/__sandbox/health`)).json()).toEqual(expect.objectContaining({ ok: true }));
	const set = await fetch(`${base}/__sandbox/faults`, {
		method: 'POST',
		body: JSON.stringify({ '/api/export/stocksFile': { resultUrl: 'ftp://elsewhere.invalid/x.xlsx', taskMs: 0 } }),
	});
	expect(set.status).toBe(200);
	const t = jsonOf(await call('POST', '/api/export/stocksFile'));
	expect(jsonOf(await call('GET', `/api/task/findTask?id=${t.id}`)).rows[0].url).toBe('ftp://elsewhere.invalid/x.xlsx');
	const log = /** @type {Array<{ path: string }>} */ (await (await fetch(`${base}/__sandbox/requests`)).json());
	expect(log.map((r) => r.path)).toEqual(['/api/export/stocksFile', '/api/task/findTask']);
	await fetch(`${base}/__sandbox/faults`, { method: 'DELETE' });
	expect(jsonOf(await call('GET', `/api/task/findTask?id=${jsonOf(await call('POST', '/api/export/stocksFile')).id}`)).rows[0].url).toBeNull();
	await fetch(`${base}/__sandbox/reset`, { method: 'POST' });
	expect(sb.requests).toHaveLength(0);
});

describe('task list (findTask without id) and tasks from the cabinet', () => {
	const rowsOf = async (q) => jsonOf(await call('GET', `/api/task/findTask?${q}`));

	test('filters, newest first, paging with limit ≤ 500 and page from 1', async () => {
		const old = sb.createTask({ type: 'WILDBERRIES_CARD_UPDATE', organizationId: 12, createdAgoMs: 86_400_000, stuck: true });
		const own = jsonOf(await call('POST', '/api/export/stocksFile'));
		const made = jsonOf(
			await call('POST', '/__sandbox/tasks', {
				auth: null,
				body: JSON.stringify({
					count: 3,
					type: 'OZON_UPDATE_PRICE',
					organizationId: 13,
					entityId: 77,
					durationMs: 0,
					status: 'ERROR',
					message: 'Цена ниже минимальной',
				}),
			}),
		).tasks;
		expect(made).toHaveLength(3);
		expect(made[0]).toMatchObject({ status: 'ERROR', type: 'OZON_UPDATE_PRICE', organizationId: 13, entityId: 77, message: 'Цена ниже минимальной' });

		const all = await rowsOf('');
		expect(all.rows.map((t) => t.id)).toEqual([made[2].id, made[1].id, made[0].id, own.id, old.id]);
		expect(all.total).toBe(5);
		expect((await rowsOf('sortBy=CREATED_DATE&ascending=true')).rows[0].id).toBe(old.id);
		expect((await rowsOf('status=ERROR')).rows.map((t) => t.id)).toEqual([made[2].id, made[1].id, made[0].id]);
		expect((await rowsOf('types=WILDBERRIES_CARD_UPDATE&types=STOCKS_UPDATE')).rows.map((t) => t.id)).toEqual([old.id]);
		expect((await rowsOf('organizationId=12')).rows.map((t) => t.id)).toEqual([old.id]);
		expect((await rowsOf('entityId=77')).total).toBe(3);
		expect((await rowsOf('own=true')).rows.map((t) => t.id)).toEqual([own.id]);
		expect((await rowsOf('own=false')).total).toBe(4);

		const page2 = await rowsOf('limit=2&page=2');
		expect(page2).toMatchObject({ page: 2, total: 5 });
		expect(page2.rows.map((t) => t.id)).toEqual([made[0].id, own.id]);
		expect((await rowsOf('limit=2&page=4')).rows).toEqual([]);
		for (const bad of ['limit=501', 'limit=0', 'page=0', 'status=DONE', 'sortBy=NAME', 'own=yes', 'organizationId=x']) {
			const r = await call('GET', `/api/task/findTask?${bad}`);
			expect([bad, r.status]).toEqual([bad, 400]);
			expect(jsonOf(r).error).toBe('INVALID_PARAMETER');
		}
	});

	test('a stuck task ends when finished by hand; FINISHED carries url and file, resultAs file only file', async () => {
		const t = sb.createTask({ type: 'STOCKS_UPDATE', stuck: true });
		expect((await rowsOf(`id=${t.id}`)).rows[0].status).toBe('CREATED');
		await sleep(120); // past the queued 20 % of the 400 ms default duration
		expect((await rowsOf(`id=${t.id}`)).rows[0].status).toBe('RUNNING');
		const failed = jsonOf(
			await call('POST', `/__sandbox/tasks/${t.id}/finish`, { auth: null, body: '{"status":"INTERRUPTED","message":"Маркетплейс недоступен"}' }),
		);
		expect(failed).toMatchObject({ id: t.id, status: 'INTERRUPTED', message: 'Маркетплейс недоступен' });
		expect(Date.parse(failed.finishDate)).toBeGreaterThan(Date.parse(failed.createdDate));
		// Already final: unchanged.
		expect(sb.finishTask(t.id)).toMatchObject({ status: 'INTERRUPTED', finishDate: failed.finishDate });

		const viaUrl = sb.finishTask(sb.createTask({ stuck: true }).id);
		expect(viaUrl.url).toBe(`/files/file?path=${viaUrl.file}`);
		const viaFile = sb.finishTask(sb.createTask({ stuck: true, resultAs: 'file' }).id);
		expect(viaFile.url).toBeNull();
		const download = await call('GET', `/files/file?path=${encodeURIComponent(viaFile.file)}`);
		expect(download.status).toBe(200);
		expect(download.body.subarray(0, 2).toString()).toBe('PK');
		expect((await call('POST', '/__sandbox/tasks', { auth: null, body: '{"status":"DONE"}' })).status).toBe(400);
		expect((await call('POST', '/__sandbox/tasks/999999/finish', { auth: null, body: '{}' })).status).toBe(404);
	});
});

describe('lists for the pickers: orders, supplies, photo sessions', () => {
	const list = async (path) => {
		const r = await call('GET', path);
		return { status: r.status, body: jsonOf(r) };
	};

	it.each([
		['/api/order/find', 130],
		['/api/supply/findSupply', 64],
		['/api/photography/findPhotography', 56],
	])('%s: more than one page of 50, newest first, paged from 1, total only with count=true', async (path, total) => {
		const one = await list(`${path}?limit=50&page=1&sortBy=ID&ascending=false&count=true`);
		expect(one.status).toBe(200);
		expect(one.body.total).toBe(total);
		expect(one.body.page).toBe(1);
		expect(one.body.rows).toHaveLength(50);
		const ids = one.body.rows.map((r) => r.id);
		expect(ids).toEqual([...ids].sort((a, b) => b - a));
		const last = await list(`${path}?limit=50&page=${Math.ceil(total / 50)}&sortBy=ID&ascending=false`);
		expect(last.body.rows).toHaveLength(total % 50);
		expect(last.body.total).toBeUndefined();
		expect(Math.max(...last.body.rows.map((r) => r.id))).toBeLessThan(Math.min(...ids));
		const oldest = await list(`${path}?limit=1&sortBy=ID&ascending=true`);
		expect(oldest.body.rows[0].id).toBeLessThan(ids[49]);
	});

	it('rows look like SelSup’s: Cyrillic names, several marketplaces, Java-style dates', async () => {
		const orders = (await list('/api/order/find?limit=500')).body.rows;
		const supplies = (await list('/api/supply/findSupply?limit=500')).body.rows;
		const sessions = (await list('/api/photography/findPhotography?limit=500')).body.rows;
		expect(new Set(orders.map((o) => o.service)).size).toBeGreaterThanOrEqual(4);
		expect(new Set(supplies.map((o) => o.service)).size).toBeGreaterThanOrEqual(3);
		expect(orders.some((o) => /[А-Яа-яЁё]/.test(String(o.name)))).toBe(true);
		expect(supplies.every((s) => /[А-Яа-яЁё]/.test(String(s.name)))).toBe(true);
		expect(sessions.every((s) => /[А-Яа-яЁё]/.test(String(s.folder)))).toBe(true);
		expect(String(orders[0].created)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\[UTC\]$/);
	});

	it('honours the search text (any case, Cyrillic, numbers) and the marketplace', async () => {
		const wholesale = (await list(`/api/order/find?limit=500&query=${encodeURIComponent('ОПТ')}`)).body.rows;
		expect(wholesale.length).toBeGreaterThan(0);
		expect(wholesale.every((o) => o.name.toLowerCase().includes('опт'))).toBe(true);
		const byId = (await list('/api/order/find?query=48300')).body.rows;
		expect(byId.map((o) => o.id)).toContain(48300);
		const ozon = (await list('/api/supply/findSupply?limit=500&service=OZON')).body.rows;
		expect(ozon.length).toBeGreaterThan(0);
		expect(ozon.every((s) => s.service === 'OZON')).toBe(true);
		const none = await list(`/api/photography/findPhotography?query=${encodeURIComponent('нет такой папки')}`);
		expect(none.body.rows).toEqual([]);
	});

	it('refuses what SelSup refuses: limit above 500, page 0, an unknown sort field, no token', async () => {
		expect((await list('/api/order/find?limit=501')).status).toBe(400);
		expect((await list('/api/supply/findSupply?page=0')).status).toBe(400);
		expect((await list('/api/photography/findPhotography?sortBy=COLOUR')).body).toMatchObject({
			error: 'INVALID_PARAMETER',
			params: { name: 'sortBy' },
		});
		expect((await call('GET', '/api/order/find', { auth: null })).status).toBe(403);
	});
});

describe('a harsh account (what SelSup Trigger must survive)', () => {
	const rowsOf = async (q) => jsonOf(await call('GET', `/api/task/findTask?${q}`)).rows;
	afterEach(() => {
		sb.setDateFormat('iso');
		sb.setClockAhead(0);
	});

	test('dates without a zone (Moscow time), in epoch seconds, or in a form nobody reads', async () => {
		const t = sb.createTask({ durationMs: 0 });
		const at = Date.parse((await rowsOf('limit=1')).find((r) => r.id === t.id).createdDate);
		sb.setDateFormat('local');
		// Moscow is UTC+3: the same instant written three hours later, without a zone.
		expect((await rowsOf('limit=1'))[0].createdDate).toBe(new Date(at + 3 * 3_600_000).toISOString().replace('Z', ''));
		sb.setDateFormat('epochSeconds');
		expect((await rowsOf('limit=1'))[0].createdDate).toBe(Math.floor(at / 1000));
		sb.setDateFormat('dotted');
		expect((await rowsOf('limit=1'))[0].createdDate).toMatch(/^\d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d$/);
	});

	test("SelSup's clock ahead dates the tasks created meanwhile, not those created before", async () => {
		const before = sb.createTask({ durationMs: 0 });
		sb.setClockAhead(5 * 60_000);
		const after = sb.createTask({ durationMs: 0 });
		const rows = await rowsOf('limit=2');
		const created = (task) => Date.parse(rows.find((r) => r.id === task.id).createdDate);
		expect(created(after) - created(before)).toBeGreaterThanOrEqual(5 * 60_000);
		expect(created(after) - created(before)).toBeLessThan(5 * 60_000 + 5_000);
		expect(Math.abs(created(before) - Date.now())).toBeLessThan(5_000);
	});

	test('odd rows: one without a status, one with a null id', async () => {
		sb.createTask({ durationMs: 0, malformed: 'noStatus' });
		sb.createTask({ durationMs: 0, malformed: 'nullId' });
		const rows = await rowsOf('limit=2');
		expect(rows[0].id).toBeNull();
		expect(rows[0].status).toBe('FINISHED');
		expect(rows[1]).not.toHaveProperty('status');
		expect(typeof rows[1].id).toBe('number');
	});
});
