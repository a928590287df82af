const nock = require('nock');

import { SelSupApi } from '../../credentials/SelSupApi.credentials';
import { SelSup } from '../../nodes/SelSup/SelSup.node';
import { runCredentialTest, runLoadOptions } from '../helpers/harness';
import { BASE, catchAll, run, setupNock, TOKEN } from './support';

setupNock();

describe('credential test request', () => {
	it.each([BASE, `${BASE}/`, `${BASE}//`])('GET /api/client/findClientOrganization?limit=1 with the raw token (base %s)', async (baseUrl) => {
		const seen = [];
		const scope = nock(BASE)
			.get('/api/client/findClientOrganization')
			.query({ limit: '1' })
			.reply(function (uri) {
				seen.push({ path: uri, auth: this.req.headers.authorization });
				return [200, { rows: [] }];
			});
		const { hits } = catchAll();

		const result = await runCredentialTest(new SelSupApi(), { apiToken: TOKEN, baseUrl });

		expect(result).toEqual({ ok: true, status: 200, message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
		expect(seen).toEqual([{ path: '/api/client/findClientOrganization?limit=1', auth: TOKEN }]);
		expect(String(seen[0].auth)).not.toMatch(/bearer/i);
		expect(hits).toEqual([]);
	});

	it.each([401, 403])('reports a rejected token (HTTP %i) as a failure that says what to do', async (status) => {
		// n8n may repeat a request answered 401 once (re-authentication), so the answer stands for both.
		nock(BASE).get('/api/client/findClientOrganization').times(2).query({ limit: '1' }).reply(status, { error: 'FORBIDDEN' });
		const result = await runCredentialTest(new SelSupApi(), { apiToken: 'wrong-token', baseUrl: BASE });
		expect(result).toMatchObject({ ok: false, status });
		expect(result.message).toMatch(/^SelSup refused this API token: create one under Integrations → API/);
		expect(result.message).not.toContain('wrong-token');
	});

	it("other failures keep n8n's own wording", async () => {
		nock(BASE).get('/api/client/findClientOrganization').query({ limit: '1' }).reply(500, { error: 'INTERNAL' });
		const result = await runCredentialTest(new SelSupApi(), { apiToken: TOKEN, baseUrl: BASE });
		expect(result.ok).toBe(false);
		expect(result.message).not.toMatch(/refused this API token/);
	});

	it('defaults the base URL to https://api.selsup.ru', async () => {
		const scope = nock('https://api.selsup.ru').get('/api/client/findClientOrganization').query({ limit: '1' }).reply(200, { rows: [] });
		const result = await runCredentialTest(new SelSupApi(), { apiToken: TOKEN });
		expect(result.ok).toBe(true);
		expect(scope.isDone()).toBe(true);
	});
});

describe('node requests with a base URL ending in a slash', () => {
	it('go to the right path, with the raw token', async () => {
		let auth;
		const scope = nock(BASE)
			.get('/api/task/findTask')
			.query({ id: '7' })
			.reply(function () {
				auth = this.req.headers.authorization;
				return [200, { rows: [{ id: 7, status: 'RUNNING' }] }];
			});
		const { hits } = catchAll();
		const result = await run({ resource: 'task', operation: 'get', taskId: '7' }, { baseUrl: `${BASE}/` });
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(auth).toBe(TOKEN);
		expect(hits).toEqual([]);
		expect(result.items[0].json).toEqual({ id: 7, status: 'RUNNING', statusLabel: 'Running' });
	});
});

describe('loadOptions', () => {
	const opts = { nodeType: new SelSup(), credentialsType: new SelSupApi(), credentials: { apiToken: TOKEN, baseUrl: BASE }, parameters: {} };

	it('getOrganizations lists organisations by name (with INN), valued by the client-organisation id', async () => {
		const scope = nock(BASE, { reqheaders: { authorization: TOKEN } })
			.get('/api/client/findClientOrganization')
			.query({ limit: '500' })
			.reply(200, {
				rows: [
					{ id: 12, organization: { id: 1, name: 'ООО «Ромашка»', shortName: 'Ромашка', inn: '7701234567' } },
					{ id: 5, organization: { id: 2, name: 'ИП Андреев' } },
					{ id: 9 },
				],
			});
		const options = await runLoadOptions(opts, 'getOrganizations');
		expect(scope.isDone()).toBe(true);
		expect(options).toEqual([
			{ name: 'Organization 9', value: 9 },
			{ name: 'ИП Андреев', value: 5 },
			{ name: 'Ромашка (INN 7701234567)', value: 12 },
		]);
	});

	it('getWarehouses lists warehouses with their marketplace', async () => {
		const scope = nock(BASE, { reqheaders: { authorization: TOKEN } })
			.get('/api/warehouse/list')
			.reply(200, [{ id: 3, name: 'Склад Казань', service: 'OZON' }, { id: 1, name: 'Основной склад', service: 'NONE' }, { id: 8 }]);
		const options = await runLoadOptions(opts, 'getWarehouses');
		expect(scope.isDone()).toBe(true);
		expect(options).toEqual([
			{ name: 'Warehouse 8', value: 8 },
			{ name: 'Основной склад', value: 1 },
			// The marketplace by the label the node's service fields show, not SelSup's code.
			{ name: 'Склад Казань (Ozon)', value: 3 },
		]);
	});

	it('the lists for required dropdowns start with a "choose" entry, then the account\'s entries', async () => {
		nock(BASE, { reqheaders: { authorization: TOKEN } })
			.get('/api/client/findClientOrganization')
			.query({ limit: '500' })
			.reply(200, { rows: [{ id: 12, organization: { shortName: 'Ромашка' } }] });
		expect(await runLoadOptions(opts, 'getOrganizationsToChoose')).toEqual([
			{ name: '- Choose an Organization -', value: '' },
			{ name: 'Ромашка', value: 12 },
		]);
		nock(BASE, { reqheaders: { authorization: TOKEN } })
			.get('/api/warehouse/list')
			.reply(200, [{ id: 3, name: 'Склад Казань', service: 'OZON' }]);
		expect(await runLoadOptions(opts, 'getWarehousesToChoose')).toEqual([
			{ name: '- Choose a Warehouse -', value: '' },
			// The marketplace by the label the node's service fields show, not SelSup's code.
			{ name: 'Склад Казань (Ozon)', value: 3 },
		]);
	});

	it('an empty or odd answer gives an empty list, an error status an error without the token', async () => {
		nock(BASE).get('/api/warehouse/list').reply(200, { unexpected: true });
		await expect(runLoadOptions(opts, 'getWarehouses')).resolves.toEqual([]);
		nock(BASE).get('/api/client/findClientOrganization').query(true).reply(403, { error: 'FORBIDDEN' });
		const error = await runLoadOptions(opts, 'getOrganizations').then(
			() => undefined,
			(e) => e,
		);
		expect(error?.message).toMatch(/rejected the API token/);
		expect(JSON.stringify({ m: error?.message, e: error })).not.toContain(TOKEN);
	});
});
