import type { BinaryHelperFunctions, IBinaryData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { ByteStream, Call, SelSupClient, StreamResponse } from '../transport/client';
import { incompleteBody, responseHeader } from '../transport/client';
import { httpError, parseErrorBody, responseError } from '../transport/errors';
import { networkFailure } from '../transport/retry';
import { fileNameFromDisposition } from './contentDisposition';
import { chooseMime, extensionFromMime, mimeFromExtension, SNIFF_BYTES } from './mime';

export interface DownloadedFile {
	binary: IBinaryData;
	fileName: string;
	mimeType: string;
	size: number;
}

/** What a download needs of n8n: the binary store (the abort signal is the client's). */
export interface FileContext {
	helpers: Pick<BinaryHelperFunctions, 'prepareBinaryData' | 'getBinaryMetadata'>;
}

type BinarySource = Parameters<BinaryHelperFunctions['prepareBinaryData']>[0];

const INCOMPLETE =
	'The file did not arrive whole, so it is not handed on. Run the workflow again; if it keeps happening, the connection to SelSup is unstable.';

/** Marks a broken or short download, which a repeatable call may fetch again (within its one retry budget). */
function incomplete(client: SelSupClient, call: Call, problem: string, status: number): NodeApiError {
	return incompleteBody(responseError(client.node, call, problem, INCOMPLETE, status));
}

/**
 * Downloads a file and stores it as n8n binary data as a stream: with n8n's filesystem binary mode the
 * bytes go to disk chunk by chunk and are never held whole here. A body shorter than its
 * Content-Length, an empty body or an HTML page fails; a broken or short download of a repeatable call
 * is fetched again, as one more try of the same call (Retries + 1 requests in all).
 */
export async function downloadFile(
	ctx: FileContext,
	client: SelSupClient,
	call: Call,
	fallbackName: string,
): Promise<DownloadedFile> {
	return client.file(call, async (response) => {
		try {
			return await store(ctx, client, call, response, fallbackName);
		} catch (error) {
			throw asNodeError(client, call, response.statusCode, error);
		}
	});
}

/** What the binary store or the stream threw, as a node error; a broken connection counts as incomplete. */
function asNodeError(client: SelSupClient, call: Call, status: number, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const failure = networkFailure(error);
	if (failure || /aborted|premature/i.test(String((error as Error)?.message))) {
		return incomplete(client, call, 'The download broke off before the whole file arrived', status);
	}
	const message = client.scrubber.text(error instanceof Error ? error.message : String(error));
	return new NodeOperationError(client.node, `Storing the file failed: ${message} (${call.label})`, { itemIndex: call.itemIndex });
}

async function store(
	ctx: FileContext,
	client: SelSupClient,
	call: Call,
	response: StreamResponse,
	fallbackName: string,
): Promise<DownloadedFile> {
	const expected = Number(responseHeader(response.headers, 'content-length') ?? NaN);
	const declaredType = responseHeader(response.headers, 'content-type');
	const { head, ended, failed } = await readHead(response.body, SNIFF_BYTES);
	if (failed) {
		const of = Number.isFinite(expected) ? ` of ${expected}` : '';
		throw incomplete(client, call, `The download broke off after ${head.length}${of} bytes`, response.statusCode);
	}

	if (head.length === 0) {
		throw responseError(client.node, call, 'SelSup sent an empty file', 'The answer had no content where a file was expected. Check the parameters; if they are right, SelSup may have nothing to export for them.', response.statusCode);
	}
	const type = declaredType?.toLowerCase() ?? '';
	const start = head.subarray(0, 512).toString('utf8').trimStart();
	if (type.includes('text/html') || /^<(!doctype html|html)/i.test(start)) {
		throw responseError(client.node, call, 'SelSup answered with a web page instead of the file', 'An HTML page came back where a file was expected: usually a proxy, maintenance or login page in front of SelSup. Check the base URL in the credential, or try again later.', response.statusCode);
	}
	if (type.includes('application/json') && ended) {
		// A JSON answer on a file route is SelSup reporting a problem with status 200.
		throw httpError(client.node, call, response.statusCode, parseErrorBody(head));
	}

	const serverName = fileNameFromDisposition(responseHeader(response.headers, 'content-disposition'));
	const mimeType = chooseMime(declaredType, head, serverName ?? fallbackName);
	const fileName = finalName(serverName ?? fallbackName, mimeType);

	// Small files are whole already; larger ones continue as the response stream, head put back in front.
	let source: BinarySource;
	if (ended) {
		source = head;
	} else {
		response.body.unshift(head);
		source = response.body as unknown as BinarySource;
	}
	const binary = await ctx.helpers.prepareBinaryData(source, fileName, mimeType);
	// A body that ended within the head is exactly `head`: no need to read the stored metadata back.
	const size = ended ? head.length : await storedSize(ctx, binary);
	if (Number.isFinite(expected) && size !== undefined && size < expected) {
		throw incomplete(client, call, `The download was cut short: ${size} of ${expected} bytes arrived`, response.statusCode);
	}
	binary.fileName = fileName;
	binary.mimeType = mimeType;
	return { binary, fileName, mimeType, size: size ?? head.length };
}

/** Bytes actually stored: from the binary store's metadata (filesystem mode) or the base64 data (memory mode). */
async function storedSize(ctx: FileContext, binary: IBinaryData): Promise<number | undefined> {
	if (binary.id) {
		const meta = await ctx.helpers.getBinaryMetadata(binary.id);
		return typeof meta?.fileSize === 'number' ? meta.fileSize : undefined;
	}
	return binary.data ? Buffer.byteLength(binary.data, 'base64') : undefined;
}

/**
 * Reads at least `n` bytes (or all, if fewer) without putting the stream into flowing mode, so it can be
 * handed on afterwards with the head put back. `ended` says the whole body is in `head`; `failed` that the
 * connection broke (then `head` is what came before).
 */
async function readHead(body: ByteStream, n: number): Promise<{ head: Buffer; ended: boolean; failed: boolean }> {
	const chunks: Buffer[] = [];
	let size = 0;
	let ended = false;
	let failure: Error | undefined;
	const onEnd = () => (ended = true);
	const onError = (error: Error) => (failure = error);
	body.once('end', onEnd);
	body.once('error', onError);
	try {
		while (size < n && !ended && !failure) {
			const chunk = body.read();
			if (chunk !== null) {
				const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
				chunks.push(buf);
				size += buf.length;
				continue;
			}
			await new Promise<void>((resolve) => {
				const wake = () => {
					body.off('readable', wake);
					body.off('end', wake);
					body.off('error', wake);
					resolve();
				};
				body.once('readable', wake);
				body.once('end', wake);
				body.once('error', wake);
			});
		}
		// An 'end' already due is let through first: the head must never be put back after it.
		if (!ended && !failure) await sleep(0);
		return { head: Buffer.concat(chunks), ended, failed: failure !== undefined };
	} finally {
		body.off('end', onEnd);
		body.off('error', onError);
	}
}

/** A safe file name that ends in the extension of its type (Gmail and Drive judge files by it). */
export function finalName(name: string, mimeType: string): string {
	let clean = name
		.replace(/[\\/]/g, '_')
		.replace(/[<>:"|?*]/g, '')
		.replace(/\p{Cc}/gu, '')
		.trim()
		.replace(/^\.+/, '');
	if (!clean) clean = 'selsup-file';
	const ext = extensionFromMime(mimeType);
	if (ext && extensionFromMime(mimeFromExtension(clean) ?? '') !== ext) clean = `${clean}.${ext}`;
	return clean;
}
