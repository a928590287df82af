/**
 * The errors a seller sees for a SelSup call: SelSup's own message from its error body, where it
 * happened (route label, item), and what to do, as NodeApiError. Used by attempt.ts and by callers that
 * judge an answer themselves (tasks/, files/); it sends nothing and imports nothing of the transport.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** Where a failure happened: shown in every error so a seller knows which step and item broke. */
export interface CallContext {
	/** `resource/operation`, or the helper endpoint (`task 1042 status`, `result download`, …). */
	label: string;
	itemIndex?: number;
}

/** SelSup's error bodies: 400 {error, localMessage, params}, 403 {error}, 500 {error, message, system}. */
export function selSupMessage(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const b = body as Record<string, unknown>;
	for (const key of ['localMessage', 'message', 'error']) {
		const v = b[key];
		if (typeof v === 'string' && v.trim() !== '') return v.trim();
	}
	return undefined;
}

/** Decodes an error body kept as bytes (n8n returns bytes for binary requests). */
export function parseErrorBody(raw: Buffer | string | undefined): unknown {
	if (raw === undefined) return undefined;
	const text = (Buffer.isBuffer(raw) ? raw.toString('utf8') : raw).trim();
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

function where(ctx: CallContext, status?: number): string {
	const parts = [ctx.label];
	if (status !== undefined) parts.push(`HTTP ${status}`);
	if (ctx.itemIndex !== undefined) parts.push(`item ${ctx.itemIndex}`);
	return parts.join(', ');
}

/**
 * The error for an HTTP status SelSup answered with: an English sentence saying what failed, with route,
 * status and item (n8n keeps only the message on a continue-on-fail error item), then SelSup's own text
 * (`localMessage`, often Russian) as data, since that is what a seller can act on.
 */
export function httpError(node: INode, ctx: CallContext, status: number, body: unknown, extra = ''): NodeApiError {
	const selsup = selSupMessage(body);
	const code = body && typeof body === 'object' ? (body as Record<string, unknown>).error : undefined;
	// SelSup's text closes the message: after a colon, or as its own sentence when the message already ends in one.
	const said = !selsup ? '' : extra.startsWith('.') ? `. SelSup said: ${selsup}` : `: ${selsup}`;
	let message: string;
	let description: string;
	if (status === 401 || status === 403) {
		message = `SelSup rejected the API token (${where(ctx, status)})`;
		description =
			'The token in the SelSup API credential is wrong, revoked, or lacks the rights for this operation. ' +
			'Make a new one in the SelSup cabinet under Integrations → API and paste it into the credential.' +
			(selsup ? ` SelSup said: ${selsup}${/[.!?]$/.test(selsup) ? '' : '.'}` : '');
	} else if (status === 429) {
		message = `SelSup is limiting the request rate (${where(ctx, status)})${extra}`;
		description = 'Too many requests in a short time. Lower the node\'s concurrency or run the workflow later.';
	} else if (status === 404) {
		message = `SelSup found no such object or file (${where(ctx, status)})${extra}${said}`;
		description = 'SelSup has no such object or file. Check the ID, or that the task result has not expired.';
	} else if (status >= 500) {
		message = `SelSup failed to process the request (${where(ctx, status)})${extra}${said}`;
		description = 'Retrying later usually helps; if it keeps failing, contact SelSup support.';
	} else {
		message = `SelSup refused the request (${where(ctx, status)})${extra}${said}`;
		description = 'Check the parameters of this operation.';
	}
	// A 403 body is often just {error: "FORBIDDEN"}: its code is then SelSup's whole message, shown once.
	if (typeof code === 'string' && code && code !== selsup) description += ` Error code: ${code}.`;
	const response: JsonObject = { status, route: ctx.label };
	if (typeof code === 'string') response.error = code;
	if (selsup) response.localMessage = selsup;
	return new NodeApiError(node, response, {
		message,
		description,
		httpCode: String(status),
		itemIndex: ctx.itemIndex,
	});
}

/** An error about what SelSup sent back (not a status): truncated file, HTML instead of JSON, empty body. */
export function responseError(node: INode, ctx: CallContext, problem: string, description: string, status = 200): NodeApiError {
	return new NodeApiError(
		node,
		{ status, route: ctx.label, problem },
		{ message: `${problem} (${where(ctx, status)})`, description, httpCode: String(status), itemIndex: ctx.itemIndex },
	);
}

/** A network failure, explained without the raw code in the message (n8n would replace such a message). */
export function networkError(
	node: INode,
	ctx: CallContext,
	failure: { code: string; timedOut: boolean },
	host: string,
	detail: string,
): NodeApiError {
	const what = failure.timedOut
		? `SelSup did not answer in time`
		: failure.code === 'ECONNREFUSED'
			? `Could not connect to SelSup at ${host}`
			: failure.code === 'ENOTFOUND' || failure.code === 'EAI_AGAIN'
				? `The SelSup host ${host} was not found`
				: `The connection to SelSup at ${host} broke`;
	return new NodeApiError(
		node,
		{ route: ctx.label, network: failure.code },
		{ message: `${what} (${where(ctx)})${detail}`, description: `Network error ${failure.code.toLowerCase()}.`, itemIndex: ctx.itemIndex },
	);
}
