import type { INodeProperties } from 'n8n-workflow';

import type { RouteSpec } from '../catalogue';
import { routes, startsWork, taskOperations, TOOL_WAIT_DEFAULTS } from '../catalogue';

/**
 * What an AI agent reads about each operation when the node is used as a tool: what it does, when to
 * use it and what comes back. Binary files never reach the model (n8n hands it the items' JSON only),
 * so file operations say the model gets the file's name, type and size, not its content.
 */
const FILE_NOTE =
	'The file itself is kept as binary data for the next workflow steps (e-mail, Drive); you only get its description.';

/**
 * What a tool does to the seller's data, the first words of its text, so that an agent builder can review
 * the tools at a glance and a model never takes a write for a read.
 */
export type ToolEffect = 'reads' | 'starts' | 'changesMarketplace' | 'changesTask';

export const EFFECT_TEXT: Readonly<Record<ToolEffect, string>> = {
	reads: 'Only reads: changes nothing.',
	starts: 'Starts a background export in SelSup: makes a file, changes no marketplace data.',
	changesMarketplace:
		'Changes the seller\'s marketplace (a marketplace, or a connected service such as MoySklad). Call it only when the user asks for exactly that, never to check or look something up.',
	changesTask: 'Changes a task in SelSup.',
};

export function routeEffect(route: RouteSpec): ToolEffect {
	if (route.writes) return 'changesMarketplace';
	return startsWork(route) ? 'starts' : 'reads';
}

/** How a task-starting tool behaves at the wait's bound, and how the model goes on from there. */
const BOUNDED_WAIT = `Waits until SelSup has finished it, ${TOOL_WAIT_DEFAULTS.timeoutS} s at most: a task still running then is returned as it stands (task id, status, progress, timedOut: true), and the Task tools (Wait, Get, Download) go on with that id.`;

function routeText(route: RouteSpec): string {
	const effect = EFFECT_TEXT[routeEffect(route)];
	const what = route.summary.replace(/\s*\(background task\)$/, '');
	const needs = route.query.filter((p) => p.required).map((p) => p.name);
	const input = needs.length ? ` Needs ${needs.join(', ')}.` : '';
	if (route.returns === 'file') {
		return `${effect} Downloads from SelSup: ${what}.${input} Returns JSON with fileName, mimeType and fileSize. ${FILE_NOTE}`;
	}
	if (route.returns === 'task') {
		const runs = route.writes ? `Runs as a SelSup background task: ${what}.` : `Runs a SelSup background export: ${what}.`;
		return `${effect} ${runs} ${BOUNDED_WAIT}${input} Returns JSON with the task (id, status) and the result file's fileName, mimeType and fileSize. ${FILE_NOTE}`;
	}
	return `${effect} ${route.summary} in SelSup.${input} Returns SelSup's answer in result.`;
}

/** One tool description per operation, shown (and prefilled) only when the node is used as a tool. */
export const toolDescriptionProperties: INodeProperties[] = [
	...routes.map((route) => toolDescription([route.resource], [route.operation], routeText(route))),
	...taskOperations.map((t) => toolDescription([t.resource], [t.operation], `${EFFECT_TEXT[t.effect]} ${t.tool}`)),
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
