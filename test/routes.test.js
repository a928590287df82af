/**
 * Route by route: for each of the 37 catalogue routes, run the node with every one of its parameters
 * filled in and check the request SelSup receives (method, path, query with repeated keys for lists,
 * JSON body, Authorization) and what the node hands on (binary name, MIME type, bytes; the task's
 * polling to FINISHED and its download; a value as JSON).
 *
 * The catalogue only says which routes and parameters exist; how each kind of value must look on the
 * wire is written out here, independently of the node's own encoding code.
 */
import nock from 'nock';

import { SelSupApi } from '../credentials/SelSupApi.credentials';
import { SelSupCommerceMlApi } from '../credentials/SelSupCommerceMlApi.credentials';

import { productFilterFields, routes } from '../nodes/SelSup/catalogue';
import { SelSup } from '../nodes/SelSup/SelSup.node';
import { runNode } from './helpers/harness';

/** The 37 routes as the reference writes them: an independent record, never built from the catalogue. */
const REFERENCE =
	require('./fixtures/export-routes.json').routes;
const referenceOf = (route) => {
	const found = REFERENCE.find((r) => r.path === route.path);
	if (!found) throw new Error(`${route.resource}/${route.operation}: path ${route.path} is not in the reference`);
	return found;
};
/** Query parameters the reference lists, as the request must carry them (every one filled in here). */
const referenceKeys = (route) =>
	referenceOf(route)
		.query.map((q) => q.name)
		.sort();

const BASE = 'http://selsup.test';
const TOKEN = 'route-suite-token-8d1e';
const credentials = { apiToken: TOKEN, baseUrl: BASE };

/** What the node is given for a parameter, and what SelSup must receive for it (query values). */
function sample(param) {
	if (param.load) return param.array ? { given: [11, 12], sent: ['11', '12'] } : { given: 11, sent: ['11'] };
	// Picked IDs as the editor stores a choice From List (plain IDs: test/node/pickers.test.js).
	if (param.pick) return { given: { __rl: true, mode: 'list', value: 4242, cachedResultName: 'Заказ 4242' }, sent: ['4242'] };
	if (param.type === 'options') {
		const [a, b] = Object.keys(param.options);
		return param.array ? { given: [a, b], sent: [a, b] } : { given: a, sent: [a] };
	}
	if (param.array) {
		return param.type === 'string' ? { given: 'ART-001, ART-002', sent: ['ART-001', 'ART-002'] } : { given: '12, 34', sent: ['12', '34'] };
	}
	switch (param.type) {
		case 'integer':
			return /(Id|Ids)$|^ids?$/.test(param.name) ? { given: '4242', sent: ['4242'] } : { given: 7, sent: ['7'] };
		case 'number':
			return { given: 2.5, sent: ['2.5'] };
		case 'boolean':
			return { given: true, sent: ['true'] };
		case 'dateTime':
			// The workflow's time zone is UTC in this suite: wall-clock time goes out as UTC.
			return { given: '2024-01-15T10:30:00', sent: ['2024-01-15T10:30:00Z'] };
		case 'string':
			return { given: 'Платье летнее', sent: ['Платье летнее'] };
	}
	throw new Error(`no sample for ${param.name}`);
}

/** The body a ProductFilter field must produce (JSON types, lists as arrays). */
function bodySample(param) {
	const { given, sent } = sample(param);
	if (param.array) {
		const numeric = param.type === 'integer' || (param.load !== undefined && param.type !== 'string');
		return { given, sent: numeric ? sent.map(Number) : sent };
	}
	if (param.type === 'integer' || param.type === 'number') return { given, sent: Number(sent[0]) };
	if (param.type === 'boolean') return { given, sent: true };
	return { given, sent: sent[0] };
}

function parametersFor(route) {
	const parameters = { resource: route.resource, operation: route.operation };
	const query = {};
	const additional = {};
	for (const param of route.query) {
		const { given, sent } = sample(param);
		if (param.required) parameters[param.name] = given;
		else additional[param.name] = given;
		query[param.name] = sent;
	}
	if (Object.keys(additional).length) parameters.additionalFields = additional;
	let body;
	if (route.body === 'productFilter') {
		// A handful of filter fields of every kind rather than all 112: the kinds are what can go wrong.
		const picked = ['query', 'planDays', 'organizations', 'hasImages', 'sortBy', 'dateFrom', 'services', 'requierPlan'];
		const filters = {};
		const expected = {};
		for (const name of picked) {
			const field = productFilterFields.find((f) => f.name === name);
			const { given, sent } = bodySample(field);
			filters[name] = given;
			expected[name] = sent;
		}
		parameters.filters = filters;
		body = expected;
	}
	parameters.options = route.returns === 'task' ? { pollInterval: 1 } : {};
	return { parameters, query, body };
}

/** Files of each kind, as SelSup would send them (recognisable from their first bytes). */
const FILES = {
	xlsx: {
		bytes: Buffer.concat([
			Buffer.from([0x50, 0x4b, 0x03, 0x04]),
			Buffer.from('....[Content_Types].xml....xl/workbook.xml....'),
			Buffer.alloc(6000, 7),
		]),
		mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	},
	pdf: { bytes: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'), mime: 'application/pdf' },
	xml: { bytes: Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Файл ИдФайл="1"/>'), mime: 'application/xml' },
	zip: {
		bytes: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....12345/1.png....'), Buffer.alloc(300, 1)]),
		mime: 'application/zip',
	},
};

function kindOf(route) {
	const ext = (route.fileName ?? 'x.xlsx').split('.').pop();
	return ext;
}

function record(seen) {
	return function (uri, body) {
		const url = new URL(uri, BASE);
		const query = {};
		for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
		seen.push({
			method: this.req.method,
			path: url.pathname,
			query,
			body: body === '' ? undefined : body,
			authorization: this.req.headers.authorization,
		});
	};
}

beforeAll(() => {
	nock.disableNetConnect();
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('the catalogue against the reference fixture', () => {
	test('the same 37 method + path pairs', () => {
		expect(routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(REFERENCE.map((r) => `${r.method} ${r.path}`).sort());
	});

	test.each(REFERENCE.map((r) => [`${r.method} ${r.path}`, r]))('%s: parameter names, required flags and body fields', (_, ref) => {
		const route = routes.find((r) => r.path === ref.path);
		const fromCredential = (route.credentialQuery?.params ?? []).map((name) => ({ name, required: true }));
		const params = [...route.query.map((q) => ({ name: q.name, required: q.required === true })), ...fromCredential];
		expect(params.sort((a, b) => a.name.localeCompare(b.name))).toEqual([...ref.query].sort((a, b) => a.name.localeCompare(b.name)));
		if (ref.body) {
			expect(route.body).toBe('productFilter');
			expect(productFilterFields.map((f) => f.name).sort()).toEqual(ref.body.fields);
		} else {
			expect(route.body).toBeUndefined();
		}
	});
});

test('the catalogue has the 37 export routes of the reference', () => {
	expect(routes).toHaveLength(REFERENCE.length);
	expect(routes.filter((r) => r.returns === 'file')).toHaveLength(27);
	expect(routes.filter((r) => r.returns === 'task')).toHaveLength(8);
	expect(routes.filter((r) => r.returns === 'value')).toHaveLength(2);
});

describe.each(routes.filter((r) => r.returns === 'file').map((r) => [`${r.resource}/${r.operation}`, r]))('file route %s', (_, route) => {
	test('sends every parameter as SelSup expects and hands on the file', async () => {
		const { parameters, query } = parametersFor(route);
		const file = FILES[kindOf(route)];
		const serverName = `Выгрузка ${route.operation}.${kindOf(route)}`;
		const seen = [];
		nock(BASE)
			.intercept(route.path, route.method)
			.query(true)
			.reply(function (uri, body) {
				record(seen).call(this, uri, body);
				return [
					200,
					file.bytes,
					{
						'Content-Type': 'application/octet-stream',
						'Content-Length': String(file.bytes.length),
						'Content-Disposition': `attachment; filename="export.bin"; filename*=UTF-8''${encodeURIComponent(serverName)}`,
					},
				];
			});

		const result = await runNode({ nodeType: new SelSup(), credentialsType: new SelSupApi(), credentials, parameters, timezone: 'UTC' });

		expect(result.error).toBeUndefined();
		expect(seen).toHaveLength(1);
		expect(seen[0]).toMatchObject({ method: route.method, path: route.path, query, authorization: TOKEN });
		expect({ method: seen[0].method, path: seen[0].path, keys: Object.keys(seen[0].query).sort() }).toEqual({
			method: referenceOf(route).method,
			path: referenceOf(route).path,
			keys: referenceKeys(route),
		});
		expect(result.items).toHaveLength(1);
		const item = result.items[0];
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.binary?.data).toMatchObject({ fileName: serverName, mimeType: file.mime });
		expect(item.json).toMatchObject({ fileName: serverName, mimeType: file.mime, fileSize: file.bytes.length });
		expect((await result.binaries(0)).equals(file.bytes)).toBe(true);
	});
});

describe.each(routes.filter((r) => r.returns === 'task').map((r) => [`${r.resource}/${r.operation}`, r]))('task route %s', (_, route) => {
	test('starts the task, polls it to FINISHED and downloads its result', async () => {
		const { parameters, query, body } = parametersFor(route);
		const file = FILES.xlsx;
		const taskId = 7000 + routes.indexOf(route);
		const resultPath = `/files/file?path=${encodeURIComponent(`exports/${taskId}/Остатки ${route.operation}.xlsx`)}`;
		const seen = [];
		const statuses = ['RUNNING', 'RUNNING', 'FINISHED'];
		nock(BASE)
			.intercept(route.path, route.method)
			.query(true)
			.reply(function (uri, b) {
				record(seen).call(this, uri, b);
				return [200, { id: taskId, status: 'CREATED', type: 'EXPORT', progress: 0 }];
			})
			.get('/api/task/findTask')
			.query(true)
			.times(3)
			.reply(function (uri, b) {
				record(seen).call(this, uri, b);
				const status = statuses.shift();
				return [
					200,
					{
						rows: [{ id: taskId, status, progress: status === 'FINISHED' ? 100 : 40, url: status === 'FINISHED' ? resultPath : null }],
						total: 1,
						page: 1,
					},
				];
			})
			.get('/files/file')
			.query(true)
			.reply(function (uri, b) {
				record(seen).call(this, uri, b);
				return [200, file.bytes, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(file.bytes.length) }];
			});

		const result = await runNode({ nodeType: new SelSup(), credentialsType: new SelSupApi(), credentials, parameters, timezone: 'UTC' });

		expect(result.error).toBeUndefined();
		expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
			`${route.method} ${route.path}`,
			'GET /api/task/findTask',
			'GET /api/task/findTask',
			'GET /api/task/findTask',
			'GET /files/file',
		]);
		expect(seen[0].query).toEqual(query);
		expect({ method: seen[0].method, path: seen[0].path, keys: Object.keys(seen[0].query).sort() }).toEqual({
			method: referenceOf(route).method,
			path: referenceOf(route).path,
			keys: referenceKeys(route),
		});
		if (body !== undefined) expect(Object.keys(body).every((k) => referenceOf(route).body.fields.includes(k))).toBe(true);
		if (body !== undefined) expect(seen[0].body).toEqual(body);
		else if (route.method === 'POST') expect(seen[0].body).toBeUndefined();
		for (const poll of seen.slice(1, 4)) expect(poll.query).toEqual({ id: [String(taskId)] });
		expect(seen[4].query).toEqual({ path: [`exports/${taskId}/Остатки ${route.operation}.xlsx`] });
		expect(seen.every((s) => s.authorization === TOKEN)).toBe(true);

		const item = result.items[0];
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({ task: { id: taskId, status: 'FINISHED' }, statusChecks: 3 });
		expect(item.binary?.data).toMatchObject({ fileName: `Остатки ${route.operation}.xlsx`, mimeType: file.mime });
		expect((await result.binaries(0)).equals(file.bytes)).toBe(true);
	});
});

describe('value routes', () => {
	test("order/createCards returns SelSup's string as { result }", async () => {
		const route = routes.find((r) => r.operation === 'createCards');
		const { parameters, query } = parametersFor(route);
		const seen = [];
		nock(BASE)
			.post('/api/export/createCards')
			.query(true)
			.reply(function (uri, b) {
				record(seen).call(this, uri, b);
				return [200, JSON.stringify('Задача создания карточек запущена'), { 'Content-Type': 'application/json' }];
			});
		const result = await runNode({ nodeType: new SelSup(), credentialsType: new SelSupApi(), credentials, parameters });
		expect(result.error).toBeUndefined();
		expect(seen).toHaveLength(1);
		expect(seen[0]).toMatchObject({ method: 'POST', path: '/api/export/createCards', query, authorization: TOKEN });
		expect(Object.keys(seen[0].query).sort()).toEqual(referenceKeys(route));
		expect(result.items).toEqual([{ json: { result: 'Задача создания карточек запущена' }, pairedItem: { item: 0 } }]);
	});

	test('integration/checkCommerceMlAuth takes login and password from its credential, returns a boolean and never echoes the password', async () => {
		const route = routes.find((r) => r.operation === 'checkCommerceMlAuth');
		const { parameters, query: fromNode } = parametersFor(route);
		const query = { ...fromNode, login: ['shop-admin'], password: ['pw-Secret-99'] };
		const seen = [];
		nock(BASE)
			.post('/api/export/checkCommerceMlAuth')
			.query(true)
			.reply(function (uri, b) {
				record(seen).call(this, uri, b);
				return [200, 'true', { 'Content-Type': 'application/json' }];
			});
		const result = await runNode({
			nodeType: new SelSup(),
			credentialsType: new SelSupApi(),
			credentials,
			parameters,
			moreCredentials: [{ type: new SelSupCommerceMlApi(), data: { login: 'shop-admin', password: 'pw-Secret-99' } }],
		});
		expect(result.error).toBeUndefined();
		expect(seen[0]).toMatchObject({ method: 'POST', path: '/api/export/checkCommerceMlAuth', query });
		expect(query.password).toEqual(['pw-Secret-99']);
		expect(Object.keys(seen[0].query).sort()).toEqual(referenceKeys(route));
		expect(result.items[0].json).toEqual({ result: true });
		expect(JSON.stringify(result.items)).not.toContain('pw-Secret-99');
	});
});

test('a ProductFilter route with no filter sends an empty JSON object', async () => {
	const seen = [];
	nock(BASE)
		.post('/api/export/getProductsFile')
		.query(true)
		.reply(function (uri, b) {
			record(seen).call(this, uri, b);
			return [200, { id: 1, status: 'CREATED' }];
		});
	const result = await runNode({
		nodeType: new SelSup(),
		credentialsType: new SelSupApi(),
		credentials,
		parameters: { resource: 'product', operation: 'getProductsFile', options: { waitForCompletion: false } },
	});
	expect(result.error).toBeUndefined();
	expect(seen[0].body).toEqual({});
	expect(result.items[0].json).toMatchObject({ task: { id: 1, status: 'CREATED' } });
});

test('the JSON filter alternative is sent as given, with known fields checked', async () => {
	const seen = [];
	nock(BASE)
		.post('/api/export/getWildberriesFile')
		.query(true)
		.reply(function (uri, b) {
			record(seen).call(this, uri, b);
			return [200, { id: 2, status: 'CREATED' }];
		});
	const result = await runNode({
		nodeType: new SelSup(),
		credentialsType: new SelSupApi(),
		credentials,
		parameters: {
			resource: 'product',
			operation: 'getWildberriesFile',
			filterInput: 'json',
			filterJson: '{"query": "платье", "organizations": [12, 13], "limit": "50", "someNewField": {"x": 1}}',
			options: { waitForCompletion: false },
		},
	});
	expect(result.error).toBeUndefined();
	expect(seen[0].body).toEqual({ query: 'платье', organizations: [12, 13], limit: 50, someNewField: { x: 1 } });
});

test('a base URL with a path keeps it, as the credential test does', async () => {
	const seen = [];
	nock(BASE)
		.get('/proxy/api/export/brandsFile')
		.reply(function (uri, b) {
			record(seen).call(this, uri, b);
			return [200, FILES.xlsx.bytes, { 'Content-Type': 'application/octet-stream' }];
		});
	const result = await runNode({
		nodeType: new SelSup(),
		credentialsType: new SelSupApi(),
		credentials: { apiToken: TOKEN, baseUrl: `${BASE}/proxy/` },
		parameters: { resource: 'reference', operation: 'brandsFile' },
	});
	expect(result.error).toBeUndefined();
	expect(seen.map((s) => s.path)).toEqual(['/proxy/api/export/brandsFile']);
	expect(result.items[0].binary?.data.fileName).toBe('brands.xlsx');
});
