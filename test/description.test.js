/**
 * The node's fields as n8n shows them: for each route, which fields are visible once its resource and
 * operation are picked, checked with n8n-workflow's own display logic.
 */
import { SelSupCommerceMlApi } from '../credentials/SelSupCommerceMlApi.credentials';

import { NodeHelpers } from 'n8n-workflow';

import { productFilterFields, routes } from '../nodes/SelSup/catalogue';
import { SelSup } from '../nodes/SelSup/SelSup.node';

const description = new SelSup().description;
const node = {
	id: '1',
	name: 'SelSup',
	type: 'n8n-nodes-selsup.selSup',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function visible(values) {
	return description.properties.filter((p) => NodeHelpers.displayParameter(values, p, node, description));
}

test('resource values are the documented ones, plus task', () => {
	const resource = description.properties.find((p) => p.name === 'resource');
	expect(/** @type {PropertyEntry[]} */ (resource.options).map((o) => o.value).sort()).toEqual([
		'finance',
		'image',
		'integration',
		'order',
		'product',
		'reference',
		'stock',
		'supply',
		'task',
	]);
});

describe.each(routes.map((r) => [`${r.resource}/${r.operation}`, r]))('%s', (_, route) => {
	const values = { resource: route.resource, operation: route.operation };
	const shown = visible(values);
	const names = shown.map((p) => p.name);

	test('is an operation of its resource, labelled alike in the dropdown and the actions panel', () => {
		const operation = shown.find((p) => p.name === 'operation');
		const option = /** @type {PropertyEntry[]} */ (operation.options).find((o) => o.value === route.operation);

		expect(option.action).toBe(route.action);
		// n8n wants option names in title case and actions in sentence case: the same words either way.
		expect(option.name.toLowerCase()).toBe(route.action.toLowerCase());
		expect(option.description).toBe(route.summary);
		expect(option.description).not.toMatch(/\/api\/|\b(GET|POST)\b/);
	});

	test('shows each required parameter as a field and each optional one in Additional Fields', () => {
		for (const p of route.query.filter((q) => q.required)) {
			expect(shown.filter((s) => s.name === p.name)).toHaveLength(1);
			expect(shown.find((s) => s.name === p.name).required).toBe(true);
		}
		const optional = route.query
			.filter((q) => !q.required)
			.map((q) => q.name)
			.sort();
		const collection = shown.filter((s) => s.name === 'additionalFields');
		if (optional.length === 0) expect(collection).toHaveLength(0);
		else expect((collection[0].options ?? []).map((o) => o.name).sort()).toEqual(optional);
	});

	test('asks for an output field only when a file comes back, and offers waiting only for tasks', () => {
		expect(names.filter((n) => n === 'binaryPropertyName')).toHaveLength(route.returns === 'value' ? 0 : 1);
		const options = shown.filter((p) => p.name === 'options');
		expect(options).toHaveLength(1);
		const optionNames = (options[0].options ?? []).map((o) => o.name);
		expect(optionNames.includes('waitForCompletion')).toBe(route.returns === 'task');
		expect(optionNames).toEqual(expect.arrayContaining(['concurrency', 'retries', 'requestTimeout', 'maxRetryWait']));
	});

	test('offers the product filter as fields or JSON only where SelSup takes one', () => {
		expect(names.includes('filterInput')).toBe(route.body === 'productFilter');
	});
});

test('the task resource has get, wait, download and cancel, each with a task ID', () => {
	for (const operation of ['get', 'wait', 'download', 'cancel']) {
		const names = visible({ resource: 'task', operation }).map((p) => p.name);
		expect(names).toContain('taskId');
		expect(names.includes('binaryPropertyName')).toBe(operation === 'wait' || operation === 'download');
	}
});

test('no node parameter holds a secret: the CommerceML login and password are a credential, asked for only by that operation', () => {
	const shown = visible({ resource: 'integration', operation: 'checkCommerceMlAuth' });
	expect(shown.map((p) => p.name)).toContain('url');
	expect(shown.map((p) => p.name)).not.toContain('password');
	expect(shown.map((p) => p.name)).not.toContain('login');
	const all = JSON.stringify(description.properties);
	expect(all).not.toMatch(/"password":true/);
	expect(description.credentials).toEqual([
		{ name: 'selSupApi', required: true },
		{
			name: 'selSupCommerceMlApi',
			required: true,
			testedBy: 'commerceMlCredentialTest',
			displayOptions: { show: { resource: ['integration'], operation: ['checkCommerceMlAuth'] } },
		},
	]);
	const credential = new SelSupCommerceMlApi();
	expect(credential.properties.map((p) => [p.name, p.typeOptions?.password === true])).toEqual([
		['login', false],
		['password', true],
	]);
});

test('saving the CommerceML credential says whether both fields are filled in', async () => {
	const test = new SelSup().methods.credentialTest.commerceMlCredentialTest;
	const cred = (data) => ({ id: '1', name: 'c', type: 'selSupCommerceMlApi', data });
	await expect(test.call(/** @type {any} */ ({}), cred({ login: 'admin', password: ' ' }))).resolves.toEqual({ status: 'Error', message: 'Fill in the password' });
	await expect(test.call(/** @type {any} */ ({}), cred({ login: 'admin', password: 'pw' }))).resolves.toMatchObject({ status: 'OK' });
});

test('the canvas subtitle is the action label of the chosen operation', () => {
	const subtitle = description.subtitle;
	expect(subtitle.startsWith('={{') && subtitle.endsWith('}}')).toBe(true);
	const evaluate = new Function('$parameter', `return ${subtitle.slice(3, -2)};`);
	expect(evaluate({ resource: 'stock', operation: 'stocksFile' })).toBe('Export stock to Excel');
	expect(evaluate({ resource: 'task', operation: 'wait' })).toBe('Wait for a task');
});

test('a resource never opens on an operation that changes marketplace data', () => {
	const ops = description.properties.filter((p) => p.name === 'operation');
	const writes = routes.filter((r) => r.writes).map((r) => r.operation);
	// The reference's writes: cards created on a marketplace, photos uploaded to Wildberries, orders sent to MoySklad.
	expect(writes.sort()).toEqual(['createCards', 'exportMoySkladOrders', 'uploadImagesToWildberries']);
	for (const op of ops) expect(writes).not.toContain(op.default);
});

describe('what a seller sees', () => {
	const allOperations = [
		...routes.map((r) => ({ resource: r.resource, operation: r.operation })),
		...['get', 'wait', 'download', 'cancel'].map((operation) => ({ resource: 'task', operation })),
	];

	test.each(allOperations)('$resource/$operation shows no collection without fields', (values) => {
		for (const p of visible(values).filter((v) => v.type === 'collection')) {
			expect((p.options ?? []).length).toBeGreaterThan(0);
		}
	});

	const filters = visible({ resource: 'product', operation: 'getProductsFile', filterInput: 'fields' }).find((p) => p.name === 'filters');
	const offered = /** @type {PropertyEntry[]} */ (filters.options ?? []);

	test('product filters: plain English labels, common ones first, technical ones left to JSON', () => {
		expect(offered.slice(0, 4).map((o) => o.name)).toEqual(['query', 'article', 'barcode', 'name']);
		const labels = offered.map((o) => o.displayName);
		expect(labels).toContain('Only Without Purchase Price');
		expect(labels).toContain('Recommended Supply Quantity');
		expect(labels.filter((l) => /Parchase|Requier|\bYM\b|\bWb\b/.test(l))).toEqual([]);
		const names = offered.map((o) => o.name);
		for (const technical of ['page', 'limit', 'count', 'ignoreParams', 'testCard']) expect(names).not.toContain(technical);
		// Parameter names stay SelSup's: every offered filter is a ProductFilter field.
		for (const name of names) expect(productFilterFields.map((f) => f.name)).toContain(name);
		expect(new Set(labels).size).toBe(labels.length);
	});

	test('stock routes offer marketplaces first; the other SelSup services follow (never refused)', () => {
		for (const operation of ['serviceStocks', 'stocks']) {
			const service = visible({ resource: 'stock', operation }).find((p) => p.name === 'service');
			const values = /** @type {PropertyEntry[]} */ (service.options ?? []).map((o) => o.value);
			expect(values.slice(0, 3)).toEqual(['WILDBERRIES', 'OZON', 'YANDEX_MARKET']);
			expect(values.indexOf('MOY_SKLAD')).toBeGreaterThan(values.indexOf('WALMART'));
			expect(values).toContain('EMAIL');
		}
	});

	test('a required organisation or warehouse dropdown starts on a "choose" entry; optional ones on "any"', () => {
		const required = visible({ resource: 'stock', operation: 'stocks' }).find((p) => p.name === 'organizationId');
		expect(required.typeOptions?.loadOptionsMethod).toBe('getOrganizationsToChoose');
		const optional = visible({ resource: 'stock', operation: 'stocksFile' }).find((p) => p.name === 'additionalFields');
		const warehouse = /** @type {PropertyEntry[]} */ (optional.options).find((o) => o.name === 'warehouseId');
		expect(warehouse.typeOptions?.loadOptionsMethod).toBe('getWarehousesOrAny');
		for (const method of ['getOrganizationsToChoose', 'getWarehousesToChoose']) {
			expect(Object.keys(new SelSup().methods.loadOptions)).toContain(method);
		}
	});

	test('"Put Output File in Field" says what it does here', () => {
		const field = visible({ resource: 'stock', operation: 'stocksFile' }).find((p) => p.name === 'binaryPropertyName');
		expect(field.description).toMatch(/output item/);
		expect(field.description).not.toMatch(/input/i);
	});

	test('task operations: one wording in the dropdown and the actions panel, no HTTP paths', () => {
		const operation = description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('task'));
		for (const o of /** @type {PropertyEntry[]} */ (operation.options)) {
			expect(o.name.toLowerCase()).toBe(o.action.toLowerCase());
			expect(o.description).not.toMatch(/\/api\/|\b(GET|POST)\b/);
		}
	});
});

describe('task/getMany', () => {
	test('shows Return All, Limit (only without Return All), the filters under the API names, and no task ID or file field', () => {
		const names = visible({ resource: 'task', operation: 'getMany', returnAll: false }).map((p) => p.name);
		expect(names).toEqual(expect.arrayContaining(['operation', 'returnAll', 'limit', 'filters', 'options']));
		expect(names).not.toContain('taskId');
		expect(names).not.toContain('binaryPropertyName');
		expect(visible({ resource: 'task', operation: 'getMany', returnAll: true }).map((p) => p.name)).not.toContain('limit');
		const limit = description.properties.find((p) => p.name === 'limit' && p.displayOptions?.show?.operation?.includes('getMany'));
		expect(limit.default).toBe(50);
		const filters = visible({ resource: 'task', operation: 'getMany' }).find((p) => p.name === 'filters');
		const byName = Object.fromEntries(/** @type {PropertyEntry[]} */ (filters.options).map((o) => [o.name, o]));
		expect(Object.keys(byName).sort()).toEqual(['entityId', 'organizationId', 'own', 'status', 'types']);
		expect(byName.types.type).toBe('multiOptions');
		expect(byName.status.options).toHaveLength(9);
		expect(byName.organizationId.typeOptions?.loadOptionsMethod).toBe('getOrganizationsOrAny');
		expect(byName.own.type).toBe('boolean');
	});

	test('the one-task operations still ask for the task ID', () => {
		for (const operation of ['get', 'wait', 'download', 'cancel']) {
			expect(visible({ resource: 'task', operation }).map((p) => p.name)).toContain('taskId');
		}
	});
});

describe('SelSup Trigger', () => {
	const { SelSupTrigger } = require('../nodes/SelSup/SelSupTrigger.node');
	const pkg = require('../package.json');
	const codex = require('../nodes/SelSup/SelSupTrigger.node.json');
	const trigger = new SelSupTrigger().description;

	test("the SelSup entry of the nodes panel reads the action node's description (n8n shows the trigger's there)", () => {
		expect(new SelSup().description.description).toMatch(/^Export files from SelSup/);
		expect(trigger.description).toBe(new SelSup().description.description);
	});

	test('is a polling trigger named as documented, on the SelSup credential, not offered as a tool', () => {
		expect(trigger).toMatchObject({
			name: 'selSupTrigger',
			displayName: 'SelSup Trigger',
			polling: true,
			inputs: [],
			group: ['trigger'],
			version: 1,
		});
		expect(trigger.credentials).toEqual([{ name: 'selSupApi', required: true }]);
		expect(trigger.usableAsTool).toBeUndefined();
		expect(new SelSup().description.usableAsTool).toBe(true);
		expect(pkg.n8n.nodes).toEqual(['dist/nodes/SelSup/SelSup.node.js', 'dist/nodes/SelSup/SelSupTrigger.node.js']);
		expect(codex.node).toBe('n8n-nodes-selsup.selSupTrigger');
	});

	test('event, filters and options carry the documented names and defaults', () => {
		const byName = Object.fromEntries(trigger.properties.map((p) => [p.name, p]));
		expect(/** @type {PropertyEntry[]} */ (byName.event.options).map((o) => o.value).sort()).toEqual(['taskFailed', 'taskFinished']);
		expect(byName.filters.options.map((o) => o.name).sort()).toEqual(['organizationId', 'types']);
		const options = Object.fromEntries(/** @type {PropertyEntry[]} */ (byName.options.options).map((o) => [o.name, o.default]));
		expect(options).toEqual({ downloadResult: false, binaryPropertyName: 'data' });
	});

	test('Download Result shows only for Task Finished, the file field only when it is on (as n8n decides)', () => {
		const options = trigger.properties.find((p) => p.name === 'options').options.map((o) => o.name);
		const option = (name) => trigger.properties.find((p) => p.name === 'options').options.find((o) => o.name === name);
		expect(options).toEqual(['downloadResult', 'binaryPropertyName']);
		// The Options section itself shows only for Task Finished (it would be empty for Task Failed).
		const section = trigger.properties.find((p) => p.name === 'options');
		const shown = (event, values) =>
			NodeHelpers.displayParameter({ event, options: values }, section, { typeVersion: 1 }, trigger)
				? ['downloadResult', 'binaryPropertyName'].filter((name) =>
						NodeHelpers.displayParameter(values, option(name), { typeVersion: 1 }, trigger, { event, options: values }),
					)
				: [];
		expect(shown('taskFinished', {})).toEqual(['downloadResult']);
		expect(shown('taskFinished', { downloadResult: true })).toEqual(['downloadResult', 'binaryPropertyName']);
		expect(shown('taskFailed', {})).toEqual([]);
		expect(shown('taskFailed', { downloadResult: true })).toEqual([]);
	});
});
