import { productFilterFields } from '../../nodes/SelSup/catalogue';
import { validateFilterObject, validateParam } from '../../nodes/SelSup/params/validate';

/** @type {import('n8n-workflow').INode} */
const node = {
	id: 'n1',
	name: 'SelSup',
	type: 'selSup',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const ctx = (timezone = 'UTC', itemIndex = 0) => ({ node, itemIndex, timezone });

const p = (spec) => ({ description: '', ...spec });
const orderId = p({ name: 'orderId', type: 'integer', required: true });
const limit = p({ name: 'limit', type: 'integer' });
const ids = p({ name: 'ids', type: 'integer', array: true });
const requiredIds = p({ name: 'viewIds', type: 'integer', array: true, required: true });
const service = p({
	name: 'service',
	type: 'options',
	options: { NONE: 'None', WILDBERRIES: 'Wildberries', OZON: 'Ozon', YANDEX_MARKET: 'Yandex Market' },
});
const statuses = p({ name: 'statuses', type: 'options', array: true, options: { CREATED: 'Created', PACKING: 'Being Packed' } });
const flag = p({ name: 'withMark', type: 'boolean' });
const date = p({ name: 'dateFrom', type: 'dateTime' });
const price = p({ name: 'price', type: 'number' });
const text = p({ name: 'article', type: 'string' });
const articles = p({ name: 'articles', type: 'string', array: true });

function failure(fn) {
	try {
		fn();
	} catch (error) {
		return error.message;
	}
	throw new Error('expected an error, got none');
}

describe('validateParam: whole numbers and IDs', () => {
	it('takes whole numbers from numbers and digit text', () => {
		expect(validateParam(ctx(), orderId, 42)).toBe(42);
		expect(validateParam(ctx(), orderId, ' 1042 ')).toBe(1042);
		expect(validateParam(ctx(), orderId, '+7')).toBe(7);
		expect(validateParam(ctx(), limit, 0)).toBe(0);
		expect(validateParam(ctx(), limit, '-3')).toBe(-3);
	});

	it('refuses fractions and non-numeric text, naming the field and item', () => {
		for (const bad of [1.5, '1.5', 'abc', '12a', '1e3', '0x10', NaN, Infinity, true]) {
			const message = failure(() => validateParam(ctx('UTC', 3), orderId, bad));
			expect(message).toContain('(orderId)');
			expect(message).toContain('[item 3]');
			expect(message).toMatch(/whole number/);
		}
	});

	it('requires IDs above zero, but not other integers', () => {
		expect(failure(() => validateParam(ctx(), orderId, 0))).toMatch(/orderId.*above zero/);
		expect(failure(() => validateParam(ctx(), orderId, '-5'))).toMatch(/orderId.*above zero.*-5/);
		expect(failure(() => validateParam(ctx(), ids, '1,-2'))).toMatch(/\(ids\).*above zero/);
		expect(validateParam(ctx(), limit, -1)).toBe(-1);
	});

	it('refuses IDs beyond safe integers instead of rounding them', () => {
		expect(failure(() => validateParam(ctx(), orderId, '99999999999999999999'))).toMatch(/orderId.*too large/);
		expect(failure(() => validateParam(ctx(), orderId, 2 ** 53))).toMatch(/too large/);
		expect(validateParam(ctx(), orderId, String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
	});

	it('required and empty fails; optional and empty is left out', () => {
		for (const empty of [undefined, null, '', '   ', []]) {
			expect(failure(() => validateParam(ctx('UTC', 1), orderId, empty))).toBe('Order ID (orderId) is required but empty [item 1]');
			expect(validateParam(ctx(), limit, empty)).toBeUndefined();
		}
	});

	it('refuses a list or object where a single value is expected', () => {
		expect(failure(() => validateParam(ctx(), orderId, [1, 2]))).toMatch(/orderId.*single value.*a list/);
		expect(failure(() => validateParam(ctx(), orderId, { id: 1 }))).toMatch(/orderId.*single value.*an object/);
		expect(failure(() => validateParam(ctx(), text, ['a']))).toMatch(/article.*single value/);
	});
});

describe('validateParam: arrays', () => {
	it('from comma, semicolon or newline separated text, blanks dropped', () => {
		expect(validateParam(ctx(), ids, '1, 2,3')).toEqual([1, 2, 3]);
		expect(validateParam(ctx(), ids, '4;5\n6,,')).toEqual([4, 5, 6]);
		expect(validateParam(ctx(), articles, 'ART-1, ART-2')).toEqual(['ART-1', 'ART-2']);
	});

	it('from an expression array, and a single value becomes a list of one', () => {
		expect(validateParam(ctx(), ids, [1, '2', ' 3 '])).toEqual([1, 2, 3]);
		expect(validateParam(ctx(), ids, 7)).toEqual([7]);
		expect(validateParam(ctx(), statuses, ['created', 'PACKING'])).toEqual(['CREATED', 'PACKING']);
	});

	it('checks every element and refuses nested lists', () => {
		expect(failure(() => validateParam(ctx(), ids, '1, x'))).toMatch(/\(ids\).*whole number.*"x"/);
		expect(failure(() => validateParam(ctx(), ids, [1, [2, 3]]))).toMatch(/\(ids\).*list of single values/);
		expect(failure(() => validateParam(ctx(), statuses, 'CREATED, SHIPPED'))).toMatch(/statuses.*unknown value "SHIPPED"/);
	});

	it('an empty list: left out if optional, an error if required', () => {
		expect(validateParam(ctx(), ids, ' , ; ')).toBeUndefined();
		expect(failure(() => validateParam(ctx(), requiredIds, ', ,'))).toMatch(/viewIds.*required but empty/);
		expect(failure(() => validateParam(ctx(), requiredIds, []))).toMatch(/viewIds.*required but empty/);
	});
});

describe('validateParam: enums, booleans, numbers, text', () => {
	it('takes a known value, case-insensitively, as SelSup spells it', () => {
		expect(validateParam(ctx(), service, 'OZON')).toBe('OZON');
		expect(validateParam(ctx(), service, ' yandex_market ')).toBe('YANDEX_MARKET');
	});

	it('refuses an unknown value, listing the allowed ones', () => {
		/** @type {Error & { description?: string }} */
		let error = new Error();
		try {
			validateParam(ctx('UTC', 2), service, 'OZONE');
		} catch (e) {
			error = e;
		}
		expect(error.message).toBe('Service (service) has the unknown value "OZONE" [item 2]');
		expect(error.description).toContain('WILDBERRIES');
		expect(failure(() => validateParam(ctx(), service, 'WB'))).toMatch(/unknown value "WB"/);
	});

	it('booleans from booleans and true/false/1/0 text', () => {
		expect(validateParam(ctx(), flag, true)).toBe(true);
		expect(validateParam(ctx(), flag, false)).toBe(false);
		expect(validateParam(ctx(), flag, 'TRUE')).toBe(true);
		expect(validateParam(ctx(), flag, ' false ')).toBe(false);
		expect(validateParam(ctx(), flag, '1')).toBe(true);
		expect(validateParam(ctx(), flag, 0)).toBe(false);
		expect(failure(() => validateParam(ctx(), flag, 'yes'))).toMatch(/withMark.*true or false.*"yes"/);
	});

	it('numbers, with a decimal comma', () => {
		expect(validateParam(ctx(), price, '12,5')).toBe(12.5);
		expect(validateParam(ctx(), price, 3)).toBe(3);
		expect(failure(() => validateParam(ctx(), price, 'cheap'))).toMatch(/price.*must be a number/);
	});

	it('text from text, numbers and booleans', () => {
		expect(validateParam(ctx(), text, 'Платье')).toBe('Платье');
		expect(validateParam(ctx(), text, 12)).toBe('12');
	});
});

describe('validateParam: dates', () => {
	it('reads wall-clock time without offset in the workflow time zone, sent as UTC with Z', () => {
		expect(validateParam(ctx('Europe/Moscow'), date, '2024-01-15T10:30:00')).toBe('2024-01-15T07:30:00Z');
		expect(validateParam(ctx('Europe/Moscow'), date, '2024-01-15 10:30')).toBe('2024-01-15T07:30:00Z');
		expect(validateParam(ctx('Europe/Moscow'), date, '2024-01-15')).toBe('2024-01-14T21:00:00Z');
		expect(validateParam(ctx('Asia/Yekaterinburg'), date, '2024-06-01T00:00:00')).toBe('2024-05-31T19:00:00Z');
		expect(validateParam(ctx('UTC'), date, '2024-01-15T10:30:00.250')).toBe('2024-01-15T10:30:00Z');
		expect(validateParam(ctx('America/New_York'), date, '2024-01-15T10:30:00')).toBe('2024-01-15T15:30:00Z');
	});

	it('follows daylight saving time in zones that have it', () => {
		expect(validateParam(ctx('Europe/Berlin'), date, '2024-01-15T12:00:00')).toBe('2024-01-15T11:00:00Z');
		expect(validateParam(ctx('Europe/Berlin'), date, '2024-07-15T12:00:00')).toBe('2024-07-15T10:00:00Z');
	});

	it('takes ISO 8601 with an offset or Z as the moment it names, whatever the time zone', () => {
		expect(validateParam(ctx('Europe/Moscow'), date, '2024-01-15T10:30:00+05:00')).toBe('2024-01-15T05:30:00Z');
		expect(validateParam(ctx('Europe/Moscow'), date, '2024-01-15T10:30:00Z')).toBe('2024-01-15T10:30:00Z');
		expect(validateParam(ctx('Europe/Moscow'), date, '2024-01-15T10:30:00.000-0300')).toBe('2024-01-15T13:30:00Z');
	});

	it('takes Date objects and Luxon-like objects from expressions', () => {
		expect(validateParam(ctx('Europe/Moscow'), date, new Date('2024-01-15T10:30:00Z'))).toBe('2024-01-15T10:30:00Z');
		const luxonLike = { toISO: () => '', toMillis: () => Date.parse('2024-02-01T00:00:00Z') };
		expect(validateParam(ctx(), date, luxonLike)).toBe('2024-02-01T00:00:00Z');
	});

	it('refuses invalid dates, naming the field', () => {
		for (const bad of ['2024-02-30', '2024-13-01', '2024-01-15T25:00', '2024-01-15T10:60', 'yesterday', '15.01.2024', '2024-01-15T10:30:00+xx']) {
			expect([bad, failure(() => validateParam(ctx('Europe/Moscow'), date, bad))]).toEqual([
				bad,
				expect.stringMatching(/^Date From \(dateFrom\) is not a valid date/),
			]);
		}
		expect(failure(() => validateParam(ctx(), date, new Date('nope')))).toMatch(/dateFrom.*not a valid date/);
	});
});

describe('validateFilterObject', () => {
	it('parses JSON text, converts the fields it knows, passes unknown ones through', () => {
		expect(
			validateFilterObject(
				ctx(),
				productFilterFields,
				'{"custom": [1], "query": "платье", "groupIds": "1, 2", "count": "true", "limit": ""}',
				'filterJson',
			),
		).toEqual({ custom: [1], query: 'платье', groupIds: [1, 2], count: true });
		expect(validateFilterObject(ctx(), productFilterFields, { modelId: '5' }, 'filterJson')).toEqual({ modelId: 5 });
		expect(validateFilterObject(ctx(), productFilterFields, '  ', 'filterJson')).toEqual({});
		expect(failure(() => validateFilterObject(ctx(), productFilterFields, '{"modelId": "x"}', 'filterJson'))).toMatch(/modelId.*whole number/);
	});

	it('refuses invalid JSON and non-objects, naming the field and item', () => {
		expect(failure(() => validateFilterObject(ctx('UTC', 4), productFilterFields, '{bad', 'filterJson'))).toMatch(
			/^Filter Json \(filterJson\) is not valid JSON: .* \[item 4\]$/,
		);
		expect(failure(() => validateFilterObject(ctx(), productFilterFields, '[1,2]', 'filterJson'))).toMatch(/filterJson.*JSON object.*a list/);
		expect(failure(() => validateFilterObject(ctx(), productFilterFields, '"x"', 'filterJson'))).toMatch(/filterJson.*JSON object/);
	});
});

describe('ProductFilter marketplace fields take all 29 SelSup services', () => {
	const ALL_29 = require('../fixtures/reference-services.json').codes;
	const field = (name) => productFilterFields.find((f) => f.name === name);

	it.each(['services', 'createdIn', 'orderService'])('%s offers exactly the reference list (marketplaces first)', (name) => {
		const options = Object.keys(field(name).options ?? {});
		expect([...options].sort()).toEqual([...ALL_29].sort());
		expect(options.slice(0, 3)).toEqual(['WILDBERRIES', 'OZON', 'YANDEX_MARKET']);
	});

	it('the nine once refused are accepted as fields and in JSON mode', () => {
		const late = ['SIMALAND', 'INSALES', 'LAMODA', 'OZON_PERFORMANCE', 'WALMART', 'GOOGLE', 'YANDEX_DISC', 'EMAIL', 'WOOCOMMERCE'];
		expect(validateParam(ctx(), field('services'), late)).toEqual(late);
		expect(validateParam(ctx(), field('createdIn'), late.join(', '))).toEqual(late);
		for (const v of late) expect(validateParam(ctx(), field('orderService'), v)).toBe(v);
		expect(
			validateFilterObject(
				ctx(),
				productFilterFields,
				JSON.stringify({ services: late, createdIn: ['WOOCOMMERCE'], orderService: 'EMAIL' }),
				'filterJson',
			),
		).toEqual({
			services: late,
			createdIn: ['WOOCOMMERCE'],
			orderService: 'EMAIL',
		});
		expect(failure(() => validateParam(ctx(), field('orderService'), 'MARS'))).toMatch(/orderService.*unknown value "MARS"/);
	});
});
