/**
 * Issue 19, against the local sandbox (real HTTP): fail fast without Continue On Fail, Stop during a
 * request and during another host's download, one retry budget per call, SelSup's words on a refused
 * task start, a bad option as error items with Continue On Fail.
 */
import { createServer } from 'node:http';

const nock = require('nock');

import { startSandbox } from '../../sandbox';
import { BASE, catchAll, errorText, run, setupNock, TOKEN } from './support';

setupNock();

const TASK = '/api/export/stocksFile';
const FIND = '/api/task/findTask';
const FILE = '/api/export/downloadStocksWb';

let sb;
beforeAll(async () => {
	sb = await startSandbox({ token: TOKEN, taskDurationMs: 4000 });
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

const items = (n) => Array.from({ length: n }, (_, i) => ({ json: { i } }));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('fail fast without Continue On Fail', () => {
	// Concurrency 1 makes the order of arrival the order of the items: the second task start (item 1) fails.
	const parameters = { resource: 'stock', operation: 'stocksFile', options: { pollInterval: 1, concurrency: 1 } };

	it('the first failed item fails the node at once, with its index, and nothing is sent after it', async () => {
		sb.setFault(TASK, { skip: 1, times: 1, taskStatus: 'ERROR', taskMs: 300, taskMessage: 'Склад удалён' });
		const t0 = Date.now();
		const result = await run(parameters, { baseUrl: sb.url, input: items(4) });
		const ended = Date.now();

		expect(result.error?.message).toBe('SelSup task 1001 ended with status Error: Склад удалён');
		expect(result.error.context?.itemIndex).toBe(1);
		// The status check that saw ERROR is the failure; the node ends within a second of it, long before
		// the other tasks' 4 s.
		const sawError = sb.requests.filter((r) => r.path === FIND && r.query.id?.[0] === '1001').pop();
		expect(ended - sawError.time).toBeLessThan(1000);
		expect(ended - t0).toBeLessThan(3500);
		const sent = sb.requests.length;
		await sleep(1500);
		expect(sb.requests.length).toBe(sent);
		// After it only the cancels of the three tasks still running (issue 24; test/node/abandon.test.js).
		expect(sb.requests.filter((r) => r.time > sawError.time + 50 && r.path !== '/api/task/cancelTask')).toEqual([]);
		const cancels = sb.requests.filter((r) => r.path === '/api/task/cancelTask');
		expect(cancels.map((r) => r.query.taskId[0]).sort()).toEqual(['1000', '1002', '1003']);
		expect(cancels.every((r) => r.time >= sawError.time)).toBe(true);
		expect(sb.requests.filter((r) => r.path === TASK)).toHaveLength(4);
	});

	it('with Continue On Fail every item runs to its end, the failed one as an error item', async () => {
		sb.setFault(TASK, { skip: 1, times: 1, taskStatus: 'ERROR', taskMs: 300, taskMessage: 'Склад удалён' });
		const t0 = Date.now();
		const result = await run(parameters, { baseUrl: sb.url, input: items(3), continueOnFail: true });
		expect(Date.now() - t0).toBeGreaterThanOrEqual(4000);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items.map((i) => i.json.error ?? 'file')).toEqual(['file', 'SelSup task 1001 ended with status Error: Склад удалён', 'file']);
		expect(result.items[0].binary?.data).toBeDefined();
	});
});

describe('Stop stops everything', () => {
	it.each([
		['during a request: no retry, no pause, nothing sent after it', { delayMs: 3000 }, 400, 1000],
		['during the pause before a retry: the retry is not sent', { status: 503, headers: { 'retry-after': '3' } }, 500, 3000],
	])('%s', async (_, fault, stopAfterMs, thenWaitMs) => {
		sb.setFault(FILE, fault);
		const controller = new AbortController();
		setTimeout(() => controller.abort(), stopAfterMs);
		const t0 = Date.now();
		const result = await run(
			{ resource: 'stock', operation: 'downloadStocksWb', orderId: '42', options: { retries: 3 } },
			{ baseUrl: sb.url, abortSignal: controller.signal },
		);
		expect(Date.now() - t0).toBeLessThan(1500);
		expect(result.error?.message).toMatch(/cancelled/);
		await sleep(thenWaitMs);
		expect(sb.requests.filter((r) => r.path === FILE)).toHaveLength(1);
	});

	it('during a download from another host: the connection is closed and nothing more is fetched', async () => {
		let requests = 0;
		let closedAt = 0;
		const other = createServer((req, res) => {
			requests++;
			res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': String(1_000_000) });
			res.write(Buffer.alloc(70_000, 1));
			// The rest never comes: only the abort can end this download.
			req.socket.on('close', () => (closedAt = Date.now()));
		});
		await /** @type {Promise<void>} */ (new Promise((r) => other.listen(0, '127.0.0.1', r)));
		const port = /** @type {import('node:net').AddressInfo} */ (other.address()).port;
		try {
			sb.setFault(TASK, { taskMs: 100, resultUrl: `http://127.0.0.1:${port}/exports/stocks.zip` });
			const controller = new AbortController();
			let abortedAt = 0;
			const timer = setInterval(() => {
				if (requests > 0 && !abortedAt) {
					abortedAt = Date.now() + 300;
					setTimeout(() => controller.abort(), 300);
				}
			}, 20);
			const result = await run(
				{ resource: 'stock', operation: 'stocksFile', options: { pollInterval: 1, retries: 3, requestTimeout: 30 } },
				{ baseUrl: sb.url, abortSignal: controller.signal },
			);
			clearInterval(timer);
			expect(result.error?.message).toMatch(/cancelled/);
			expect(Date.now() - abortedAt).toBeLessThan(1500);
			await sleep(1500);
			expect(requests).toBe(1);
			expect(closedAt).toBeGreaterThan(0);
			expect(closedAt - abortedAt).toBeLessThan(1500);
		} finally {
			other.closeAllConnections();
			await new Promise((r) => other.close(r));
		}
	});
});

describe('one retry budget per call', () => {
	it('a download whose body always breaks off costs Retries + 1 requests, not (Retries + 1)²', async () => {
		sb.setFault(FILE, { truncate: 100 });
		const result = await run(
			{ resource: 'stock', operation: 'downloadStocksWb', orderId: '42', options: { retries: 2, maxRetryWait: 0.05 } },
			{ baseUrl: sb.url },
		);
		expect(result.error?.message).toMatch(/after 3 attempts/);
		expect(sb.requests.filter((r) => r.path === FILE)).toHaveLength(3);
	});

	it('a task start refused with 429 every time costs Retries + 1 requests', async () => {
		sb.setFault(TASK, { status: 429, headers: { 'retry-after': '0' } });
		const result = await run({ resource: 'stock', operation: 'stocksFile', options: { retries: 2 } }, { baseUrl: sb.url });
		expect(result.error?.message).toMatch(/HTTP 429, item 0\) after 3 attempts/);
		expect(sb.requests.filter((r) => r.path === TASK)).toHaveLength(3);
	});

	it('a status check costs Retries + 1 requests, and the wait ends at its Timeout with the last failure', async () => {
		sb.setFault(FIND, { status: 503 });
		const t0 = Date.now();
		const result = await run(
			{ resource: 'stock', operation: 'stocksFile', options: { retries: 1, maxRetryWait: 0.05, pollInterval: 1, waitTimeout: 2 } },
			{ baseUrl: sb.url },
		);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
		expect(result.error?.message).toMatch(
			/^SelSup task 1000 could not be checked within 2 s: the last status check failed: .*HTTP 503, item 0\) after 2 attempts/,
		);
		const checks = sb.requests.filter((r) => r.path === FIND).length;
		// Checks at 0.5, 1 and 2 s (the Timeout), 2 requests each.
		expect(checks % 2).toBe(0);
		expect(checks).toBeGreaterThanOrEqual(4);
		expect(checks).toBeLessThanOrEqual(6);
		expect(sb.requests.filter((r) => r.path === TASK)).toHaveLength(1);
	});
});

describe('answers that cannot get better end the wait at once', () => {
	it.each([
		[403, /rejected the API token/],
		[404, /found no such object/],
		[400, /refused the request/],
	])('HTTP %i on a status check', async (status, message) => {
		sb.setFault(FIND, { status });
		const t0 = Date.now();
		const result = await run({ resource: 'stock', operation: 'stocksFile', options: { pollInterval: 1, waitTimeout: 30 } }, { baseUrl: sb.url });
		expect(Date.now() - t0).toBeLessThan(2500);
		expect(result.error?.message).toMatch(message);
		expect(sb.requests.filter((r) => r.path === FIND)).toHaveLength(1);
		expect(sb.requests.filter((r) => r.path === TASK)).toHaveLength(1);
	});
});

describe("SelSup's words", () => {
	it('a task start answered 200 with a JSON error keeps localMessage', async () => {
		nock(BASE).post(TASK).query(true).reply(200, { error: 'WAREHOUSE_NOT_FOUND', localMessage: 'Склад 77 не найден' });
		catchAll();
		const result = await run({ resource: 'stock', operation: 'stocksFile', additionalFields: { warehouseId: 77 } });
		expect(result.error?.message).toBe('SelSup refused the request (stock/stocksFile, HTTP 200, item 0): Склад 77 не найден');
		expect(errorText(result.error)).not.toContain(TOKEN);
	});

	it('…or message when there is no localMessage', async () => {
		nock(BASE).post(TASK).query(true).reply(200, { message: 'Превышен лимит задач' });
		catchAll();
		const result = await run({ resource: 'stock', operation: 'stocksFile' });
		expect(result.error?.message).toMatch(/: Превышен лимит задач$/);
	});

	it('with Continue On Fail a bad option gives error items, not a thrown node error', async () => {
		const { hits } = catchAll();
		const result = await run(
			{ resource: 'stock', operation: 'stocksFile', options: { concurrency: 'abc' } },
			{ input: items(2), continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(hits).toEqual([]);
		expect(result.items).toHaveLength(2);
		for (const [i, item] of result.items.entries()) {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.error).toBe('Concurrency (concurrency) must be 0 (adaptive) or a whole number from 1 to 20, but got "abc" [item 0]');
		}
	});
});
