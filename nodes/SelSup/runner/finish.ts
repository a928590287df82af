import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { taskStatusLabel } from '../catalogue';
import type { DownloadedFile } from '../files/download';
import type { ItemOptions } from '../params/options';
import { downloadTaskResult, hasResult } from '../tasks/result';
import type { TmsTask } from '../tasks/task';
import type { WaitOutcome } from '../tasks/wait';
import type { SelSupClient } from '../transport/client';

export interface Result {
	json: IDataObject;
	file?: DownloadedFile;
	/** Several output items for this one input item (a list operation); `json` is then unused. */
	many?: IDataObject[];
}

/** A waited-for task becomes its file (when it has one and it is wanted) or its JSON. */
export async function finishTask(
	ctx: IExecuteFunctions,
	client: SelSupClient,
	outcome: WaitOutcome,
	options: ItemOptions,
	fallbackName: string,
	base: IDataObject,
	itemIndex: number,
): Promise<Result> {
	const { task } = outcome;
	const json: IDataObject = { ...base, task, statusChecks: outcome.polls };
	if (outcome.timedOut) {
		const timedOut = { ...json, timedOut: true, cancelled: outcome.cancelled };
		return { json: outcome.cancelled ? timedOut : { ...timedOut, next: goOn(task, options) } };
	}
	if (!hasResult(task)) return { json: { ...json, noFile: true } };
	if (!options.downloadResult) return { json };
	const file = await downloadTaskResult(ctx, client, task, fallbackName, itemIndex);
	return file ? { json: { ...json, ...fileJson(file) }, file } : { json: { ...json, noFile: true } };
}

/** For a task returned unfinished: how to go on with it (what an AI agent reads to call the Task tools). */
function goOn(task: TmsTask, options: ItemOptions): string {
	const progress = typeof task.progress === 'number' ? `, ${task.progress}% done` : '';
	return (
		`SelSup task ${task.id} is still running (status ${taskStatusLabel(task.status)}${progress}) after ${Number((options.timeoutMs / 1000).toFixed(1))} s of waiting. ` +
		`It goes on in SelSup. To get its result, use Task → Wait with task ID ${task.id}; Task → Get reads its progress, Task → Download fetches the file once it has finished.`
	);
}

export function fileJson(file: DownloadedFile): IDataObject {
	return { fileName: file.fileName, mimeType: file.mimeType, fileSize: file.size };
}
