/**
 * The retry policy: which failed attempts are repeated, how long to wait before each (back-off with
 * jitter, or SelSup's Retry-After), one budget per call, and which errors are marked as passing for a
 * caller with a schedule of its own. It judges the `Failure`s that attempt.ts makes; it sends nothing.
 */
import type { Failure, NetworkFailure, Outcome } from './attempt';
import { Aborted, pause } from './pause';

// Where a failed exchange is classified (attempt.ts); named here too for callers that judge a network
// error of their own (files/download.ts).
export type { NetworkFailure } from './attempt';
export { networkFailure, retryAfterMs } from './attempt';

/** HTTP statuses worth another try: rate limiting and the server or its proxy failing for a moment. */
export const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

export interface RetrySettings {
	/** Retries after the first attempt. */
	retries: number;
	/** Longest single wait between attempts, Retry-After included. */
	maxDelayMs: number;
	/** First backoff step; doubles each attempt. */
	baseDelayMs: number;
}

/** Exponential backoff with full jitter (spreads the retries of many items run side by side). */
export function backoffMs(attempt: number, settings: RetrySettings, random = Math.random): number {
	const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** attempt);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** ENOTFOUND is a typo in the base URL far more often than a DNS hiccup: not worth retrying. */
export function isRetryableNetworkFailure(failure: NetworkFailure): boolean {
	return failure.code !== 'ENOTFOUND';
}

/**
 * Marks an error as one that may pass (5xx, 429, network, a proxy's page): a caller with a schedule of
 * its own (waiting for a task) tries again later instead of giving up.
 */
export function markPassing<E extends Error>(error: E): E {
	const e = error as E & { context?: Record<string, unknown> };
	if (e.context && typeof e.context === 'object') e.context.passing = true;
	else Object.defineProperty(e, 'passing', { value: true });
	return e;
}

export function isPassing(error: unknown): boolean {
	const e = error as { context?: Record<string, unknown>; passing?: boolean } | undefined;
	return e?.context?.passing === true || e?.passing === true;
}

/** How long to wait before repeating after `failure`, or undefined: not repeated. */
export function repeatAfter(failure: Failure, repeatable: boolean, attempt: number, settings: RetrySettings): number | undefined {
	if (attempt >= settings.retries) return undefined;
	if (failure.kind === 'status') {
		// A call that starts work is repeated only after a 429: SelSup refused it outright. Behind a 5xx
		// the export may have started all the same.
		if (!RETRYABLE_STATUSES.has(failure.status) || !(repeatable || failure.status === 429)) return undefined;
		if (failure.retryAfterMs !== undefined) return failure.retryAfterMs <= settings.maxDelayMs ? Math.max(0, failure.retryAfterMs) : undefined;
		return backoffMs(attempt, settings);
	}
	if (failure.kind === 'network') {
		const mayRepeat = repeatable || !failure.network.mayHaveReachedServer;
		return mayRepeat && isRetryableNetworkFailure(failure.network) ? backoffMs(attempt, settings) : undefined;
	}
	return repeatable ? backoffMs(attempt, settings) : undefined;
}

function closingWords(failure: Failure, repeatable: boolean, attempt: number): string {
	const tries = attempt > 0 ? ` after ${attempt + 1} attempts` : '';
	if (failure.kind === 'network' && !repeatable && failure.network.mayHaveReachedServer) {
		return '. SelSup may have received the request and started the work: check its task list before running the workflow again';
	}
	if (failure.kind === 'status' && !repeatable && attempt === 0 && failure.status >= 500) {
		return '. Not repeated: SelSup may have started the work all the same, check its task list before running the workflow again';
	}
	return tries;
}

function passes(failure: Failure): boolean {
	if (failure.kind === 'status') return RETRYABLE_STATUSES.has(failure.status);
	if (failure.kind === 'network') return isRetryableNetworkFailure(failure.network);
	return true;
}

/**
 * One retry budget per call: `once` is tried at most `retries + 1` times in all, whatever failed (the
 * request, or reading its body), with back-off or Retry-After between tries. After an abort nothing is
 * tried or waited for again: `aborted()` is thrown.
 */
export async function withRetries<T>(
	settings: RetrySettings,
	repeatable: boolean,
	signal: AbortSignal | undefined,
	once: (attempt: number) => Promise<Outcome<T>>,
	aborted: () => Error,
): Promise<T> {
	for (let attempt = 0; ; attempt++) {
		if (signal?.aborted) throw aborted();
		const tried = await once(attempt).then(
			(outcome) => ({ outcome }),
			(error: Error) => ({ error }),
		);
		if ('error' in tried) throw signal?.aborted || tried.error instanceof Aborted ? aborted() : tried.error;
		const { outcome } = tried;
		if ('value' in outcome) return outcome.value;
		if (signal?.aborted) throw aborted();
		const { failure } = outcome;
		const wait = repeatAfter(failure, repeatable, attempt, settings);
		if (wait === undefined) {
			const error = failure.error(closingWords(failure, repeatable, attempt));
			throw passes(failure) ? markPassing(error) : error;
		}
		try {
			await pause(wait, signal);
		} catch {
			throw aborted();
		}
	}
}
