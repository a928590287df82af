import type { INodeProperties } from 'n8n-workflow';

import type { RouteSpec } from '../catalogue';
import { routes, taskOperations } from '../catalogue';

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

/** One tool description per operation, shown (and prefilled) only when the node is used as a tool. */
export const toolDescriptionProperties: INodeProperties[] = [
	...routes.map((route) => toolDescription([route.resource], [route.operation], routeText(route))),
	...taskOperations.map((t) => toolDescription([t.resource], [t.operation], t.tool)),
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
