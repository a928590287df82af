import { createHash } from 'crypto';
import { startSandbox } from '../sandbox';

let sb;
const auth = () => ({ authorization: sb.token });

async function get(path) {
	try {
		const r = await fetch(`${sb.url}${path}`, { headers: auth() });
		return { status: r.status, retryAfter: r.headers.get('retry-after'), body: Buffer.from(await r.arrayBuffer()) };
	} catch {
		return 'reset';
	}
}
const post = async (path) => (await fetch(`${sb.url}${path}`, { method: 'POST', headers: auth() })).status;

beforeEach(async () => {
	sb = await startSandbox({ taskDurationMs: 50 });
});
afterEach(() => sb.close());

describe('sandbox load controls', () => {
	test('latencyMs delays every API answer, not control calls', async () => {
		sb.load.configure({ latencyMs: 120 });
		const t = Date.now();
		await get('/api/export/downloadStocksWb?orderId=1');
		expect(Date.now() - t).toBeGreaterThanOrEqual(115);
		// A control call answers long before a 5 s latency would let it (a generous bound for a busy machine).
		sb.load.configure({ latencyMs: 5000 });
		const health = await fetch(`${sb.url}/__sandbox/health`, { signal: AbortSignal.timeout(4000) });
		expect(health.status).toBe(200);
	});

	test('maxInFlight answers that many API requests at once and refuses one more with 429 and Retry-After', async () => {
		sb.load.configure({ latencyMs: 150, maxInFlight: 3 });
		const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => get(`/api/export/downloadStocksWb?orderId=${i}`)));
		const statuses = answers.map((a) => (a === 'reset' ? 'reset' : a.status)).sort();
		expect(statuses).toEqual([200, 200, 200, 429, 429]);
		const refused = /** @type {{ retryAfter: string }} */ (answers.find((a) => a !== 'reset' && a.status === 429));
		expect(refused.retryAfter).toBe('1');
		// Once the three are answered there is room again.
		const again = await get('/api/export/downloadStocksWb?orderId=9');
		expect(again !== 'reset' && again.status).toBe(200);
		const summary = sb.load.summary();
		expect(summary.throttled).toBe(2);
		expect(summary.peakInFlight).toBe(3);
		sb.load.configure({ maxInFlight: null });
		expect(() => sb.load.configure({ maxInFlight: 0 })).toThrow(/maxInFlight/);
	});

	test('chaos faults the same calls for the same seed whatever the order, and never their retry', async () => {
		const paths = Array.from({ length: 40 }, (_, i) => `/api/export/downloadStocksWb?orderId=${i}`);
		const faulted = async (order) => {
			sb.reset();
			sb.load.configure({ chaos: { seed: 's1', share: 0.3 } });
			const hit = new Set();
			for (const p of order) {
				const first = await get(p);
				if (first === 'reset' || first.status !== 200) {
					hit.add(p);
					const again = await get(p);
					expect(again !== 'reset' && again.status).toBe(200);
				}
			}
			return hit;
		};
		const forward = await faulted(paths);
		const backward = await faulted([...paths].reverse());
		expect([...backward].sort()).toEqual([...forward].sort());
		// 30 % of 40, give or take what a hash gives.
		expect(forward.size).toBeGreaterThan(4);
		expect(forward.size).toBeLessThan(24);
		expect(sb.load.summary().injected.total).toBe(forward.size);
	});

	test('only faults a client may repeat: 429 with Retry-After on starts, resets only on polls', async () => {
		sb.load.configure({ chaos: { seed: 'kinds', share: 1, retryAfterSec: 2 } });
		for (let i = 0; i < 10; i++) expect(await post(`/api/export/stocksFile?warehouseId=${i}`)).toBe(429);
		const file = await get('/api/export/downloadStocksWb?orderId=5');
		expect(file !== 'reset' && [429, 503]).toContain(file !== 'reset' && file.status);
		const s = sb.load.summary();
		expect(s.injectedCalls.filter((c) => c.call.startsWith('POST')).every((c) => c.kind === '429')).toBe(true);
		expect(s.injected.reset).toBe(0);
		expect(s.tasksStarted).toBe(0);
		// Polls get all three kinds over enough tasks.
		sb.load.configure({ chaos: null });
		for (let i = 0; i < 30; i++) expect(await post(`/api/export/stocksFile?warehouseId=${100 + i}`)).toBe(200);
		sb.load.configure({ chaos: { seed: 'kinds', share: 1 } });
		const polls = await Promise.all(Array.from({ length: 30 }, (_, i) => get(`/api/task/findTask?id=${1000 + i}`)));
		expect(polls.filter((p) => p === 'reset').length).toBe(sb.load.summary().injected.reset);
		expect(sb.load.summary().injected.reset).toBeGreaterThan(0);
		expect(polls.some((p) => p !== 'reset' && p.status === 429 && p.retryAfter === '1')).toBe(true);
		expect(polls.some((p) => p !== 'reset' && p.status === 503)).toBe(true);
	});

	test('counts task starts per call: the same call started twice is a duplicate', async () => {
		expect(await post('/api/export/stocksFile?warehouseId=1')).toBe(200);
		expect(await post('/api/export/stocksFile?warehouseId=2')).toBe(200);
		expect(await post('/api/export/stocksFile?warehouseId=1')).toBe(200);
		const s = sb.load.summary();
		expect(s.tasksStarted).toBe(3);
		expect(s.callsThatStartedTasks).toBe(2);
		expect(s.duplicates).toEqual([{ call: 'POST /api/export/stocksFile?warehouseId=1', taskIds: [1000, 1002] }]);
		const viaHttp = /** @type {{ duplicates: unknown }} */ (await fetch(`${sb.url}/__sandbox/load`).then((r) => r.json()));
		expect(viaHttp.duplicates).toEqual(s.duplicates);
	});

	test('served() gives the sha256, type and disposition of what went out in full', async () => {
		const r = await get('/api/export/downloadStocksWb?orderId=7');
		if (r === 'reset') throw new Error('reset');
		const [entry] = sb.served({ path: '/api/export/downloadStocksWb' });
		expect(entry.sha256).toBe(createHash('sha256').update(r.body).digest('hex'));
		expect(entry.bytes).toBe(r.body.length);
		expect(entry.query).toEqual({ orderId: ['7'] });
		expect(entry.disposition).toMatch(/filename/);
		expect(entry.contentType).toBeTruthy();
		sb.setFault('/api/export/downloadStocksWb', { truncate: 10 });
		await get('/api/export/downloadStocksWb?orderId=8');
		const viaHttp = /** @type {Array<{ query: unknown }>} */ (await fetch(`${sb.url}/__sandbox/served?path=/api/export/downloadStocksWb`).then((x) => x.json()));
		expect(viaHttp.map((e) => e.query)).toEqual([{ orderId: ['7'] }]);
	});

	test('bad settings are refused', async () => {
		expect(() => sb.load.configure({ latencyMs: -1 })).toThrow(/latencyMs/);
		const r = await fetch(`${sb.url}/__sandbox/load`, { method: 'POST', body: '{"chaos":{"share":3}}' });
		expect(r.status).toBe(400);
	});
});

describe('sandbox load controls: polls of tasks', () => {
	test('a poll is faulted or not by the call that started its task, whatever id the task got', async () => {
		const faultedPolls = async (order) => {
			sb.reset();
			const ids = new Map();
			for (const w of order) {
				const r = await fetch(`${sb.url}/api/export/stocksFile?warehouseId=${w}`, { method: 'POST', headers: auth() });
				ids.set(w, /** @type {{ id: number }} */ (await r.json()).id);
			}
			sb.load.configure({ chaos: { seed: 'polls', share: 0.5, kinds: ['503'] } });
			const hit = [];
			for (const w of order) {
				const p = await get(`/api/task/findTask?id=${ids.get(w)}`);
				if (p === 'reset' || p.status !== 200) hit.push(w);
			}
			return hit.sort((a, b) => a - b);
		};
		const warehouses = Array.from({ length: 20 }, (_, i) => i + 1);
		const forward = await faultedPolls(warehouses);
		expect(forward.length).toBeGreaterThan(2);
		expect(await faultedPolls([...warehouses].reverse())).toEqual(forward);
	});
});
