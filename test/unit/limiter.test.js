/**
 * The limiter against simulated servers (written here, apart from the code): each request takes `latencyMs`;
 * a server with `maxInFlight` refuses one more with a push-back at once, and the client sends it again
 * after `retryAfterMs` without holding a slot, as the transport does.
 */
import { Limiter } from '../../nodes/SelSup/transport/limiter';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function run(limiter, requests, server) {
	let inFlight = 0;
	let peak = 0;
	let pushBacks = 0;
	const t0 = Date.now();
	await Promise.all(
		Array.from({ length: requests }, async () => {
			for (;;) {
				const slot = await limiter.acquire();
				if (server.maxInFlight !== undefined && inFlight >= server.maxInFlight) {
					pushBacks++;
					limiter.pushedBack(slot);
					slot();
					await sleep(server.retryAfterMs ?? 0);
					continue;
				}
				inFlight++;
				peak = Math.max(peak, inFlight);
				await sleep(server.latencyMs);
				inFlight--;
				limiter.answered();
				slot();
				return;
			}
		}),
	);
	return { ms: Date.now() - t0, peak, pushBacks };
}

describe('Limiter', () => {
	test('fixed: never more than its number in flight, and never fewer while requests wait', async () => {
		const r = await run(new Limiter({ start: 5, adaptive: false, max: 32 }), 40, { latencyMs: 20 });
		expect(r.peak).toBe(5);
	});

	test('adaptive against a server without limits: rises well above the start, up to its cap', async () => {
		const r = await run(new Limiter({ start: 5, adaptive: true, max: 32 }), 400, { latencyMs: 20 });
		expect(r.peak).toBeGreaterThan(20);
		expect(r.peak).toBeLessThanOrEqual(32);
		expect(r.pushBacks).toBe(0);
	});

	test('adaptive against a server that takes 5 at once: a handful of push-backs, no slower than a fixed 5', async () => {
		const server = { latencyMs: 25, maxInFlight: 5, retryAfterMs: 200 };
		const fixed = await run(new Limiter({ start: 5, adaptive: false, max: 32 }), 200, server);
		const adaptive = await run(new Limiter({ start: 5, adaptive: true, max: 32 }), 200, server);
		expect(fixed.pushBacks).toBe(0);
		expect(adaptive.pushBacks).toBeLessThanOrEqual(5);
		expect(adaptive.pushBacks).toBeGreaterThan(0);
		// 200 requests at 5 at once and 25 ms each: 1 s for the fixed 5; the adaptive one may lose a little on its dips.
		expect(adaptive.ms).toBeLessThanOrEqual(fixed.ms * 1.25);
	});

	test('a push-back halves the number at once; answers to requests sent before it do not halve it again', async () => {
		const limiter = new Limiter({ start: 8, adaptive: true, max: 32 });
		const slots = await Promise.all(Array.from({ length: 8 }, () => limiter.acquire()));
		limiter.pushedBack(slots[0]);
		expect(limiter.current).toBe(4);
		limiter.pushedBack(slots[1]);
		expect(limiter.current).toBe(4);
		slots.forEach((s) => s());
		const later = await limiter.acquire();
		limiter.pushedBack(later);
		expect(limiter.current).toBe(2);
	});
});
