/**
 * Export Order Products in two layers (issue 26): the filters a seller sets first under Add Filter
 * (Additional Fields), paging, sorting, PDF-only switches and rarely used filters under More Options. A
 * workflow saved before the move keeps those in Additional Fields: they still reach SelSup. The run goes
 * through n8n's own Workflow, which drops a collection's values its options do not list, so a test of the
 * old place is a test of what n8n keeps. Query names and values from SelSup's reference.
 */
const nock = require('nock');

import { SelSup } from '../../nodes/SelSup/SelSup.node';
import { BASE, run, setupNock, xlsxBytes } from './support';

setupNock();

const ROUTE = '/api/export/getOrderProduct';
const xlsx = { 'Content-Type': 'application/octet-stream' };

function expectQuery(query) {
	const seen = [];
	nock(BASE)
		.get(ROUTE)
		.query(true)
		.reply(function (uri) {
			seen.push(Object.fromEntries(new URL(uri, BASE).searchParams));
			return [200, xlsxBytes(), xlsx];
		});
	return () => expect(seen).toEqual([query]);
}

const props = new SelSup().description.properties.filter(
	(p) => p.displayOptions?.show?.resource?.includes('order') && p.displayOptions?.show?.operation?.includes('getOrderProduct'),
);
const collection = (name) => props.find((p) => p.name === name);
/** What the Add Field / Add Option list offers a new node: entries without conditions of their own. */
const offered = (name) => /** @type {PropertyEntry[]} */ (collection(name).options).filter((o) => !o.displayOptions);

describe('Export Order Products: the form', () => {
	test('at most 25 fields under Add Filter; the rest under More Options, which says what it holds', () => {
		const first = offered('additionalFields');
		expect(first.length).toBeGreaterThan(10);
		expect(first.length).toBeLessThanOrEqual(25);
		expect(collection('additionalFields')).toMatchObject({ displayName: 'Filters', placeholder: 'Add Filter' });
		const more = offered('moreOptions');
		expect(collection('moreOptions').description).toMatch(/paging/);
		expect(collection('moreOptions').description).toMatch(/PDF/);
		// The reference's 72 optional query parameters of getOrderProduct, each offered exactly once.
		const names = [...first, ...more].map((o) => o.name);
		expect(new Set(names).size).toBe(names.length);
		expect(names).toHaveLength(72);
		// Paging, counting, sorting and the PDF-only switches are not among the first filters.
		for (const name of ['limit', 'page', 'count', 'sortBy', 'ascending', 'productLabel', 'collectLabel', 'infoLabel', 'servicesForLabel']) {
			expect([name, more.some((o) => o.name === name)]).toEqual([name, true]);
		}
	});

	test('every Sort By value has its own one-line help; the near-twins are told apart', () => {
		const sortBy = /** @type {{ options: PropertyEntry[] }} */ (/** @type {unknown} */ (offered('moreOptions').find((o) => o.name === 'sortBy')));
		// The reference's 28 sort values of getOrderProduct.
		expect(sortBy.options).toHaveLength(28);
		for (const o of sortBy.options) {
			expect([o.value, typeof o.description === 'string' && o.description.length > 10 && !o.description.includes('\n')]).toEqual([o.value, true]);
		}
		expect(new Set(sortBy.options.map((o) => o.description)).size).toBe(28);
		const help = (value) => sortBy.options.find((o) => o.value === value).description;
		// SelSup's OpenAPI Order schema: createdDate "created on the marketplace", created "created in SelSup".
		expect(help('CREATEDDATE')).toMatch(/marketplace/);
		expect(help('CREATED')).toMatch(/in SelSup/);
		// closeUserId "the user who closed the order", userId "the user who took the order".
		expect(help('CLOSEUSERID')).toMatch(/closed/);
		expect(help('USERID')).toMatch(/took/);
	});

	test('a field kept in Additional Fields for saved workflows is not offered there', () => {
		const legacy = /** @type {PropertyEntry[]} */ (collection('additionalFields').options).filter((o) => o.displayOptions);
		expect(legacy.map((o) => o.name).sort()).toEqual(offered('moreOptions').map((o) => o.name).sort());
	});
});

describe('Export Order Products: what is sent', () => {
	test('a filter and More Options together', async () => {
		const done = expectQuery({ service: 'OZON', limit: '100', sortBy: 'CREATEDDATE', ascending: 'true', productLabel: 'true' });
		const result = await run({
			resource: 'order',
			operation: 'getOrderProduct',
			additionalFields: { service: 'OZON' },
			moreOptions: { limit: 100, sortBy: 'CREATEDDATE', ascending: true, productLabel: true },
		});
		expect(result.error).toBeUndefined();
		done();
	});

	test('a workflow saved before the move: paging, sorting and a PDF switch in Additional Fields still reach SelSup', async () => {
		const done = expectQuery({ service: 'WILDBERRIES', page: '2', limit: '50', sortBy: 'DELIVERYDATE', collectLabel: 'true', incomeId: '77' });
		const result = await run({
			resource: 'order',
			operation: 'getOrderProduct',
			additionalFields: { service: 'WILDBERRIES', page: 2, limit: 50, sortBy: 'DELIVERYDATE', collectLabel: true, incomeId: 77 },
		});
		expect(result.error).toBeUndefined();
		done();
	});

	test('a value in both places: More Options, where the editor now shows the field, wins', async () => {
		const done = expectQuery({ limit: '10' });
		const result = await run({
			resource: 'order',
			operation: 'getOrderProduct',
			additionalFields: { limit: 500 },
			moreOptions: { limit: 10 },
		});
		expect(result.error).toBeUndefined();
		done();
	});

	test('a bad value in More Options is refused naming the field, before any request', async () => {
		const result = await run({ resource: 'order', operation: 'getOrderProduct', moreOptions: { limit: 'many' } });
		expect(result.error?.message).toMatch(/Limit \(limit\)/);
	});
});
