import type { INodeProperties } from 'n8n-workflow';

import { taskListFilters } from '../catalogue';
import { paramProperty } from '../description/routeProperties';
import { FAILED_STATUSES, FINISHED } from '../tasks/task';

/** The trigger's events and the task statuses each one fires on. */
export const EVENTS: Record<string, { label: string; statuses: readonly string[] }> = {
	taskFinished: { label: 'Task Finished', statuses: [FINISHED] },
	taskFailed: { label: 'Task Failed', statuses: [...FAILED_STATUSES] },
};

const filterFields = taskListFilters.filter((p) => p.name === 'types' || p.name === 'organizationId');

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Task Failed', value: 'taskFailed', description: 'A task ended with status ERROR, EXCEPTION, INTERRUPTED or STOPPED' },
			{ name: 'Task Finished', value: 'taskFinished', description: 'A task finished successfully (status FINISHED)' },
		],
		default: 'taskFinished',
		description: 'Which end of a SelSup background task starts the workflow: exports, marketplace syncs and imports, whether started here or in the SelSup cabinet',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Which tasks count. Without filters, every task of the account does.',
		options: filterFields.map(paramProperty).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		// Its options are about a finished task's file: Task Failed has none, so it shows no empty section.
		displayOptions: { show: { event: ['taskFinished'] } },
		options: [
			{
				displayName: 'Download Result',
				name: 'downloadResult',
				type: 'boolean',
				default: false,
				description: 'Whether to download the finished task\'s result file as binary data, with its real name and type',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				displayOptions: { show: { downloadResult: [true] } },
				hint: 'The name of the output binary field to put the file in',
			},
		],
	},
];
