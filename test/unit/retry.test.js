import { backoffMs, networkFailure, retryAfterMs } from '../../nodes/SelSup/transport/retry';

describe('retryAfterMs', () => {
	const now = Date.parse('2024-03-01T12:00:00Z');

	it('reads delta-seconds, whole or fractional', () => {
		expect(retryAfterMs('120', now)).toBe(120_000);
		expect(retryAfterMs(' 0 ', now)).toBe(0);
		expect(retryAfterMs('1.5', now)).toBe(1500);
	});

	it('reads an HTTP date as the time left until it, never negative', () => {
		expect(retryAfterMs(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
		expect(retryAfterMs('Fri, 01 Mar 2024 12:01:00 GMT', now)).toBe(60_000);
		expect(retryAfterMs('Fri, 01 Mar 2024 11:00:00 GMT', now)).toBe(0);
		expect(retryAfterMs('Friday, 01-Mar-24 12:01:00 GMT', now)).toBe(60_000);
	});

	it('ignores junk, empty and non-string values', () => {
		for (const junk of ['soon', '5s', '12abc', '', '   ', '-5', 'foo 5', '1 2']) {
			expect([junk, retryAfterMs(junk, now)]).toEqual([junk, undefined]);
		}
		expect(retryAfterMs(undefined, now)).toBeUndefined();
		expect(retryAfterMs(30, now)).toBeUndefined();
		expect(retryAfterMs(['30'], now)).toBeUndefined();
	});
});

describe('backoffMs', () => {
	const settings = { retries: 3, baseDelayMs: 1000, maxDelayMs: 30_000 };

	it('lies between half the ceiling and the ceiling, which doubles each attempt', () => {
		for (let attempt = 0; attempt < 5; attempt++) {
			const ceiling = 1000 * 2 ** attempt;
			expect(backoffMs(attempt, settings, () => 0)).toBe(ceiling / 2);
			expect(backoffMs(attempt, settings, () => 0.999999)).toBe(ceiling);
			for (let i = 0; i < 50; i++) {
				const ms = backoffMs(attempt, settings);
				expect(ms).toBeGreaterThanOrEqual(ceiling / 2);
				expect(ms).toBeLessThanOrEqual(ceiling);
			}
		}
	});

	it('is capped by maxDelayMs however many attempts were made', () => {
		for (const attempt of [5, 6, 10, 30, 100]) {
			expect(backoffMs(attempt, settings, () => 0.999999)).toBe(30_000);
			expect(backoffMs(attempt, settings, () => 0)).toBe(15_000);
		}
		expect(backoffMs(3, { ...settings, maxDelayMs: 2500 }, () => 1)).toBe(2500);
	});

	it('spreads with jitter', () => {
		const seen = new Set(Array.from({ length: 40 }, () => backoffMs(4, settings)));
		expect(seen.size).toBeGreaterThan(5);
	});
});

describe('networkFailure', () => {
	it('finds a code on the error itself', () => {
		expect(networkFailure({ code: 'ECONNRESET', message: 'read ECONNRESET' })).toEqual({
			code: 'ECONNRESET',
			mayHaveReachedServer: true,
			timedOut: false,
		});
		expect(networkFailure(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toEqual({
			code: 'ECONNREFUSED',
			mayHaveReachedServer: false,
			timedOut: false,
		});
	});

	it('finds a code nested in cause (n8n wraps axios, sometimes twice)', () => {
		const nested = new Error('Request failed', {
			cause: new Error('AxiosError', { cause: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }) }),
		});
		expect(networkFailure(nested)).toEqual({ code: 'ENOTFOUND', mayHaveReachedServer: false, timedOut: false });
		expect(networkFailure({ message: 'a', cause: { code: 'ETIMEDOUT' } })).toMatchObject({ code: 'ETIMEDOUT', timedOut: true });
		expect(networkFailure({ cause: { cause: { code: 'ECONNABORTED' } } })).toMatchObject({
			code: 'ECONNABORTED',
			timedOut: true,
			mayHaveReachedServer: true,
		});
	});

	it('reads "socket hang up" and axios timeout text', () => {
		expect(networkFailure(new Error('socket hang up'))).toMatchObject({ code: 'ECONNRESET', timedOut: false });
		expect(networkFailure({ message: 'x', cause: new Error('Socket Hang Up') })).toMatchObject({ code: 'ECONNRESET' });
		expect(networkFailure(new Error('timeout of 120000ms exceeded'))).toMatchObject({ code: 'ETIMEDOUT', timedOut: true });
	});

	it('is undefined for what is not a network failure', () => {
		expect(networkFailure(new Error('Bad request'))).toBeUndefined();
		expect(networkFailure({ code: 'ERR_BAD_REQUEST', message: 'Request failed with status code 400' })).toBeUndefined();
		expect(networkFailure({ code: 404 })).toBeUndefined();
		expect(networkFailure(undefined)).toBeUndefined();
		expect(networkFailure(null)).toBeUndefined();
		expect(networkFailure('ECONNRESET')).toBeUndefined();
	});

	it('stops on a cause cycle and at a depth limit', () => {
		const a = { message: 'a' };
		a.cause = a;
		expect(networkFailure(a)).toBeUndefined();
		/** @type {object} */
		let deep = { code: 'ECONNRESET' };
		for (let i = 0; i < 10; i++) deep = { message: 'wrap', cause: deep };
		expect(networkFailure(deep)).toBeUndefined();
	});
});
