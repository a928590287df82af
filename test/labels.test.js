/**
 * What a seller reads in the dropdowns and under each field: real words for SelSup's codes, one help text
 * per field, and every service code SelSup documents. Expected values come from the issue and the reference
 * (the 29 service codes below are the reference's list for `service`), not from the catalogue.
 */

import { NodeHelpers } from 'n8n-workflow';

import { routes } from '../nodes/SelSup/catalogue';
import { validateParam } from '../nodes/SelSup/params/validate';
import { SelSup } from '../nodes/SelSup/SelSup.node';
import { SelSupTrigger } from '../nodes/SelSup/SelSupTrigger.node';

const action = new SelSup().description;
const trigger = new SelSupTrigger().description;

/** The reference's Service enumeration (every `service` parameter lists these 29). */
const REFERENCE_SERVICES = require('./fixtures/reference-services.json').codes;
/** Codes that are not marketplaces: offered after every marketplace. */
const NOT_MARKETPLACES = [
	'MOY_SKLAD',
	'ONE_C',
	'INSALES',
	'WEBASYST',
	'WOOCOMMERCE',
	'EVOTOR',
	'NATIONAL_CATALOG',
	'OZON_PERFORMANCE',
	'CISLINK',
	'GOOGLE',
	'YANDEX_DISC',
	'EMAIL',
	'OTHER',
	'NONE',
];

/** Single English words that may equal their code but for case. Anything else equal to its code is a squashed code. */
const REAL_WORDS = new Set(
	(
		'id sku name price stock status barcode article brand category colour size quantity number product model group organization ' +
		'client region warehouse day week month quarter year default orders sales profit ozon avito lamoda amazon walmart familiya ' +
		'webasyst evotor google email other none created running finished error restarting interrupted stopped exception revoked ' +
		'supplied deleted overdue unknown reserved lost removed retail wholesale production favourite manufacturer queue period ' +
		'service set refund cdek dpd boxberry dostavista wildberries'
	).split(' '),
);

/** Every field of a description, collections included, with where it sits. */
function fieldsOf(description) {
	const out = [];
	const walk = (props, path) => {
		for (const p of props) {
			out.push({ path: `${path}${p.name}`, name: p.name, property: p });
			if ((p.type === 'collection' || p.type === 'fixedCollection') && Array.isArray(p.options)) {
				walk(
					p.options.filter((o) => 'type' in o),
					`${path}${p.name}.`,
				);
			}
		}
	};
	walk(description.properties, `${description.name}.`);
	return out;
}

const optionFields = [...fieldsOf(action), ...fieldsOf(trigger)].filter(
	(f) => (f.property.type === 'options' || f.property.type === 'multiOptions') && Array.isArray(f.property.options),
);
const entries = optionFields.flatMap((f) => f.property.options.map((o) => ({ field: f.path, label: o.name, value: String(o.value) })));

describe('option labels', () => {
	test('the walk sees the long enumerations (a check that could fail)', () => {
		expect(entries.length).toBeGreaterThan(400);
		expect(entries.some((e) => e.value === 'OZONSTOCKBETWEENWAREHOUSES')).toBe(true);
	});

	test('no label is one squashed word of 14 letters or more', () => {
		const squashed = entries.filter((e) => /^[A-Za-z]{14,}$/.test(e.label) && (/^[A-Z]?[a-z]+$/.test(e.label) || /^[A-Z]+$/.test(e.label)));
		expect(squashed).toEqual([]);
	});

	test('no label is its value with only the case changed, unless it is one real word', () => {
		// SelSup's codes only (upper case); a label with inner capitals (AliExpress, eBay) shows its words.
		const codes = entries.filter((e) => /^[A-Z0-9_]+$/.test(e.value));
		expect(codes.length).toBeGreaterThan(400);
		const raw = codes.filter(
			(e) => e.label.toLowerCase() === e.value.toLowerCase() && !/[a-z][A-Z]/.test(e.label) && !REAL_WORDS.has(e.label.toLowerCase()),
		);
		expect(raw).toEqual([]);
		// Nor SelSup's underscores.
		expect(entries.filter((e) => e.label.includes('_'))).toEqual([]);
	});

	test('each field offers each value once, under labels that tell them apart', () => {
		for (const f of optionFields) {
			const options = f.property.options;
			expect([f.path, new Set(options.map((o) => o.value)).size]).toEqual([f.path, options.length]);
			expect([f.path, new Set(options.map((o) => o.name.toLowerCase())).size]).toEqual([f.path, options.length]);
		}
	});

	test.each([
		['ALIEXPRESSPRICE', 'AliExpress Price'],
		['CREATEDDATE', 'Created Date'],
		['RECOMENDSALESPLAN', 'Recommended Sales Plan'],
		['OZONSTOCKBETWEENWAREHOUSES', 'Ozon Stock Between Warehouses'],
		['INSTOCKQUANTITY', 'In Stock Quantity'],
	])('Export products → Sort By offers %s as "%s"', (value, label) => {
		const sortBy = optionFields.find((f) => f.path === 'selSup.filters.sortBy');
		expect(sortBy.property.options.find((o) => o.value === value)?.name).toBe(label);
	});

	test('order sort fields and task types read as words', () => {
		const orderSort = entries.filter((e) => e.field === 'selSup.moreOptions.sortBy' && e.value === 'EXTERNALORDERID');
		expect(orderSort.map((e) => e.label)).toEqual(['Marketplace Order Number']);
		const types = entries.filter((e) => e.field.endsWith('filters.types'));
		expect(types.length).toBeGreaterThan(200); // Task → Get Many and the trigger
		expect(types.find((e) => e.value === 'WB_STOCK_REPORT_FILE')?.label).toBe('Wildberries Stock Report File');
		expect(types.filter((e) => /\b(Wb|Yml|Abc|Task)\b/.test(e.label))).toEqual([]);
	});

	test('internal words are gone from field labels', () => {
		const labels = [...fieldsOf(action), ...fieldsOf(trigger)].map((f) => f.property.displayName);
		expect(labels.filter((l) => /Findir|\bMS\b|Moy Sklad|Month 14|Market Place/.test(l))).toEqual([]);
	});
});

/** @type {import('n8n-workflow').INode} */
const node = { id: '1', name: 'SelSup', type: 'n8n-nodes-selsup.selSup', typeVersion: 1, position: [0, 0], parameters: {} };

/**
 * The fields a seller can reach once an operation is chosen: top-level, in collections, as filters. A
 * collection entry with display conditions of its own (a field kept where workflows saved before it moved
 * have it) is offered only when already set, as the editor does: not in a new node.
 */
function reachable(values) {
	const shown = action.properties.filter((p) => NodeHelpers.displayParameter(values, p, node, action));
	return /** @type {PropertyEntry[]} */ (
		shown.flatMap((p) =>
			p.type === 'collection'
				? /** @type {PropertyEntry[]} */ (p.options)
						.filter((o) => !o.displayOptions || NodeHelpers.displayParameter({}, /** @type {any} */ (o), node, action))
						.map((o) => ({ ...o, name: `${p.name}.${o.name}` }))
				: [p],
		)
	);
}

const operations = action.properties
	.filter((p) => p.name === 'operation')
	.flatMap((p) => /** @type {PropertyEntry[]} */ (p.options).map((o) => ({ resource: p.displayOptions.show.resource[0], operation: String(o.value) })));

describe('help texts', () => {
	test('every operation is checked, the task ones included', () => {
		expect(operations).toHaveLength(routes.length + 5);
	});

	test.each(operations)('$resource/$operation: no two fields share a help text', (values) => {
		const shown = reachable({ ...values, filterInput: 'fields', returnAll: false });
		const byText = new Map();
		for (const p of shown) {
			if (!p.description) continue;
			byText.set(p.description, [...(byText.get(p.description) ?? []), p.name]);
		}
		expect([...byText].filter(([, names]) => new Set(names).size > 1)).toEqual([]);
	});

	test('"Sort Orders by Order Date" and "Update Dates" are switches with their own help', () => {
		const orders = reachable({ resource: 'order', operation: 'getOrderProduct' });
		const sort = orders.find((p) => p.name === 'moreOptions.sortOrdersByDate');
		expect(sort).toMatchObject({ displayName: 'Sort Orders by Order Date', type: 'boolean' });
		expect(sort.description).toMatch(/order date/);
		const settlements = reachable({ resource: 'finance', operation: 'exportStructureTurnoverByContractorId' });
		expect(settlements.find((p) => p.name === 'additionalFields.updateDate')).toMatchObject({ displayName: 'Update Dates', type: 'boolean' });
	});
});

describe('service codes', () => {
	const serviceFields = routes.flatMap((r) =>
		reachable({ resource: r.resource, operation: r.operation, filterInput: 'fields' })
			.filter((p) => /(^|\.)(service|services|servicesForLabel|createdIn|orderService)$/.test(p.name))
			.map((p) => ({ where: `${r.operation}.${p.name}`, p })),
	);

	test("every service field offers the reference's 29 codes, marketplaces first", () => {
		// createCards, stocks, serviceStocks, getOrderProduct (2), downloadProductsDelivery, settlements, two product exports (3 each).
		expect(serviceFields.length).toBe(13);
		for (const { where, p } of serviceFields) {
			const values = /** @type {PropertyEntry[]} */ (p.options).map((o) => String(o.value));
			expect([where, [...values].sort()]).toEqual([where, [...REFERENCE_SERVICES].sort()]);
			expect([where, values.slice(0, 3)]).toEqual([where, ['WILDBERRIES', 'OZON', 'YANDEX_MARKET']]);
			const lastMarketplace = Math.max(...values.map((v, i) => (NOT_MARKETPLACES.includes(v) ? -1 : i)));
			const firstOther = Math.min(...NOT_MARKETPLACES.map((v) => values.indexOf(v)));
			expect([where, lastMarketplace < firstOther]).toEqual([where, true]);
		}
	});

	test('Download Products Delivery File starts on Yandex Market and says why', () => {
		const service = reachable({ resource: 'order', operation: 'downloadProductsDelivery' }).find((p) => p.name === 'service');
		expect(service.default).toBe('YANDEX_MARKET');
		expect(service.description).toMatch(/Yandex Market only for now/);
	});

	test('any of the 29 codes passes validation; an unknown one is refused with where the valid ones are', () => {
		const param = routes.find((r) => r.operation === 'stocks').query.find((q) => q.name === 'service');
		const ctx = { node, itemIndex: 0, timezone: 'UTC' };
		for (const code of REFERENCE_SERVICES) expect(validateParam(ctx, param, code)).toBe(code);
		/** @type {Error & { description?: string }} */
		let error = new Error('none');
		try {
			validateParam(ctx, param, 'MARS_MARKET');
		} catch (e) {
			error = e;
		}
		expect(error.message).toMatch(/Service \(service\) has the unknown value "MARS_MARKET"/);
		expect(error.description).toMatch(/dropdown/);
		expect(error.description).toMatch(/29 in all/);
	});
});
