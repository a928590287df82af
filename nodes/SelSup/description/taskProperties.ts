import type { INodeProperties } from 'n8n-workflow';

import type { TaskOperationSpec } from '../catalogue';
import { taskListFilters, taskOperations } from '../catalogue';
import { paramProperty } from './routeProperties';

const operationsWhere = (test: (t: TaskOperationSpec) => boolean | undefined) =>
	taskOperations.filter((t) => test(t)).map((t) => t.operation);

function show(operations: string[], extra: Record<string, unknown[]> = {}) {
	return { show: { resource: ['task'], operation: operations, ...extra } };
}

/** The Task resource's fields, from its catalogue entries (the operation dropdown is built with the routes'). */
export const taskProperties: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1042',
		description: 'ID of the SelSup task, as a SelSup node or the SelSup cabinet gave it',
		displayOptions: show(operationsWhere((t) => t.taskId)),
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: show(operationsWhere((t) => t.returns === 'taskList')),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: show(operationsWhere((t) => t.returns === 'taskList'), { returnAll: [false] }),
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Which tasks to list. Without filters, all tasks of the account are listed, newest first.',
		displayOptions: show(operationsWhere((t) => t.returns === 'taskList')),
		options: taskListFilters.map(paramProperty).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
	{
		// n8n's convention for answers of more than 10 fields; on by default, as n8n asks of new nodes.
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return a simplified version of the response instead of the raw data: for each task its ID, status, type, organization, progress, message, created and finish dates and result link',
		displayOptions: show(operationsWhere((t) => t.simplify)),
	},
];
