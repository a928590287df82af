'use strict';
/**
 * Contract test: the run's own signal reaches n8n's authenticated request (SELSUP_E2E_VERSION).
 *
 * n8n's `httpRequestWithAuthentication` takes the request's abort signal from its `this`
 * (`this.getExecutionCancelSignal()`, overwriting any `abortSignal` option: n8n-core 1.122 and 2.41
 * alike), so transport/attempt.ts calls it on a view of the context whose signal is the run's own,
 * which also ends when one item fails the node. No n8n release promises that `this` is read so: this
 * test fails when it no longer is.
 *
 * In a running n8n (`n8n start`), a webhook starts Split Out → SelSup with two items: SelSup refuses the
 * first with a 400 at once, and keeps the second unanswered for 30 s. The node fails on the first item
 * (no Continue On Fail), so its run's signal ends, and n8n must abort the second request: its
 * connection closes from n8n's side within seconds, never answered. Were n8n to use the execution's
 * signal instead, nothing would end the second request (the execution is not cancelled) until its answer.
 */
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');

const { N8nInstance, freePort } = require('../../scripts/n8n/instance');
const { SELSUP_TYPE } = require('./workflows');

const VERSION = process.env.SELSUP_E2E_VERSION || '1.123.81';
const CRED = { id: 'selsupApiCredS01', name: 'SelSup API', type: 'selSupApi' };
const HELD_MS = 30_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A SelSup stand-in: orderId 1 is refused with SelSup's 400, any other order is held `HELD_MS`. */
function fakeSelSup() {
	/** @type {Array<{ orderId: string, at: number, closedAt?: number, answered: boolean }>} */
	const seen = [];
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://x');
		if (url.pathname !== '/api/export/downloadBarcodeOrder') {
			res.writeHead(404).end();
			return;
		}
		const entry = { orderId: url.searchParams.get('orderId') ?? '', at: Date.now(), answered: false };
		seen.push(entry);
		res.on('close', () => (entry.closedAt = Date.now()));
		if (entry.orderId === '1') {
			entry.answered = true;
			res.writeHead(400, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ error: 'INVALID_PARAMETER', localMessage: 'Order 1 is not yours', params: { name: 'orderId' } }));
			return;
		}
		const timer = setTimeout(() => {
			entry.answered = true;
			res.writeHead(200, { 'content-type': 'application/vnd.ms-excel' });
			res.end(Buffer.from('late'));
		}, HELD_MS);
		res.on('close', () => clearTimeout(timer));
	});
	return { server, seen };
}

function node(name, type, typeVersion, parameters, position, extra = {}) {
	return { id: `30000000-0000-4000-8000-00000000000${position[0] / 220}`, name, type, typeVersion, position, parameters, ...extra };
}

describe(`n8n ${VERSION}: a node failing on one item aborts its other requests (the run's own signal)`, () => {
	let n8n;
	let url;
	const fake = fakeSelSup();

	before(async () => {
		await /** @type {Promise<void>} */ (new Promise((resolve) => fake.server.listen(0, '127.0.0.1', resolve)));
		const base = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (fake.server.address()).port}`;
		n8n = await N8nInstance.create({ version: VERSION });
		await n8n.importCredentials([{ ...CRED, data: { apiToken: 'contract-token-0001', baseUrl: base } }]);
		const nodes = [
			node('Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path: 'selsup-signal', responseMode: 'onReceived', options: {} }, [0, 0], {
				webhookId: '30000000-0000-4000-8000-000000000099',
			}),
			node('Split Out', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.orders', options: {} }, [220, 0]),
			node('SelSup', SELSUP_TYPE, 1, { resource: 'order', operation: 'downloadBarcodeOrder', orderId: '={{ $json.orderId }}' }, [440, 0], {
				credentials: { selSupApi: { id: CRED.id, name: CRED.name } },
			}),
		];
		const connections = {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'SelSup', type: 'main', index: 0 }]] },
		};
		const id = 'selsupE2eSignal1';
		await n8n.importWorkflow([{ id, name: 'e2e run signal', active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {}, versionId: `${id}-v1`.padEnd(36, '0').slice(0, 36) }]);
		await n8n.activateWorkflow(id);
		const port = await freePort();
		({ url } = await n8n.start({ port }));
	});

	after(async () => {
		if (n8n) await n8n.stop();
		fake.server.closeAllConnections();
		await new Promise((r) => fake.server.close(r));
		if (n8n && process.env.SELSUP_E2E_KEEP !== '1') n8n.cleanup();
	});

	it('the held request is closed from n8n\'s side soon after the refusal, never answered', async () => {
		const res = await fetch(`${url}/webhook/selsup-signal`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ orders: [{ orderId: 1 }, { orderId: 2 }] }),
		});
		assert.equal(res.status, 200, await res.text());
		const deadline = Date.now() + 60_000;
		const held = () => fake.seen.find((e) => e.orderId === '2');
		while (!(held()?.closedAt) && Date.now() < deadline) await sleep(100);
		const refused = fake.seen.find((e) => e.orderId === '1');
		assert.ok(refused && held(), `both requests reached the stand-in: ${JSON.stringify(fake.seen)}`);
		const h = /** @type {{ closedAt?: number, answered: boolean }} */ (held());
		assert.equal(h.answered, false, `the held request ran to its answer: ${JSON.stringify(fake.seen)}`);
		assert.ok(h.closedAt !== undefined, 'the held request was never closed');
		const afterRefusal = h.closedAt - /** @type {number} */ (refused.closedAt);
		assert.ok(afterRefusal < 10_000, `closed ${afterRefusal} ms after the refusal (held ${HELD_MS} ms)`);
	});
});
