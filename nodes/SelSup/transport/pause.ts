/**
 * Waiting that a Stop ends: `pause` (back-off between attempts, the interval between task status checks)
 * and `Aborted`, what every wait and queue of the transport throws once the run's signal ends.
 */
import { sleep, sleepWithAbort } from 'n8n-workflow';

import { childSignal } from './abort';

/** Thrown by `pause` (and the limiter) once the signal is aborted: nothing runs after a Stop. */
export class Aborted extends Error {
	constructor() {
		super('aborted');
		this.name = 'Aborted';
	}
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
	if (signal?.aborted) throw new Aborted();
}

/**
 * Waits `ms`; throws `Aborted` when the signal is (or becomes) aborted, so a caller never goes on as if
 * the wait had ended. One timer and one abort callback per wait, nothing woken in between: the timer is
 * cleared on an abort (n8n-workflow's `sleepWithAbort`; n8n's Cloud rules keep `setTimeout` and
 * `clearTimeout` out of node code), the callback taken back when the timer ends. The callback hangs on the
 * run's one shared listener (abort.ts), so many waiting items add no listeners to the run's signal.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	throwIfAborted(signal);
	if (!signal) return await sleep(ms);
	const own = childSignal(signal);
	// sleepWithAbort rejects only when `own` is aborted, that is with the run's signal.
	await sleepWithAbort(ms, own.signal).catch(() => {});
	own.release();
	throwIfAborted(signal);
}
