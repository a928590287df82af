import { sleep } from 'n8n-workflow';

/** Slice length: how late a cancelled execution is noticed while waiting. */
const SLICE_MS = 100;

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
 * the wait had ended. n8n-workflow 1.x's `sleep` takes no signal, so the wait is cut into short sleeps
 * with a look at the signal between them.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	const end = Date.now() + ms;
	for (;;) {
		throwIfAborted(signal);
		const left = end - Date.now();
		if (left <= 0) return;
		await sleep(Math.min(left, SLICE_MS));
	}
}
