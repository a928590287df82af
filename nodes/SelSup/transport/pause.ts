import { sleep } from 'n8n-workflow';

/** Slice length: how late a cancelled execution is noticed while waiting. */
const SLICE_MS = 200;

/**
 * Waits `ms`, returning early when the execution is cancelled. n8n-workflow 1.x's `sleep` takes no
 * signal, so the wait is cut into short sleeps with a look at the signal between them.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	const end = Date.now() + ms;
	while (!signal?.aborted) {
		const left = end - Date.now();
		if (left <= 0) return;
		await sleep(Math.min(left, SLICE_MS));
	}
}
