import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { CallContext } from './errors';
import { httpError, networkError, parseErrorBody, responseError } from './errors';
import type { Release } from './limiter';
import { Limiter } from './limiter';
import { pause } from './pause';
import type { RetrySettings } from './retry';
import { backoffMs, isRetryableNetworkFailure, networkFailure, RETRYABLE_STATUSES, retryAfterMs } from './retry';
import { Scrubber } from './secrets';

export const CREDENTIAL_NAME = 'selSupApi';

export interface ClientSettings extends RetrySettings {
	/** Per-request timeout (one HTTP exchange, not the wait for a task). */
	timeoutMs: number;
	/** SelSup requests in flight at once for one node run (the start, when adaptive). */
	concurrency: number;
	/** Whether the number in flight adapts to how SelSup answers (the seller did not set Concurrency). */
	adaptiveConcurrency: boolean;
}

/** The most requests in flight adaptive concurrency may reach. */
export const ADAPTIVE_MAX_CONCURRENCY = 32;

export const DEFAULT_SETTINGS: ClientSettings = {
	retries: 3,
	maxDelayMs: 30_000,
	baseDelayMs: 1_000,
	timeoutMs: 120_000,
	concurrency: 5,
	adaptiveConcurrency: true,
};

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

export interface StreamResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: ByteStream;
	/** Call once the body has been consumed or dropped: frees the request slot. */
	done: () => void;
}

interface RawResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

type Context = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

const MAX_ERROR_BODY = 64 * 1024;

/**
 * The one way this node talks to SelSup: base URL and token from the credential, repeated-key arrays,
 * timeouts, retries with backoff, SelSup's error bodies turned into NodeApiErrors, secrets scrubbed.
 */
export class SelSupClient {
	readonly scrubber: Scrubber;
	/** Requests sent and retries made, for the item JSON and the tests. */
	readonly stats = { requests: 0, retries: 0 };
	private readonly limiter: Limiter;

	private constructor(
		private readonly ctx: Context,
		readonly baseUrl: URL,
		token: string,
		readonly settings: ClientSettings,
		private readonly credentials: ICredentialsDecrypted,
	) {
		this.scrubber = new Scrubber([token]);
		this.limiter = new Limiter({ start: settings.concurrency, adaptive: settings.adaptiveConcurrency, max: ADAPTIVE_MAX_CONCURRENCY });
	}

	static async create(ctx: Context, settings: Partial<ClientSettings> = {}): Promise<SelSupClient> {
		const credentials = await ctx.getCredentials(CREDENTIAL_NAME);
		const token = typeof credentials.apiToken === 'string' ? credentials.apiToken.trim() : '';
		if (!token) {
			throw new NodeOperationError(ctx.getNode(), 'The SelSup API credential has no API token', {
				description: 'Open the credential and paste the token made in the SelSup cabinet under Integrations → API.',
			});
		}
		const reference = ctx.getNode().credentials?.[CREDENTIAL_NAME];
		// Handed to every request so that n8n applies the credential without loading (in n8n: reading
		// and decrypting) it again each time.
		const decrypted: ICredentialsDecrypted = {
			id: reference?.id ?? '',
			name: reference?.name ?? CREDENTIAL_NAME,
			type: CREDENTIAL_NAME,
			data: credentials,
		};
		return new SelSupClient(
			ctx,
			parseBaseUrl(ctx.getNode(), credentials.baseUrl),
			token,
			{ ...DEFAULT_SETTINGS, ...settings },
			decrypted,
		);
	}

	get node(): INode {
		return this.ctx.getNode();
	}

	private get signal(): AbortSignal | undefined {
		return 'getExecutionCancelSignal' in this.ctx ? this.ctx.getExecutionCancelSignal() : undefined;
	}

	/** A call whose answer is JSON (or a plain value SelSup sends as text). */
	async json<T = unknown>(call: Call): Promise<T> {
		const response = await this.send(call, 'arraybuffer');
		const raw = response.body as Buffer;
		const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw ?? '');
		if (looksLikeHtml(response.headers, text)) {
			throw responseError(
				this.node,
				call,
				'SelSup answered with a web page instead of data',
				'An HTML page came back where JSON was expected: usually a proxy, maintenance or login page in front of SelSup. Check the base URL in the credential, or try again later.',
				response.statusCode,
			);
		}
		if (text.trim() === '') return undefined as T;
		try {
			return JSON.parse(text) as T;
		} catch {
			return text as unknown as T;
		}
	}

	/** A call whose answer is a file: the body comes as a stream, never buffered here. */
	async stream(call: Call): Promise<StreamResponse> {
		const release = await this.limiter.acquire();
		let handedOver = false;
		try {
			const response = await this.send(call, 'stream', release);
			const body = response.body as ByteStream;
			let freed = false;
			const done = () => {
				if (freed) return;
				freed = true;
				release();
			};
			body.once('close', done);
			body.once('end', done);
			body.once('error', done);
			handedOver = true;
			return { statusCode: response.statusCode, headers: response.headers, body, done };
		} finally {
			if (!handedOver) release();
		}
	}

	/**
	 * Sends with retries. Success is any 2xx; other statuses become NodeApiErrors with SelSup's message.
	 * `heldSlot` is the limiter slot a stream call already holds (so it isn't taken twice).
	 */
	private async send(call: Call, encoding: 'arraybuffer' | 'stream', heldSlot?: Release): Promise<RawResponse> {
		const url = this.resolve(call);
		const ownHost = url.origin === this.baseUrl.origin;
		for (let attempt = 0; ; attempt++) {
			const release = heldSlot ? undefined : await this.limiter.acquire();
			let response: RawResponse;
			try {
				this.stats.requests++;
				response = await this.request(call, url, ownHost, encoding);
			} catch (error) {
				release?.();
				if (this.signal?.aborted) throw this.cancelled(call);
				const failure = networkFailure(error);
				if (!failure) throw this.unexpected(call, error);
				const mayRepeat = call.repeatable || !failure.mayHaveReachedServer;
				if (mayRepeat && isRetryableNetworkFailure(failure) && attempt < this.settings.retries) {
					await this.backoff(attempt);
					continue;
				}
				const detail =
					!call.repeatable && failure.mayHaveReachedServer
						? '. SelSup may have received the request and started the work: check its task list before running the workflow again'
						: attempt > 0
							? ` after ${attempt + 1} attempts`
							: '';
				throw this.scrub(networkError(this.node, call, failure, url.host, detail));
			}

			const slot = heldSlot ?? release!;
			if (response.statusCode === 429 || response.statusCode === 503) this.limiter.pushedBack(slot);
			else this.limiter.answered();
			if (response.statusCode >= 200 && response.statusCode < 300) {
				if (!heldSlot) release?.();
				return response;
			}
			const body = parseErrorBody(await readSmall(response.body));
			release?.();
			// A call that starts work is repeated only after a 429: SelSup refused it outright. Behind a 5xx
			// the export may have started all the same.
			const mayRepeat = call.repeatable || response.statusCode === 429;
			if (RETRYABLE_STATUSES.has(response.statusCode) && mayRepeat && attempt < this.settings.retries) {
				const wait = retryAfterMs(header(response.headers, 'retry-after'));
				if (wait === undefined || wait <= this.settings.maxDelayMs) {
					await this.backoff(attempt, wait);
					continue;
				}
			}
			const extra =
				attempt > 0
					? ` after ${attempt + 1} attempts`
					: !call.repeatable && response.statusCode >= 500
						? '. Not repeated: SelSup may have started the work all the same, check its task list before running the workflow again'
						: '';
			throw this.scrub(httpError(this.node, call, response.statusCode, body, extra));
		}
	}

	private async request(call: Call, url: URL, ownHost: boolean, encoding: 'arraybuffer' | 'stream'): Promise<RawResponse> {
		const options: IHttpRequestOptions = {
			method: call.method,
			url: url.toString(),
			qs: call.qs,
			arrayFormat: 'repeat',
			encoding,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: this.settings.timeoutMs,
			// A redirect to another host must not take the token along.
			sendCredentialsOnCrossOriginRedirect: false,
		} as IHttpRequestOptions;
		if (call.body !== undefined) {
			// Sent as text: n8n drops an empty object body, but SelSup requires `{}` for "no filter".
			options.body = JSON.stringify(call.body);
			options.headers = { 'Content-Type': 'application/json' };
		}
		// The token goes only to the credential's own host; a result link elsewhere is fetched without it.
		const result = ownHost
			? await this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, CREDENTIAL_NAME, options, {
					credentialsDecrypted: this.credentials,
				})
			: await this.ctx.helpers.httpRequest(options);
		return result as RawResponse;
	}

	private resolve(call: Call): URL {
		let url: URL;
		try {
			// A path is taken below the base URL's own path (a dedicated server may sit under one), as n8n
			// does for the credential test; an absolute link is taken as it is.
			const isPath = call.url.startsWith('/') && !call.url.startsWith('//');
			url = isPath ? new URL(this.baseUrl.pathname.replace(/\/$/, '') + call.url, this.baseUrl.origin) : new URL(call.url, this.baseUrl);
		} catch {
			throw new NodeOperationError(this.node, `SelSup gave a link that is not a valid URL (${call.label})`, {
				itemIndex: call.itemIndex,
			});
		}
		if (url.protocol !== 'http:' && url.protocol !== 'https:') {
			throw new NodeOperationError(
				this.node,
				`Refusing to fetch a ${url.protocol.replace(':', '')} link: only http and https are allowed (${call.label})`,
				{ itemIndex: call.itemIndex },
			);
		}
		return url;
	}

	private async backoff(attempt: number, retryAfter?: number): Promise<void> {
		this.stats.retries++;
		const wait = retryAfter !== undefined ? Math.max(retryAfter, 0) : backoffMs(attempt, this.settings);
		await pause(wait, this.signal);
	}

	private cancelled(call: Call): NodeOperationError {
		return new NodeOperationError(this.node, `The execution was cancelled (${call.label})`, { itemIndex: call.itemIndex });
	}

	/** Anything else n8n's HTTP layer threw: keep its message, scrubbed, and never its request details. */
	private unexpected(call: Call, error: unknown): NodeApiError {
		const message = this.scrubber.text(error instanceof Error ? error.message : String(error));
		return new NodeApiError(
			this.node,
			{ route: call.label },
			{ message: `Request to SelSup failed: ${message} (${call.label})`, itemIndex: call.itemIndex },
		);
	}

	/** Defence in depth: whatever went into an error, the token does not come out. */
	scrub<E extends Error & { description?: string | null }>(error: E): E {
		error.message = this.scrubber.text(error.message);
		if (typeof error.description === 'string') error.description = this.scrubber.text(error.description);
		// A NodeApiError keeps SelSup's answer (its localMessage may echo a secret) in errorResponse and
		// texts in messages; n8n stores both with the execution.
		const extra = error as unknown as { errorResponse?: unknown; messages?: unknown };
		if (extra.errorResponse && typeof extra.errorResponse === 'object') extra.errorResponse = this.scrubber.value(extra.errorResponse);
		if (Array.isArray(extra.messages)) extra.messages = this.scrubber.value(extra.messages);
		return error;
	}
}

export function parseBaseUrl(node: INode, value: unknown): URL {
	const text = typeof value === 'string' && value.trim() ? value.trim() : 'https://api.selsup.ru';
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
		throw new NodeOperationError(node, `The base URL "${text}" in the SelSup API credential is not an http(s) address`, {
			description: 'Use https://api.selsup.ru, or your dedicated server\'s address starting with https://.',
		});
	}
	url.pathname = url.pathname.replace(/\/+$/, '') + '/';
	url.search = '';
	url.hash = '';
	return url;
}

function header(headers: RawResponse['headers'], name: string): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

function looksLikeHtml(headers: RawResponse['headers'], text: string): boolean {
	const type = header(headers, 'content-type') ?? '';
	return /text\/html/i.test(type) || /^\s*<(!doctype html|html)/i.test(text);
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

export { header as responseHeader };
