'use strict';
/**
 * The SelSup API credential's test as the editor runs it (POST /rest/credentials/test) in a real n8n
 * (SELSUP_E2E_VERSION), against the sandbox: a refused token and a good one. n8n 2.x shows the
 * credential's own message for a 401/403; n8n 1.x words it itself (its tester does not apply the
 * credential's responseCode rules to the error it gets), and the README says so.
 */
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { N8nInstance, freePort } = require('../../scripts/n8n/instance');
const { startSandbox } = require('../../sandbox');

const VERSION = process.env.SELSUP_E2E_VERSION || '1.123.81';
const MAJOR = Number(VERSION.split('.')[0]);
const TOKEN = 'sandbox-token-cred-SECRET-7741';
const CRED = { id: 'selsupApiCredT01', name: 'SelSup API', type: 'selSupApi' };

describe(`n8n ${VERSION}: the SelSup API credential test in the editor`, () => {
	let sb;
	let n8n;
	let url;
	let cookie;

	before(async () => {
		sb = await startSandbox({ port: 0, token: TOKEN });
		n8n = await N8nInstance.create({ version: VERSION });
		await n8n.importCredentials([{ ...CRED, data: { apiToken: TOKEN, baseUrl: sb.url } }]);
		const port = await freePort();
		await n8n.start({ port });
		url = `http://127.0.0.1:${port}`;
		cookie = await n8n.ownerCookie(url);
	});

	after(async () => {
		if (n8n) await n8n.stop();
		if (sb) await sb.close();
		if (n8n && process.env.SELSUP_E2E_KEEP !== '1') n8n.cleanup();
	});

	const test = async (apiToken) => {
		const res = await fetch(`${url}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie, 'browser-id': 'e2e' },
			body: JSON.stringify({ credentials: { ...CRED, data: { apiToken, baseUrl: sb.url } } }),
		});
		assert.equal(res.status, 200);
		return /** @type {{ data: { status: string, message: string } }} */ (await res.json()).data;
	};

	it('a refused token is reported, without the token; a good one connects', { timeout: 5 * 60 * 1000 }, async () => {
		const refused = await test('wrong-token-e2e-SECRET-1');
		assert.equal(refused.status, 'Error');
		assert.equal(
			refused.message,
			MAJOR >= 2 ? 'SelSup refused this API token: create one under Integrations → API in the SelSup cabinet and paste it into API Token' : 'Forbidden - perhaps check your credentials?',
		);
		assert.ok(!JSON.stringify(refused).includes('SECRET'));
		assert.deepEqual(await test(TOKEN), { status: 'OK', message: 'Connection successful!' });
		// Both checks reached SelSup's organisation list with the token as sent.
		const checks = sb.requests.filter((r) => r.path === '/api/client/findClientOrganization');
		assert.deepEqual(
			checks.map((r) => r.headers.authorization),
			['wrong-token-e2e-SECRET-1', TOKEN],
		);
	});
});
