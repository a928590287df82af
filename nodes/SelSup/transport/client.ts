/**
 * The transport's top: the one client the rest of the node calls (tasks/, files/, methods/, trigger/).
 * It owns the credential (base URL, token, scrubbing) and puts the layers together, each call as
 * retry (retry.ts) → a limiter slot (limiter.ts) → one exchange (attempt.ts), all under the run's signal.
 */
import type { ICredentialsDecrypted, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { childSignal } from './abort';
import type { ByteStream, Call, N8nFunctions, Outcome, RawResponse, Sender } from './attempt';
import { attempt, CREDENTIAL_NAME, responseHeader } from './attempt';
import { responseError } from './errors';
import type { Release } from './limiter';
import { Limiter } from './limiter';
import type { RetrySettings } from './retry';
import { markPassing, withRetries } from './retry';
import { Scrubber } from './secrets';

export type { ByteStream, Call, N8nFunctions } from './attempt';
export { CREDENTIAL_NAME, responseHeader } from './attempt';

export interface ClientSettings extends RetrySettings {
	/** Per-request timeout (one HTTP exchange, not the wait for a task). */
	timeoutMs: number;
	/** SelSup requests in flight at once for one node run (the start, when adaptive). */
	concurrency: number;
	/** Whether the number in flight adapts to how SelSup answers (the seller did not set Concurrency). */
	adaptiveConcurrency: boolean;
	/** Epoch ms by which every request must be over: each request's timeout is capped by the time left (a poll's budget). */
	deadline?: number;
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

/** When the attempt that answered a call was sent, and when its answer came (this machine's clock, ms). */
export interface AnswerTiming {
	sentAt: number;
	answeredAt: number;
}

export interface StreamResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: ByteStream;
}

/** Marks what a file reader threw as "the body broke off or came short": the download may be tried again. */
export function incompleteBody<E extends Error & { context?: Record<string, unknown> }>(error: E): E {
	if (error.context) error.context.incompleteDownload = true;
	return error;
}

function isIncomplete(error: unknown): error is Error {
	return (error as { context?: Record<string, unknown> } | undefined)?.context?.incompleteDownload === true;
}

/**
 * The one way this node talks to SelSup: base URL and token from the credential, the run's abort signal
 * on every request, one retry budget per call (transport/retry.ts), requests in flight capped
 * (transport/limiter.ts), one attempt at a time sent and mapped (transport/attempt.ts), secrets scrubbed.
 */
export class SelSupClient {
	readonly scrubber: Scrubber;
	private readonly limiter: Limiter;
	private readonly sender: Sender;

	private constructor(
		ctx: N8nFunctions,
		readonly baseUrl: URL,
		scrubber: Scrubber,
		readonly settings: ClientSettings,
		credentials: ICredentialsDecrypted,
		/** Ends every request and wait of the run: the execution's Stop, or the node failing on one item. */
		readonly signal: AbortSignal | undefined,
	) {
		this.scrubber = scrubber;
		this.limiter = new Limiter({ start: settings.concurrency, adaptive: settings.adaptiveConcurrency, max: ADAPTIVE_MAX_CONCURRENCY });
		this.sender = { ctx, node: ctx.getNode(), credentials, scrubber: this.scrubber, timeoutMs: settings.timeoutMs, signal };
	}

	/** `signal`: the run's own; by default the execution's cancel signal, where the context has one. */
	static async create(ctx: N8nFunctions, settings: Partial<ClientSettings> = {}, signal?: AbortSignal): Promise<SelSupClient> {
		const credentials = await ctx.getCredentials(CREDENTIAL_NAME);
		// Trimmed where it is sent: a token pasted with a line break would break the header.
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
			data: { ...credentials, apiToken: token },
		};
		const own = signal ?? ('getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined);
		return new SelSupClient(ctx, parseBaseUrl(ctx.getNode(), credentials.baseUrl), new Scrubber([token]), { ...DEFAULT_SETTINGS, ...settings }, decrypted, own);
	}

	/**
	 * The same credential, settings and secrets on another signal (and its own request slots): for what a
	 * run still sends once its own signal has ended, cancelling the SelSup tasks it abandons.
	 */
	withSignal(signal: AbortSignal, settings: Partial<ClientSettings> = {}): SelSupClient {
		return new SelSupClient(this.sender.ctx, this.baseUrl, this.scrubber, { ...this.settings, ...settings }, this.sender.credentials, signal);
	}

	get node(): INode {
		return this.sender.node;
	}

	/**
	 * A call whose answer is JSON (or a plain value SelSup sends as text). `onAnswer` learns when the
	 * attempt that answered was sent and answered: a status check's progress is as of then, not as of the
	 * whole call with its retries and Retry-After waits.
	 */
	async json<T = unknown>(call: Call, onAnswer?: (answer: AnswerTiming) => void): Promise<T> {
		const url = this.resolve(call);
		let timing: AnswerTiming | undefined;
		const response = await this.retrying(call, async () =>
			this.inSlot(async (sender, slot) => {
				const sentAt = Date.now();
				const outcome = this.noted(slot, await attempt(sender, call, url, this.isOwnHost(url), 'arraybuffer'));
				if ('value' in outcome) timing = { sentAt, answeredAt: Date.now() };
				return outcome;
			}),
		);
		if (timing) onAnswer?.(timing);
		const raw = response.body as Buffer;
		const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw ?? '');
		if (looksLikeHtml(response.headers, text)) {
			// A proxy's or maintenance page: passing, as far as a wait for a task is concerned.
			throw markPassing(
				responseError(
					this.node,
					call,
					'SelSup answered with a web page instead of data',
					'An HTML page came back where JSON was expected: usually a proxy, maintenance or login page in front of SelSup. Check the base URL in the credential, or try again later.',
					response.statusCode,
				),
			);
		}
		if (text.trim() === '') return undefined as T;
		try {
			return JSON.parse(text) as T;
		} catch {
			return text as unknown as T;
		}
	}

	/**
	 * A call whose answer is a file: `read` takes the body as a stream (never buffered here) while the
	 * call holds its request slot. A body that broke off (`incompleteBody`) is fetched again within the
	 * same budget as the request's own retries: Retries + 1 requests in all.
	 */
	async file<T>(call: Call, read: (response: StreamResponse) => Promise<T>): Promise<T> {
		const url = this.resolve(call);
		return this.retrying(call, async (): Promise<Outcome<T>> =>
			// The body is read within the slot, so the request's own signal lasts as long.
			this.inSlot(async (sender, slot) => {
				const sent = this.noted(slot, await attempt(sender, call, url, this.isOwnHost(url), 'stream'));
				if ('failure' in sent) return sent;
				const body = sent.value.body as ByteStream;
				const got = await read({ statusCode: sent.value.statusCode, headers: sent.value.headers, body }).then(
					(value) => ({ value }),
					(error: Error) => ({ error }),
				);
				body.destroy();
				if ('value' in got) return got;
				const broken = got.error;
				if (this.signal?.aborted || !isIncomplete(broken)) throw broken;
				// Broken off: one more try of this call, within its budget.
				return { failure: { kind: 'incomplete', error: (extra) => Object.assign(broken, { message: broken.message.replace(/\)$/, `)${extra}`) }) } };
			}),
		);
	}

	/** One request slot of the limiter, and a signal of the request's own (see abort.ts), for `run`. */
	private async inSlot<T>(run: (sender: Sender, slot: Release) => Promise<T>): Promise<T> {
		const slot = await this.limiter.acquire(this.signal);
		const stop = childSignal(this.signal);
		try {
			const { deadline } = this.settings;
			const timeoutMs = deadline === undefined ? this.sender.timeoutMs : Math.max(1, Math.min(this.sender.timeoutMs, deadline - Date.now()));
			return await run({ ...this.sender, timeoutMs, signal: stop.signal }, slot);
		} finally {
			stop.release();
			slot();
		}
	}

	private async retrying<T>(call: Call, once: (attempt: number) => Promise<Outcome<T>>): Promise<T> {
		return withRetries(this.settings, call.repeatable, this.signal, once, () => this.cancelled(call)).catch((error: Error) => {
			throw this.scrub(error);
		});
	}

	/** Tells the limiter how SelSup answered: a 429 or 503 pushes back, any other answer lets it grow. */
	private noted<T>(slot: Release, outcome: Outcome<T>): Outcome<T> {
		const failure = 'failure' in outcome ? outcome.failure : undefined;
		if (failure?.kind === 'status' && (failure.status === 429 || failure.status === 503)) this.limiter.pushedBack(slot);
		else if (failure?.kind !== 'network') this.limiter.answered();
		return outcome;
	}

	private isOwnHost(url: URL): boolean {
		return url.origin === this.baseUrl.origin;
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

	cancelled(call: { label: string; itemIndex?: number }): NodeOperationError {
		return new NodeOperationError(this.node, `The execution was cancelled (${call.label})`, { itemIndex: call.itemIndex });
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

function looksLikeHtml(headers: RawResponse['headers'], text: string): boolean {
	const type = responseHeader(headers, 'content-type') ?? '';
	return /text\/html/i.test(type) || /^\s*<(!doctype html|html)/i.test(text);
}
