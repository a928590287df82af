import { pollSchedule } from '../../nodes/SelSup/tasks/wait';

/** Status checks until one sees a task that ends D ms after the start (the first check at or after D). */
function checksFor(durationMs, intervalMs) {
	const at = pollSchedule(intervalMs);
	let k = 0;
	while (at(k) < durationMs) k++;
	return k + 1;
}

describe('pollSchedule', () => {
	it('checks first within a second, and sooner for a short interval', () => {
		expect(pollSchedule(5000)(0)).toBe(1000);
		expect(pollSchedule(60_000)(0)).toBe(1000);
		expect(pollSchedule(1000)(0)).toBe(500);
		expect(pollSchedule(200)(0)).toBe(100);
		for (const interval of [100, 1000, 2000, 5000, 30_000, 600_000]) {
			expect(pollSchedule(interval)(0)).toBeLessThanOrEqual(1000);
			expect(pollSchedule(interval)(0)).toBeGreaterThan(0);
		}
	});

	it('is increasing, never spaced more than the interval, and every interval once it settles', () => {
		for (const interval of [200, 1000, 5000, 30_000]) {
			const at = pollSchedule(interval);
			for (let k = 1; k < 50; k++) {
				const gap = at(k) - at(k - 1);
				expect(gap).toBeGreaterThan(0);
				expect(gap).toBeLessThanOrEqual(interval);
				if (k >= 2) expect(gap).toBe(interval);
			}
		}
	});

	it('sees a finished task within one interval of its end', () => {
		for (const interval of [1000, 5000, 10_000]) {
			const at = pollSchedule(interval);
			for (let d = 0; d <= 20 * interval; d += interval / 7) {
				let k = 0;
				while (at(k) < d) k++;
				expect(at(k) - d).toBeLessThanOrEqual(interval);
			}
		}
	});

	it('costs at most ceil(D / I) + 2 checks for a D-second task, for many D and I', () => {
		const cases = [];
		for (const intervalS of [1, 2, 3, 5, 10, 15, 30, 60]) {
			for (const durationS of [0.1, 0.5, 1, 1.5, 2, 3, 4.9, 5, 7, 10, 11, 30, 59, 60, 61, 300, 900, 3600]) {
				cases.push([durationS, intervalS]);
			}
		}
		for (const [d, i] of cases) {
			const checks = checksFor(d * 1000, i * 1000);
			expect({ d, i, checks, ok: checks <= Math.ceil(d / i) + 2 }).toEqual({ d, i, checks, ok: true });
			expect(checks).toBeGreaterThanOrEqual(1);
		}
		// Spot values computed by hand: I = 5 s → checks at 1, 3.5, 8.5, 13.5, … s.
		expect(checksFor(1000, 5000)).toBe(1);
		expect(checksFor(3000, 5000)).toBe(2);
		expect(checksFor(8000, 5000)).toBe(3);
		expect(checksFor(60_000, 5000)).toBe(14);
	});
});
