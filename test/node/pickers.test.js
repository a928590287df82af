/**
 * The order, supply and photo-session pickers (resource locators): what "From List" asks SelSup for
 * (search text, page, newest first) and how it labels the rows; and that a plain ID and a
 * resource-locator value send the same request.
 */
const nock = require('nock');

import { SelSupApi } from '../../credentials/SelSupApi.credentials';
import { SelSup } from '../../nodes/SelSup/SelSup.node';
import { runListSearch } from '../helpers/harness';
import fixture from '../fixtures/pickers.json';
import { startSandbox } from '../../sandbox';
import { BASE, catchAll, run, setupNock, TOKEN, xlsxBytes } from './support';

setupNock();

const search = (method, filter, token) =>
	runListSearch(
		{
			nodeType: new SelSup(),
			credentialsType: new SelSupApi(),
			credentials: { apiToken: TOKEN, baseUrl: BASE },
			// An operation that takes orders of any marketplace: its picker lists them all.
			parameters: { resource: 'order', operation: 'downloadInvoice' },
		},
		method,
		filter,
		token,
	);

/** Records the query of each request to a path and answers with `body`. */
function answer(path, body) {
	const seen = [];
	nock(BASE)
		.get(path)
		.query(true)
		.reply(function (uri) {
			seen.push({ query: Object.fromEntries(new URL(uri, BASE).searchParams), authorization: this.req.headers.authorization });
			return [200, body, { 'Content-Type': 'application/json;charset=UTF-8' }];
		});
	return seen;
}

describe('From List: the list methods', () => {
	it('orders: searches SelSup with the typed text, first page of 50, newest first; labels name/number, marketplace, status, date', async () => {
		const seen = answer('/api/order/find', { rows: fixture.orders.rows, page: 1 });
		const result = await search('searchOrders', ' 1024 ');
		expect(seen).toEqual([{ query: { query: '1024', page: '1', limit: '50', sortBy: 'ID', ascending: 'false' }, authorization: TOKEN }]);
		expect(result.results.map((r) => r.name)).toEqual(fixture.orders.labels);
		expect(result.results.map((r) => r.value)).toEqual(fixture.orders.rows.map((r) => r.id));
		// A short page is the last one.
		expect(result.paginationToken).toBeUndefined();
	});

	it('orders: without search text no query is sent; a full page hands n8n the next page, which is asked for', async () => {
		const full = Array.from({ length: 50 }, (_, i) => ({ id: 1000 - i, name: `Заказ ${1000 - i}`, service: 'OZON', status: 'CREATED' }));
		const first = answer('/api/order/find', { rows: full });
		const one = await search('searchOrders');
		expect(first[0].query).toEqual({ page: '1', limit: '50', sortBy: 'ID', ascending: 'false' });
		expect(one.results).toHaveLength(50);
		expect(one.results[0]).toEqual({ name: 'Заказ 1000 · Ozon · Created', value: 1000 });
		expect(one.paginationToken).toBe('2');

		const second = answer('/api/order/find', { rows: fixture.orders.rows.slice(0, 1) });
		const two = await search('searchOrders', 'Заказ', one.paginationToken);
		expect(second[0].query).toEqual({ query: 'Заказ', page: '2', limit: '50', sortBy: 'ID', ascending: 'false' });
		expect(two.results.map((r) => r.name)).toEqual(fixture.orders.labels.slice(0, 1));
		expect(two.paginationToken).toBeUndefined();
	});

	it('supplies: labels name, marketplace, warehouse (by name, from the warehouse list) and delivery date', async () => {
		const seen = answer('/api/supply/findSupply', { rows: fixture.supplies.rows });
		const warehouses = answer('/api/warehouse/list', fixture.supplies.warehouses);
		const result = await search('searchSupplies', 'Коледино');
		expect(seen.map((s) => s.query)).toEqual([{ query: 'Коледино', page: '1', limit: '50', sortBy: 'ID', ascending: 'false' }]);
		expect(warehouses).toHaveLength(1);
		expect(result.results.map((r) => r.name)).toEqual(fixture.supplies.labels);
		expect(result.results.map((r) => r.value)).toEqual(fixture.supplies.rows.map((r) => r.id));
	});

	it('photo sessions: labelled by folder', async () => {
		const seen = answer('/api/photography/findPhotography', { rows: fixture.photoSessions.rows });
		const result = await search('searchPhotoSessions', 'осень', '3');
		expect(seen.map((s) => s.query)).toEqual([{ query: 'осень', page: '3', limit: '50', sortBy: 'ID', ascending: 'false' }]);
		expect(result.results).toEqual(fixture.photoSessions.rows.map((r, i) => ({ name: fixture.photoSessions.labels[i], value: r.id })));
	});

	it('an operation for one marketplace lists only its records: SelSup filters by service', async () => {
		const at = (resource, operation) => (method) =>
			runListSearch(
				{
					nodeType: new SelSup(),
					credentialsType: new SelSupApi(),
					credentials: { apiToken: TOKEN, baseUrl: BASE },
					parameters: { resource, operation },
				},
				method,
			);
		const cases = [
			// From the routes' titles in SelSup's reference: Ozon cargo-place labels, Wildberries order file, Ozon invoice.
			['supply', 'ozonContainerLabels', 'searchSupplies', '/api/supply/findSupply', 'OZON'],
			['order', 'downloadBarcodeOrder', 'searchOrders', '/api/order/find', 'WILDBERRIES'],
			['order', 'ozonInvoice', 'searchOrders', '/api/order/find', 'OZON'],
			['stock', 'downloadStocksWb', 'searchOrders', '/api/order/find', 'WILDBERRIES'],
			// Wildberries / Ozon box barcodes: two marketplaces, and SelSup's list takes one service, so no narrowing.
			['order', 'orderBoxBarcodes', 'searchOrders', '/api/order/find', undefined],
		];
		for (const [resource, operation, method, path, service] of cases) {
			const seen = answer(path, { rows: [] });
			if (method === 'searchSupplies') answer('/api/warehouse/list', []);
			await at(resource, operation)(method);
			expect([operation, seen[0].query.service]).toEqual([operation, service]);
		}
	});

	it('SelSup refusing the list is an error with SelSup’s message, not an empty list', async () => {
		nock(BASE).get('/api/order/find').query(true).reply(400, { error: 'INVALID_PARAMETER', localMessage: 'Неверный параметр sortBy' });
		await expect(search('searchOrders', 'x')).rejects.toThrow(/Неверный параметр sortBy/);
	});
});

/** Every operation that takes an order, supply or photo-session ID, from SelSup's export reference. */
const PICKED = [
	['stock', 'downloadStocksWb', 'orderId', true],
	['order', 'createCards', 'orderId', true],
	['order', 'downloadBarcodeOrder', 'orderId', true],
	['order', 'downloadInvoice', 'orderId', true],
	['order', 'downloadProductsDelivery', 'orderId', true],
	['order', 'getAcceptedProductsAct', 'orderId', true],
	['order', 'getOrderProduct', 'orderId', false],
	['order', 'getOrderProduct', 'supplyId', false],
	['order', 'orderBoxBarcodes', 'orderId', true],
	['order', 'ozonInvoice', 'orderId', true],
	['order', 'ozonOrder', 'orderId', true],
	['order', 'wildberriesSpec', 'orderId', true],
	['supply', 'ozonContainerLabels', 'supplyId', true],
	['image', 'getSupplyImagesToWildberries', 'orderId', true],
	['image', 'uploadImagesToWildberries', 'photographyId', true],
	['image', 'wildberriesImages', 'photographyId', true],
];
const METHOD = { orderId: 'searchOrders', supplyId: 'searchSupplies', photographyId: 'searchPhotoSessions' };

describe('every order, supply and photo-session ID is a picker', () => {
	const node = new SelSup();
	const shown = (p, resource, operation) =>
		p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes(operation);

	it.each(PICKED)('%s → %s: %s', (resource, operation, name, required) => {
		const props = node.description.properties.filter((p) => shown(p, resource, operation));
		const prop = /** @type {PropertyEntry} */ (required
			? props.find((p) => p.name === name)
			: /** @type {PropertyEntry[]} */ (props.find((p) => p.name === 'additionalFields')?.options)?.find((p) => p.name === name));
		expect(prop?.type).toBe('resourceLocator');
		expect(prop?.modes?.map((m) => m.name)).toEqual(['list', 'id']);
		const list = prop.modes[0];
		expect(list.typeOptions).toEqual({ searchListMethod: METHOD[name], searchable: true });
		expect(Object.keys(node.methods.listSearch)).toContain(METHOD[name]);
		const regex = new RegExp(`^${/** @type {import('n8n-workflow').INodePropertyRegexValidation} */ (prop.modes[1].validation[0]).properties.regex}$`);
		expect(['12345', '1'].every((v) => regex.test(v))).toBe(true);
		expect(['0', '-3', 'abc', '12a', ''].some((v) => regex.test(v))).toBe(false);
	});

	it('no other parameter is a picker', () => {
		const pickers = [];
		for (const p of node.description.properties) {
			const inside = p.type === 'collection' ? (p.options ?? []) : [p];
			for (const q of inside) {
				if ('type' in q && q.type === 'resourceLocator') {
					pickers.push(`${p.displayOptions?.show?.resource}:${p.displayOptions?.show?.operation}:${q.name}`);
				}
			}
		}
		expect(pickers.sort()).toEqual(PICKED.map(([r, o, n]) => `${r}:${o}:${n}`).sort());
	});
});

describe('a plain ID and a resource-locator value send the same request', () => {
	const ROUTE = '/api/export/downloadBarcodeOrder';
	const xlsx = { 'Content-Type': 'application/octet-stream' };

	it.each([
		['a plain number', 12345],
		['a plain text', '12345'],
		['an expression', '={{ $json.id }}'],
		['a locator from the list', { __rl: true, mode: 'list', value: 12345, cachedResultName: 'Заказ покупателя №1024' }],
		['a locator by ID', { __rl: true, mode: 'id', value: '12345' }],
		['a locator by ID with an expression', { __rl: true, mode: 'id', value: '={{ $json.id }}' }],
	])('orderId as %s', async (_, orderId) => {
		const scope = nock(BASE).get(ROUTE).query({ orderId: '12345' }).reply(200, xlsxBytes(), xlsx);
		const result = await run({ resource: 'order', operation: 'downloadBarcodeOrder', orderId }, { input: [{ json: { id: 12345 } }] });
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary?.data?.fileName).toBeDefined();
		scope.done();
	});

	it('locators in Additional Fields (Export Order Products: order and supply) and on supply and photo-session routes', async () => {
		const scopes = [
			nock(BASE).get('/api/export/getOrderProduct').query({ orderId: '48213', supplyId: '9051' }).reply(200, xlsxBytes(), xlsx),
			nock(BASE)
				.get('/api/export/ozon/container-labels')
				.query({ supplyId: '9051' })
				.reply(200, '%PDF-1.4\n%%EOF\n', { 'Content-Type': 'application/pdf' }),
			nock(BASE)
				.get('/api/export/wildberriesImages')
				.query({ photographyId: '301', organizationId: '11' })
				.reply(200, Buffer.from('PK\x03\x04zip'), { 'Content-Type': 'application/zip' }),
		];
		const rl = (value, mode = 'list') => ({ __rl: true, mode, value });
		const results = await Promise.all([
			run({ resource: 'order', operation: 'getOrderProduct', additionalFields: { orderId: rl(48213), supplyId: rl('9051', 'id') } }),
			run({ resource: 'supply', operation: 'ozonContainerLabels', supplyId: rl(9051) }),
			run({ resource: 'image', operation: 'wildberriesImages', photographyId: rl(301), organizationId: 11 }),
		]);
		expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined]);
		scopes.forEach((s) => s.done());
	});

	it('an empty optional locator is left out', async () => {
		const scope = nock(BASE).get('/api/export/getOrderProduct').query({ service: 'OZON' }).reply(200, xlsxBytes(), xlsx);
		const result = await run({
			resource: 'order',
			operation: 'getOrderProduct',
			additionalFields: { orderId: { __rl: true, mode: 'list', value: '' }, service: 'OZON' },
		});
		expect(result.error).toBeUndefined();
		scope.done();
	});

	it.each([
		['nothing picked', { __rl: true, mode: 'list', value: '' }, 'Order ID (orderId) is required but empty [item 0]'],
		['not a number', { __rl: true, mode: 'id', value: 'abc' }, 'Order ID (orderId) must be a whole number, but got "abc" [item 0]'],
		['zero', { __rl: true, mode: 'id', value: '0' }, 'Order ID (orderId) must be an ID above zero, but got "0" [item 0]'],
	])('a bad locator value (%s) fails naming the field, before any request', async (_, orderId, message) => {
		const { hits } = catchAll();
		const result = await run({ resource: 'order', operation: 'downloadBarcodeOrder', orderId });
		expect(result.error?.message).toBe(message);
		expect(hits).toEqual([]);
	});
});

describe('From List against the sandbox', () => {
	let sb;
	beforeAll(async () => {
		sb = await startSandbox({ port: 0, token: 'sandbox-token' });
	});
	afterAll(() => sb.close());

	const viaSandbox = (method, filter, token) =>
		runListSearch(
			{
				nodeType: new SelSup(),
				credentialsType: new SelSupApi(),
				credentials: { apiToken: 'sandbox-token', baseUrl: sb.url },
				parameters: { resource: 'order', operation: 'downloadInvoice' },
			},
			method,
			filter,
			token,
		);

	it('orders page by page to the end, each once, newest first', async () => {
		/** @type {any[]} */
		const ids = [];
		let token;
		let pages = 0;
		do {
			const page = await viaSandbox('searchOrders', undefined, token);
			ids.push(...page.results.map((r) => r.value));
			token = page.paginationToken;
			pages++;
		} while (token && pages < 10);
		expect(pages).toBe(3);
		expect(new Set(ids).size).toBe(130);
		expect(ids).toEqual([...ids].sort((a, b) => Number(b) - Number(a)));
	});

	it('search narrows the list; supplies name their warehouse', async () => {
		const wholesale = await viaSandbox('searchOrders', 'опт');
		expect(wholesale.results.length).toBeGreaterThan(0);
		expect(wholesale.results.every((r) => r.name.startsWith('Опт '))).toBe(true);
		const supplies = await viaSandbox('searchSupplies', 'Коледино');
		expect(supplies.results.length).toBeGreaterThan(0);
		expect(
			supplies.results.every(
				(r) => r.name.includes('Коледино') && / · (Основной склад|Склад Подольск|Склад ИП Иванов) · delivery \d{4}-\d{2}-\d{2}$/.test(r.name),
			),
		).toBe(true);
	});

	it('Download Ozon Container Labels: the supply picker lists Ozon supplies only', async () => {
		const ozon = await runListSearch(
			{
				nodeType: new SelSup(),
				credentialsType: new SelSupApi(),
				credentials: { apiToken: 'sandbox-token', baseUrl: sb.url },
				parameters: { resource: 'supply', operation: 'ozonContainerLabels' },
			},
			'searchSupplies',
		);
		const all = await viaSandbox('searchSupplies');
		expect(ozon.results.length).toBeGreaterThan(0);
		expect(all.results.length).toBeGreaterThan(ozon.results.length);
		expect(ozon.results.every((r) => r.name.includes(' · Ozon'))).toBe(true);
		expect(all.results.some((r) => !r.name.includes(' · Ozon'))).toBe(true);
	});
});

/**
 * Issue 25: SelSup's OpenAPI documents sort values for /api/order/find only. A sandbox that refuses any
 * sortBy on the supply and photo-session lists (strictSorts) stands for a SelSup that does.
 */
describe('From List where SelSup documents no sort', () => {
	let sb;
	beforeAll(async () => {
		sb = await startSandbox({ port: 0, token: 'sandbox-token', strictSorts: true });
	});
	afterAll(() => sb.close());

	const via = (method, token) =>
		runListSearch(
			{
				nodeType: new SelSup(),
				credentialsType: new SelSupApi(),
				credentials: { apiToken: 'sandbox-token', baseUrl: sb.url },
				parameters: { resource: 'image', operation: 'wildberriesImages' },
			},
			method,
			undefined,
			token,
		);
	const asked = (path) => sb.requests.filter((r) => r.path === path).map((r) => r.query.sortBy !== undefined);

	it('a refused sort is asked again without it, once; later pages remember it through the token', async () => {
		sb.requests.length = 0;
		const ids = [];
		let token;
		let pages = 0;
		do {
			const page = await via('searchPhotoSessions', token);
			ids.push(...page.results.map((r) => r.value));
			token = page.paginationToken;
			pages++;
		} while (token && pages < 10);
		// 56 photo sessions, 50 a page: two pages, each session once.
		expect(pages).toBe(2);
		expect(new Set(ids).size).toBe(56);
		// First page: sorted (refused), then unsorted; second page: unsorted at once.
		expect(asked('/api/photography/findPhotography')).toEqual([true, false, false]);
	});

	it('supplies too; the documented order list still sorts newest first', async () => {
		sb.requests.length = 0;
		const supplies = await via('searchSupplies');
		expect(supplies.results.length).toBe(50);
		expect(supplies.paginationToken).toBe('2:unsorted');
		expect(asked('/api/supply/findSupply')).toEqual([true, false]);
		const orders = await via('searchOrders');
		expect(asked('/api/order/find')).toEqual([true]);
		const ids = orders.results.map((r) => r.value);
		expect(ids).toEqual([...ids].sort((a, b) => Number(b) - Number(a)));
	});
});
