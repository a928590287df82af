/**
 * Proves the harness drives n8n-core's real machinery, using a tiny inline node
 * and credential (independent of the SelSup node).
 */
import { Readable } from 'node:stream';

const nock = require('nock');

import { NodeConnectionTypes } from 'n8n-workflow';

import { runCredentialTest, runLoadOptions, runNode } from './harness';
import { setupNock } from './nock';

const API = 'http://api.test';

class TestApi {
	name = 'testApi';
	displayName = 'Test API';
	properties = [
		{ displayName: 'API Token', name: 'apiToken', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: API },
	];
	authenticate = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.apiToken}}' } },
	};
	test = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/me' },
		rules: [{ type: 'responseCode', properties: { value: 403, message: 'Token lacks rights' } }],
	};
}

class TestNode {
	description = {
		displayName: 'Harness Test',
		name: 'harnessTest',
		group: ['transform'],
		version: [1, 2],
		description: 'Exercises n8n-core helpers',
		defaults: { name: 'Harness Test' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'testApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Request', value: 'request' },
					{ name: 'Binary', value: 'binary' },
					{ name: 'Echo', value: 'echo' },
				],
				default: 'echo',
			},
			{ displayName: 'X', name: 'x', type: 'string', default: '' },
			{ displayName: 'With Default', name: 'withDefault', type: 'string', default: 'dflt' },
		],
	};

	methods = {
		loadOptions: {
			async getThings() {
				const { baseUrl } = await this.getCredentials('testApi');
				const things = await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
					method: 'GET',
					url: `${baseUrl}/things`,
					json: true,
				});
				return things.map((t) => ({ name: t.name, value: t.id }));
			},
		},
	};

	/** @this {import('n8n-workflow').IExecuteFunctions} */
	async execute() {
		const items = this.getInputData();
		const out = [];
		for (let i = 0; i < items.length; i++) {
			const operation = this.getNodeParameter('operation', i);
			try {
				if (operation === 'request') {
					const credentials = await this.getCredentials('testApi');
					const response = await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
						method: 'GET',
						url: `${credentials.baseUrl}/items`,
						qs: { ids: [1, 2] },
						arrayFormat: 'repeat',
						returnFullResponse: true,
						json: true,
					});
					out.push({ json: { statusCode: response.statusCode, body: response.body } });
				} else if (operation === 'binary') {
					const fromBuffer = await this.helpers.prepareBinaryData(Buffer.from('hello buffer'), 'a.txt', 'text/plain');
					const fromStream = await this.helpers.prepareBinaryData(Readable.from([Buffer.from('hello '), Buffer.from('stream')]), 'b.csv', 'text/csv');
					out.push({ json: {}, binary: { data: fromBuffer } }, { json: {}, binary: { file: fromStream } });
				} else {
					this.logger.debug('echo', { item: i });
					const signal = this.getExecutionCancelSignal();
					out.push({
						json: {
							x: this.getNodeParameter('x', i),
							withDefault: this.getNodeParameter('withDefault', i),
							continueOnFail: this.continueOnFail(),
							timezone: this.getTimezone(),
							hasSignal: signal !== undefined,
							aborted: signal?.aborted ?? null,
							version: this.getNode().typeVersion,
							credentials: await this.getCredentials('testApi'),
						},
					});
				}
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: error.message }, pairedItem: i });
					continue;
				}
				throw error;
			}
		}
		return [out];
	}
}

const base = {
	nodeType: new TestNode(),
	credentialsType: new TestApi(),
	credentials: { apiToken: 'tok' },
};

setupNock();

describe('runNode: HTTP through n8n-core httpRequestWithAuthentication', () => {
	it('sends the repeat-format query and the credential header', async () => {
		let seenPath = '';
		let seenAuth;
		const scope = nock(API)
			.get('/items')
			.query(true)
			.reply(function (uri) {
				seenPath = uri;
				seenAuth = this.req.headers.authorization;
				return [200, { ok: true }];
			});

		const result = await runNode({ ...base, parameters: { operation: 'request' } });

		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(seenPath).toBe('/items?ids=1&ids=2');
		expect(seenAuth).toBe('Bearer tok');
		expect(result.items).toEqual([{ json: { statusCode: 200, body: { ok: true } } }]);
	});

	it('surfaces a thrown NodeApiError, or the node’s own handling under continueOnFail', async () => {
		nock(API).get('/items').query(true).times(2).reply(500, { message: 'boom' });

		const failed = await runNode({ ...base, parameters: { operation: 'request' } });
		expect(failed.items).toEqual([]);
		expect(failed.error?.constructor.name).toBe('NodeApiError');

		const continued = await runNode({ ...base, parameters: { operation: 'request' }, continueOnFail: true });
		expect(continued.error).toBeUndefined();
		expect(continued.items).toHaveLength(1);
		expect(continued.items[0].json.error).toEqual(expect.any(String));
	});

	it('passes the execution cancel signal to the request', async () => {
		const controller = new AbortController();
		controller.abort();
		const scope = nock(API).get('/items').query(true).reply(200, {});
		const result = await runNode({
			...base,
			parameters: { operation: 'request' },
			abortSignal: controller.signal,
		});
		expect(result.error).toBeDefined();
		expect(scope.isDone()).toBe(false);
	});
});

describe('runNode: context functions are n8n-core’s', () => {
	it('resolves expressions per item and applies parameter defaults', async () => {
		const result = await runNode({
			...base,
			parameters: { operation: 'echo', x: '={{ $json.x }}-{{ $itemIndex }}' },
			input: [{ json: { x: 'a' } }, { json: { x: 'b' } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.x)).toEqual(['a-0', 'b-1']);
		expect(result.items[0].json.withDefault).toBe('dflt');
	});

	it('reflects continueOnFail, timezone, cancel signal, version and credentials (with defaults)', async () => {
		const controller = new AbortController();
		const on = await runNode({
			...base,
			parameters: { operation: 'echo' },
			continueOnFail: true,
			timezone: 'Europe/Moscow',
			abortSignal: controller.signal,
			nodeTypeVersion: 1,
		});
		expect(on.items[0].json).toMatchObject({
			continueOnFail: true,
			timezone: 'Europe/Moscow',
			hasSignal: true,
			aborted: false,
			version: 1,
			credentials: { apiToken: 'tok', baseUrl: API },
		});

		const off = await runNode({ ...base, parameters: { operation: 'echo' } });
		expect(off.items[0].json).toMatchObject({ continueOnFail: false, hasSignal: false, version: 2 });
	});
});

describe.each(['default', 'filesystem'])('runNode: binary data in %s mode', (binaryMode) => {
	it('stores Buffer and stream binaries via prepareBinaryData and reads them back', async () => {
		const result = await runNode({ ...base, parameters: { operation: 'binary' }, binaryMode });
		expect(result.error).toBeUndefined();

		const [first, second] = result.items;
		expect(first.binary?.data).toMatchObject({ fileName: 'a.txt', mimeType: 'text/plain' });
		expect(second.binary?.file).toMatchObject({ fileName: 'b.csv', mimeType: 'text/csv' });
		expect((await result.binaries(0)).toString()).toBe('hello buffer');
		expect((await result.binaries(1, 'file')).toString()).toBe('hello stream');

		if (binaryMode === 'filesystem') {
			expect(first.binary?.data.id).toMatch(/^filesystem-v2:/);
			expect(first.binary?.data.data).toBe('filesystem-v2');
		} else {
			expect(first.binary?.data.id).toBeUndefined();
			expect(first.binary?.data.data).toBe(Buffer.from('hello buffer').toString('base64'));
		}
	});
});

describe('runLoadOptions', () => {
	it('runs methods.loadOptions with real credentials and auth', async () => {
		nock(API, { reqheaders: { authorization: 'Bearer tok' } })
			.get('/things')
			.reply(200, [{ id: 7, name: 'Seven' }]);
		const options = await runLoadOptions({ ...base, parameters: {} }, 'getThings');
		expect(options).toEqual([{ name: 'Seven', value: 7 }]);
	});
});

describe('runCredentialTest', () => {
	it('sends test.request to the resolved baseURL with authenticate applied', async () => {
		nock('http://other.test', { reqheaders: { authorization: 'Bearer tok' } })
			.get('/me')
			.reply(200, { id: 1 });
		const res = await runCredentialTest(new TestApi(), { apiToken: 'tok', baseUrl: 'http://other.test' });
		expect(res).toEqual({ ok: true, status: 200, message: 'Connection successful!' });
	});

	it('reports failures like n8n (rules first, then non-2xx)', async () => {
		nock(API).get('/me').reply(403, {});
		expect(await runCredentialTest(new TestApi(), { apiToken: 'bad' })).toEqual({
			ok: false,
			status: 403,
			message: 'Token lacks rights',
		});

		// Like n8n, httpRequestWithAuthentication retries a 401 once (after preAuthentication).
		const scope = nock(API).get('/me').times(2).reply(401, {});
		const unauthorized = await runCredentialTest(new TestApi(), { apiToken: 'bad' });
		expect(unauthorized).toMatchObject({ ok: false, status: 401 });
		expect(scope.isDone()).toBe(true);
	});
});
