import { getEventListeners } from 'node:events';
import { Aborted, pause } from '../../nodes/SelSup/transport/pause';

describe('pause: one timer per wait, no polling', () => {
	beforeEach(() => jest.useFakeTimers());
	afterEach(() => jest.useRealTimers());

	it('waits with one timer and nothing woken in between, then leaves no timer behind', async () => {
		const run = new AbortController();
		const timers = jest.spyOn(global, 'setTimeout');
		let done = false;
		const waiting = pause(60_000, run.signal).then(() => (done = true));
		expect(jest.getTimerCount()).toBe(1);
		await jest.advanceTimersByTimeAsync(59_999);
		expect([done, jest.getTimerCount()]).toEqual([false, 1]);
		await jest.advanceTimersByTimeAsync(1);
		await waiting;
		expect([done, jest.getTimerCount()]).toEqual([true, 0]);
		expect(timers).toHaveBeenCalledTimes(1);
		timers.mockRestore();
	});

	it('ends at once on an abort with Aborted, its timer cleared', async () => {
		const run = new AbortController();
		const waiting = pause(60_000, run.signal);
		const caught = waiting.catch((e) => e);
		await jest.advanceTimersByTimeAsync(1_000);
		run.abort();
		expect(await caught).toBeInstanceOf(Aborted);
		expect(jest.getTimerCount()).toBe(0);
	});

	it('200 waits on one run signal: one listener on it, one timer each, all cleared on either end', async () => {
		const run = new AbortController();
		const ended = [];
		for (let i = 0; i < 100; i++) pause(1_000, run.signal).then(() => ended.push('timer'));
		for (let i = 0; i < 100; i++) pause(60_000, run.signal).catch((e) => ended.push(e.name));
		expect(getEventListeners(run.signal, 'abort')).toHaveLength(1);
		expect(jest.getTimerCount()).toBe(200);
		await jest.advanceTimersByTimeAsync(1_000);
		expect([ended.length, jest.getTimerCount()]).toEqual([100, 100]);
		run.abort();
		await jest.advanceTimersByTimeAsync(0);
		expect(ended.filter((e) => e === 'Aborted')).toHaveLength(100);
		expect(jest.getTimerCount()).toBe(0);
	});

	it('throws Aborted without waiting when the signal has already ended', async () => {
		const run = new AbortController();
		run.abort();
		await expect(pause(60_000, run.signal)).rejects.toBeInstanceOf(Aborted);
		expect(jest.getTimerCount()).toBe(0);
	});
});

describe('pause with n8n-workflow 2.x, which has sleep(ms, signal) and no sleepWithAbort', () => {
	beforeEach(() => jest.useFakeTimers());
	afterEach(() => {
		jest.useRealTimers();
		jest.resetModules();
	});

	/** n8n-workflow 2.41's sleep (from @n8n/utils), written from its source: one timer, cleared on an abort. */
	function load() {
		const calls = [];
		jest.doMock('n8n-workflow', () => ({
			...jest.requireActual('n8n-workflow'),
			sleepWithAbort: undefined,
			sleep: (ms, signal) => {
				calls.push([ms, signal !== undefined]);
				return new Promise((resolve, reject) => {
					if (!signal) return void setTimeout(resolve, ms);
					const timeout = setTimeout(() => {
						signal.removeEventListener('abort', onAbort);
						resolve(undefined);
					}, ms);
					const onAbort = () => {
						clearTimeout(timeout);
						reject(new Error('aborted'));
					};
					signal.addEventListener('abort', onAbort, { once: true });
				});
			},
		}));
		/** @type {typeof import('../../nodes/SelSup/transport/pause')} */
		let mod;
		jest.isolateModules(() => {
			mod = require('../../nodes/SelSup/transport/pause');
		});
		return { ...mod, calls };
	}

	it('waits on one timer given a signal, and clears it on an abort', async () => {
		const { pause, Aborted, calls } = load();
		const run = new AbortController();
		let done = false;
		pause(30_000, run.signal).then(() => (done = true));
		await jest.advanceTimersByTimeAsync(30_000);
		expect([done, jest.getTimerCount(), calls]).toEqual([true, 0, [[30_000, true]]]);
		const caught = pause(30_000, run.signal).catch((e) => e);
		await jest.advanceTimersByTimeAsync(1_000);
		run.abort();
		expect(await caught).toBeInstanceOf(Aborted);
		expect(jest.getTimerCount()).toBe(0);
	});
});
