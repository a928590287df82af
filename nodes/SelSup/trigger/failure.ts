import type { IDataObject } from 'n8n-workflow';

import { networkFailure } from '../transport/retry';

/**
 * Failures a poll declares on the error it throws, in the form n8n 2's poll scheduler reads
 * (`error.failure = { cause, retryAfterMs? }`, causes of n8n-workflow's TIMED_CAUSES and
 * ACTIONABLE_CAUSES): plain data, no import, so n8n 1.x, which does not read it, is unaffected.
 */
export type FailureCause = 'rate-limited' | 'temporarily-unavailable' | 'credential-invalid' | 'configuration-invalid';

export interface DeclaredFailure {
	cause: FailureCause;
	retryAfterMs?: number;
}

/** n8n 2 waits at most an hour for a Retry-After; so does the trigger on n8n 1.x. */
export const MAX_PAUSE_MS = 3_600_000;

type ErrorShape = Error & {
	httpCode?: unknown;
	context?: IDataObject;
	cause?: unknown;
	errorResponse?: unknown;
	failure?: DeclaredFailure;
};

/** The HTTP status of a NodeApiError, or undefined for anything else. */
function statusOf(error: ErrorShape): number | undefined {
	const n = Number(error.httpCode);
	return Number.isInteger(n) && n >= 100 ? n : undefined;
}

const isNetwork = (error: ErrorShape) => {
	if (networkFailure(error)) return true;
	const response = (error.errorResponse ?? error.cause) as IDataObject | undefined;
	return !!response && typeof response === 'object' && typeof response.network === 'string';
};

/**
 * What a failed poll declares: a 429 is rate-limited (with SelSup's Retry-After), a 5xx, a timeout, a
 * broken connection or the poll's own budget running out is temporarily-unavailable, a refused token is
 * credential-invalid, and a 400 to the node's own filters is configuration-invalid. Undefined: nothing
 * is declared (n8n then judges by the error's shape).
 */
export function failureOf(error: unknown, context: { filtersSet: boolean; outOfTime: boolean }): DeclaredFailure | undefined {
	const e = error as ErrorShape;
	if (!e || typeof e !== 'object') return undefined;
	if (e.failure) return e.failure;
	const status = statusOf(e);
	if (status === 429) {
		const wait = Number(e.context?.retryAfterMs);
		return Number.isFinite(wait) && wait > 0 ? { cause: 'rate-limited', retryAfterMs: Math.min(wait, MAX_PAUSE_MS) } : { cause: 'rate-limited' };
	}
	if (status === 401 || status === 403) return { cause: 'credential-invalid' };
	if (status === 400 && context.filtersSet) return { cause: 'configuration-invalid' };
	if ((status !== undefined && status >= 500) || context.outOfTime || isNetwork(e)) return { cause: 'temporarily-unavailable' };
	return undefined;
}

/** Sets the failure on the error (when there is one to declare) and returns the error. */
export function declare<E>(error: E, context: { filtersSet: boolean; outOfTime: boolean }): E {
	const failure = failureOf(error, context);
	if (failure && error && typeof error === 'object') (error as unknown as ErrorShape).failure = failure;
	return error;
}
