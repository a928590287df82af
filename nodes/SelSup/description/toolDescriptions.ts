import type { INodeProperties } from 'n8n-workflow';

import type { RouteSpec } from '../catalogue';
import { routes } from '../catalogue';

/**
 * What an AI agent reads about each operation when the node is used as a tool: what it does, when to
 * use it and what comes back. Binary files never reach the model (n8n hands it the items' JSON only),
 * so file operations say the model gets the file's name, type and size, not its content.
 */
const FILE_NOTE =
	'The file itself is kept as binary data for the next workflow steps (e-mail, Drive); you only get its description.';

function routeText(route: RouteSpec): string {
	const what = route.summary.replace(/\s*\(background task\)$/, '');
	const needs = route.query.filter((p) => p.required).map((p) => p.name);
	const input = needs.length ? ` Needs ${needs.join(', ')}.` : '';
	if (route.returns === 'file') {
		return `Downloads from SelSup: ${what}.${input} Returns JSON with fileName, mimeType and fileSize. ${FILE_NOTE}`;
	}
	if (route.returns === 'task') {
		return `Runs a SelSup background export: ${what}. Waits until SelSup has finished it.${input} Returns JSON with the task (id, status) and the result file's fileName, mimeType and fileSize. ${FILE_NOTE}`;
	}
	return `${route.summary} in SelSup.${input} Returns SelSup's answer in result.`;
}

const TASK_TEXT: Record<string, string> = {
	getMany:
		'Lists SelSup background tasks (exports, marketplace syncs such as stock or price updates, imports), newest first. Use it to find failed tasks (status ERROR, EXCEPTION, INTERRUPTED or STOPPED), finished ones (FINISHED) or tasks of a type or organization. Returns one JSON object per task: id, status, type, organizationId, message (SelSup\'s own text, e.g. why a task failed), createdDate, finishDate and url of the result.',
	get: 'Reads one SelSup background task by its id. Use it to check how a task the user names is doing. Returns the task: id, status, type, progress (percent), message, createdDate, finishDate.',
	wait: 'Waits until a SelSup background task with the given id ends, then downloads its result. Returns JSON with the task and the result file\'s fileName, mimeType and fileSize, or an error with SelSup\'s message if the task failed. ' + FILE_NOTE,
	download: 'Downloads the result file of a finished SelSup background task with the given id. Returns JSON with fileName, mimeType and fileSize. ' + FILE_NOTE,
	cancel: 'Cancels a running SelSup background task with the given id. Use it only when the user asks to stop that task. Returns the task with its new status.',
};

/** One tool description per operation, shown (and prefilled) only when the node is used as a tool. */
export const toolDescriptionProperties: INodeProperties[] = [
	...routes.map((route) => toolDescription([route.resource], [route.operation], routeText(route))),
	...Object.entries(TASK_TEXT).map(([operation, text]) => toolDescription(['task'], [operation], text)),
];

/** The tool text of an operation, as an agent reads it. */
export function toolTextOf(resource: string, operation: string): string | undefined {
	return toolDescriptionProperties.find(
		(p) => p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes(operation),
	)?.default as string | undefined;
}

function toolDescription(resource: string[], operation: string[], text: string): INodeProperties {
	return {
		displayName: 'Tool Description',
		name: 'toolDescription',
		type: 'string',
		default: text,
		typeOptions: { rows: 3 },
		description: 'What the AI agent reads about this tool: what it does, when to use it, what it returns',
		displayOptions: { show: { '@tool': [true], resource, operation } },
	};
}
