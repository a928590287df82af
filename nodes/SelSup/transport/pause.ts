/**
 * Waiting that a Stop ends: `pause` (back-off between attempts, the interval between task status checks)
 * and `Aborted`, what every wait and queue of the transport throws once the run's signal ends.
 */
import * as workflow from 'n8n-workflow';

import { onAbort } from './abort';

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

type Timer = (ms: number, signal: AbortSignal) => Promise<void>;

/**
 * n8n's one timer that a signal clears (n8n's Cloud rules keep `setTimeout` and `clearTimeout` out of node
 * code): n8n-workflow 1.x has `sleepWithAbort(ms, signal)` and a `sleep(ms)` without one; 2.x has only
 * `sleep(ms, signal)`. Looked up when called, from whichever n8n-workflow the node runs with.
 */
function timer(): Timer {
	const found = workflow as unknown as { sleepWithAbort?: Timer; sleep: Timer };
	return typeof found.sleepWithAbort === 'function' ? found.sleepWithAbort : found.sleep;
}

/**
 * Waits `ms`; throws `Aborted` when the signal is (or becomes) aborted, so a caller never goes on as if
 * the wait had ended. One timer and one abort callback per wait, nothing woken in between: on an abort
 * the wait ends at once and its timer is cleared; when the timer ends the callback is taken back. The
 * callback hangs on the run's one shared listener (abort.ts), so many waiting items add no listeners
 * to the run's signal.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	throwIfAborted(signal);
	if (!signal) return await workflow.sleep(ms);
	const own = new AbortController();
	let release = () => {};
	const stopped = new Promise<void>((resolve) => {
		release = onAbort(signal, resolve);
	});
	// The timer rejects only once `own` is aborted, after the wait has ended.
	await Promise.race([timer()(ms, own.signal).catch(() => {}), stopped]);
	release();
	if (signal.aborted) own.abort();
	throwIfAborted(signal);
}
