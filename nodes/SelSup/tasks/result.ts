import type { Call, SelSupClient } from '../transport/client';
import type { DownloadedFile, FileContext } from '../files/download';
import { downloadFile } from '../files/download';
import type { TmsTask } from './task';

/** SelSup's storage route for a task's `file` path. */
export const FILE_ROUTE = '/files/file';

/**
 * Where a finished task's result is read: its `url` (absolute, or a path on the API host), else its
 * `file`, a path in SelSup's storage read through `/files/file?path=`. Undefined: the task has no file.
 */
export function resultCall(task: TmsTask, itemIndex?: number): Call | undefined {
	const label = `task ${task.id} result`;
	if (typeof task.url === 'string' && task.url.trim()) {
		return { method: 'GET', url: task.url.trim(), repeatable: true, label, itemIndex };
	}
	if (typeof task.file === 'string' && task.file.trim()) {
		return { method: 'GET', url: FILE_ROUTE, qs: { path: task.file.trim() }, repeatable: true, label, itemIndex };
	}
	return undefined;
}

export function hasResult(task: TmsTask): boolean {
	return resultCall(task) !== undefined;
}

/** Downloads a finished task's result as binary data, named by the server, the link, or the fallback. */
export async function downloadTaskResult(
	ctx: FileContext,
	client: SelSupClient,
	task: TmsTask,
	fallbackName: string,
	itemIndex?: number,
): Promise<DownloadedFile | undefined> {
	const call = resultCall(task, itemIndex);
	if (!call) return undefined;
	const fromLink = typeof call.qs?.path === 'string' ? lastSegment(call.qs.path) : nameFromUrl(call.url);
	return downloadFile(ctx, client, call, fromLink ?? fallbackName);
}

/** SelSup's result links often carry the file name in `path=`; it beats a generic default. */
function nameFromUrl(url: string): string | undefined {
	try {
		const parsed = new URL(url, 'http://x');
		return lastSegment(parsed.searchParams.get('path') ?? parsed.pathname);
	} catch {
		return undefined;
	}
}

function lastSegment(path: string): string | undefined {
	let last = path.split('/').pop() ?? '';
	try {
		last = decodeURIComponent(last);
	} catch {
		// Not percent-encoded after all: keep it as it is.
	}
	return /\.[A-Za-z0-9]{2,5}$/.test(last) ? last : undefined;
}
