/**
 * One HTTP exchange with SelSup, nothing repeated: the request as n8n's helpers send it, and what came
 * back, as a value or a `Failure` (the status with its Retry-After, or a network failure classified).
 * The layers above stack one way: retry.ts judges the failures, limiter.ts holds the slots, client.ts
 * puts them together.
 */
import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { CallContext } from './errors';
import { httpError, networkError, parseErrorBody } from './errors';
import type { Scrubber } from './secrets';

export const CREDENTIAL_NAME = 'selSupApi';

export interface Call extends CallContext {
	method: 'GET' | 'POST';
	/** A path on the base URL, or an absolute URL (a task result). */
	url: string;
	qs?: IDataObject;
	body?: IDataObject;
	/**
	 * True when repeating the call cannot start a second export: every read. A call that starts work
	 * is repeated only when it surely never reached SelSup.
	 */
	repeatable: boolean;
}

/** The parts of a Node response stream this package uses (Node's `stream` may not be imported in n8n Cloud nodes). */
export interface ByteStream {
	on(event: string, listener: (...args: never[]) => void): this;
	once(event: string, listener: (...args: never[]) => void): this;
	off(event: string, listener: (...args: never[]) => void): this;
	read(): Buffer | string | null;
	unshift(chunk: Buffer): void;
	destroy(): void;
	[Symbol.asyncIterator](): AsyncIterableIterator<Buffer | string>;
}

export interface RawResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

/** n8n's functions object of the node method that calls SelSup (a run, a list load, a poll): its helpers send. */
export type N8nFunctions = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/**
 * Why an attempt failed, for the retry policy to judge; `error` builds the error the user sees, with the
 * policy's closing words (`extra`: "after 4 attempts", "not repeated: …").
 */
export type Failure =
	| { kind: 'status'; status: number; retryAfterMs?: number; error: (extra: string) => NodeApiError }
	| { kind: 'network'; network: NetworkFailure; error: (extra: string) => NodeApiError }
	/** The answer was 2xx but its body broke off or came short (a download). */
	| { kind: 'incomplete'; error: (extra: string) => Error };

export type Outcome<T> = { value: T } | { failure: Failure };

/** What one request needs: n8n's helpers, the credential, the signal that stops it. */
export interface Sender {
	ctx: N8nFunctions;
	node: INode;
	credentials: ICredentialsDecrypted;
	scrubber: Scrubber;
	timeoutMs: number;
	signal: AbortSignal | undefined;
}

const MAX_ERROR_BODY = 64 * 1024;

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
	if (typeof header !== 'string' || header.trim() === '') return undefined;
	const value = header.trim();
	if (/^\d+(\.\d+)?$/.test(value)) return Math.round(parseFloat(value) * 1000);
	// Every HTTP-date form has a time of day; without one, V8's lenient Date.parse takes junk ("-5",
	// "foo 5") for a date long past, which would mean "retry at once".
	if (!/\b\d{2}:\d{2}:\d{2}\b/.test(value)) return undefined;
	const date = Date.parse(value);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

export interface NetworkFailure {
	code: string;
	/** False only when the request surely never reached SelSup (so even a call that starts work may be repeated). */
	mayHaveReachedServer: boolean;
	timedOut: boolean;
}

const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const TRANSIENT = new Set([
	...NEVER_SENT,
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'ERR_STREAM_PREMATURE_CLOSE',
]);

/**
 * Finds the network error code in an error from n8n's HTTP layer (it wraps axios' error, sometimes twice).
 * `httpRequestWithAuthentication` throws a NodeApiError that keeps the code only in `httpCode` and
 * axios' text only in `messages`, with no `cause`.
 */
export function networkFailure(error: unknown): NetworkFailure | undefined {
	let current = error as { code?: unknown; httpCode?: unknown; cause?: unknown; message?: unknown; messages?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		const code = [current.code, current.httpCode].find((c): c is string => typeof c === 'string' && TRANSIENT.has(c));
		const texts = [current.message, ...(Array.isArray(current.messages) ? current.messages : [])];
		const message = texts.filter((t): t is string => typeof t === 'string').join('\n');
		const found =
			code
				? code
				: /socket hang up/i.test(message)
					? 'ECONNRESET'
					: /timeout of \d+ms exceeded/i.test(message)
						? 'ETIMEDOUT'
						: // axios, when the connection closes in the middle of a buffered answer (n8n keeps httpCode "200").
							/stream has been aborted|premature close/i.test(message)
							? 'ERR_STREAM_PREMATURE_CLOSE'
							: undefined;
		if (found) {
			return {
				code: found,
				mayHaveReachedServer: !NEVER_SENT.has(found),
				timedOut: found === 'ETIMEDOUT' || found === 'ECONNABORTED' || found === 'ESOCKETTIMEDOUT',
			};
		}
		current = current.cause as typeof current;
	}
	return undefined;
}


/**
 * One HTTP exchange, nothing repeated: a 2xx is the value; any other status, with SelSup's error body
 * read (at most 64 KB), and a network failure become a `Failure`. Anything else n8n's HTTP layer throws
 * is thrown as a NodeApiError, scrubbed.
 */
export async function attempt(
	s: Sender,
	call: Call,
	url: URL,
	ownHost: boolean,
	encoding: 'arraybuffer' | 'stream',
): Promise<Outcome<RawResponse>> {
	let response: RawResponse;
	try {
		response = await request(s, call, url, ownHost, encoding);
	} catch (error) {
		const network = networkFailure(error);
		if (network) return { failure: { kind: 'network', network, error: (extra) => networkError(s.node, call, network, url.host, extra) } };
		const message = s.scrubber.text(error instanceof Error ? error.message : String(error));
		throw new NodeApiError(s.node, { route: call.label }, { message: `Request to SelSup failed: ${message} (${call.label})`, itemIndex: call.itemIndex });
	}
	if (response.statusCode >= 200 && response.statusCode < 300) return { value: response };
	const body = parseErrorBody(await readSmall(response.body));
	const status = response.statusCode;
	const retryAfter = retryAfterMs(responseHeader(response.headers, 'retry-after'));
	return {
		failure: {
			kind: 'status',
			status,
			retryAfterMs: retryAfter,
			error: (extra) => withRetryAfter(httpError(s.node, call, status, body, extra), retryAfter),
		},
	};
}

async function request(s: Sender, call: Call, url: URL, ownHost: boolean, encoding: 'arraybuffer' | 'stream'): Promise<RawResponse> {
	const options: IHttpRequestOptions = {
		method: call.method,
		url: url.toString(),
		qs: call.qs,
		arrayFormat: 'repeat',
		encoding,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: s.timeoutMs,
		abortSignal: s.signal,
		// A redirect to another host must not take the token along.
		sendCredentialsOnCrossOriginRedirect: false,
	} as IHttpRequestOptions;
	if (call.body !== undefined) {
		// Sent as text: n8n drops an empty object body, but SelSup requires `{}` for "no filter".
		options.body = JSON.stringify(call.body);
		options.headers = { 'Content-Type': 'application/json' };
	}
	// The token goes only to the credential's own host; a result link elsewhere is fetched without it.
	if (!ownHost) return (await s.ctx.helpers.httpRequest(options)) as RawResponse;
	// n8n sets an authenticated request's abort signal from its context's execution signal (overwriting an
	// `abortSignal` option): the context is seen through a view whose signal is the run's own, which also
	// ends when one item fails the node. No release promises that; test/e2e/signal.e2e.js pins it.
	const view = Object.create(s.ctx, { getExecutionCancelSignal: { value: () => s.signal } }) as N8nFunctions;
	return (await s.ctx.helpers.httpRequestWithAuthentication.call(view, CREDENTIAL_NAME, options, {
		credentialsDecrypted: s.credentials,
	})) as RawResponse;
}

/** The wait SelSup asked for stays on the error (context.retryAfterMs), for a caller that schedules its own retry. */
function withRetryAfter(error: NodeApiError, ms: number | undefined): NodeApiError {
	if (ms !== undefined) error.context.retryAfterMs = ms;
	return error;
}

export function responseHeader(headers: RawResponse['headers'], name: string): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** Error bodies are small JSON; read at most 64 KB of them, whatever their form. */
async function readSmall(body: unknown): Promise<Buffer | undefined> {
	if (body === undefined || body === null) return undefined;
	if (Buffer.isBuffer(body)) return body.subarray(0, MAX_ERROR_BODY);
	if (typeof body === 'string') return Buffer.from(body.slice(0, MAX_ERROR_BODY));
	if (body instanceof ArrayBuffer) return Buffer.from(body).subarray(0, MAX_ERROR_BODY);
	const stream = body as ByteStream;
	if (typeof stream.on !== 'function') return Buffer.from(JSON.stringify(body));
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of stream) {
			const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
			chunks.push(buf);
			size += buf.length;
			if (size >= MAX_ERROR_BODY) break;
		}
	} catch {
		// A broken error body still leaves the status to report.
	} finally {
		stream.destroy();
	}
	return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY);
}
