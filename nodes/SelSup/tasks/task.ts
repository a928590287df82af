import type { IDataObject } from 'n8n-workflow';

import type { AnswerTiming, SelSupClient } from '../transport/client';
import type { CallContext } from '../transport/errors';
import { httpError, responseError, selSupMessage } from '../transport/errors';

/** SelSup's TmsTask, as far as the node reads it. */
export interface TmsTask extends IDataObject {
	id: number;
	status: string;
	type?: string;
	progress?: number;
	message?: string;
	url?: string;
	/** Path of the result in SelSup's storage, read through `/files/file?path=`. */
	file?: string;
}

/** Only FINISHED is success; these end a task without a result. The rest are still in progress. */
export const FAILED_STATUSES = new Set(['ERROR', 'EXCEPTION', 'INTERRUPTED', 'STOPPED']);
export const FINISHED = 'FINISHED';

export function isDone(task: TmsTask): boolean {
	return task.status === FINISHED || FAILED_STATUSES.has(task.status);
}

/** Whether a value has what makes it a task: an id and a status. */
export function isTaskRow(value: unknown): value is TmsTask {
	const task = value as TmsTask | undefined;
	return !!task && typeof task === 'object' && task.id !== undefined && task.id !== null && typeof task.status === 'string';
}

/** Checks that what SelSup answered to a task-starting call is a task. */
export function asTask(client: SelSupClient, ctx: CallContext, value: unknown): TmsTask {
	const notATask = !isTaskRow(value);
	// SelSup sometimes answers a refused start with HTTP 200 and its error body: its own words are kept.
	if (notATask && selSupMessage(value)) throw client.scrub(httpError(client.node, ctx, 200, value));
	if (notATask) {
		throw responseError(
			client.node,
			ctx,
			'SelSup did not answer with a task',
			'A task object with an id and a status was expected. The API may have changed; please report this to the package maintainers.',
		);
	}
	return value as TmsTask;
}

/** `onAnswer`: when the attempt that answered was sent and answered (what the wait times progress by). */
export async function findTask(
	client: SelSupClient,
	taskId: number | string,
	itemIndex?: number,
	onAnswer?: (answer: AnswerTiming) => void,
): Promise<TmsTask | undefined> {
	const label = `task ${taskId} status`;
	const call = { method: 'GET' as const, url: '/api/task/findTask', qs: { id: taskId }, repeatable: true, label, itemIndex };
	const answer = await client.json<{ rows?: TmsTask[] }>(call, onAnswer);
	// Only a row carrying the requested id is that task: any other row is another task.
	const row = answer?.rows?.find((t) => t && String(t.id) === String(taskId));
	return row ? asTask(client, { label, itemIndex }, row) : undefined;
}

export async function cancelTask(client: SelSupClient, taskId: number | string, itemIndex?: number): Promise<TmsTask> {
	const label = `cancel task ${taskId}`;
	const answer = await client.json({
		method: 'POST',
		url: '/api/task/cancelTask',
		qs: { taskId },
		// Cancelling twice is harmless.
		repeatable: true,
		label,
		itemIndex,
	});
	return asTask(client, { label, itemIndex }, answer);
}
