import type { INodeProperties } from 'n8n-workflow';

import { routes, taskListFilters } from '../catalogue';
import { paramProperty } from './routeProperties';

const byReturns = (kind: 'file' | 'task' | 'value') => routes.filter((r) => r.returns === kind);

export const TASK_OPERATIONS = ['get', 'getMany', 'wait', 'download', 'cancel'] as const;
/** Task operations that work on one task given by its ID. */
const ONE_TASK = ['get', 'wait', 'download', 'cancel'];

/** The task resource: tasks started earlier, here or in the SelSup cabinet. */
export const taskProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		options: [
			{ name: 'Cancel a Task', value: 'cancel', action: 'Cancel a task', description: 'Stop a running task in SelSup' },
			{ name: 'Download a Task Result', value: 'download', action: 'Download a task result', description: 'Download the file of a finished task' },
			{ name: 'Get a Task', value: 'get', action: 'Get a task', description: 'Read a task\'s status and progress' },
			{
				name: 'Get Many Tasks',
				value: 'getMany',
				action: 'Get many tasks',
				description: 'List SelSup background tasks, newest first: exports, marketplace syncs and imports, e.g. the failed ones',
			},
			{ name: 'Wait for a Task', value: 'wait', action: 'Wait for a task', description: 'Wait until a task ends, then download its file' },
		],
		default: 'get',
	},
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1042',
		description: 'ID of the SelSup task, as a SelSup node or the SelSup cabinet gave it',
		displayOptions: { show: { resource: ['task'], operation: ONE_TASK } },
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: { resource: ['task'], operation: ['getMany'] } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { resource: ['task'], operation: ['getMany'], returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Which tasks to list. Without filters, all tasks of the account are listed, newest first.',
		displayOptions: { show: { resource: ['task'], operation: ['getMany'] } },
		options: taskListFilters.map(paramProperty).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

const fileOutput = [...byReturns('file'), ...byReturns('task')];

/** Operation values are unique across resources, so one list of resources and one of operations select them. */
function showOperations(resources: string[], operations: string[]) {
	return { show: { resource: [...new Set(resources)], operation: operations } };
}

export const binaryProperty: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	description:
		'Name of the binary field of the output item that receives the file SelSup exported, e.g. "data". Later nodes (Send Email, Google Drive, Extract From File) read the file from this field.',
	hint: 'The file goes into this binary field of the output item',
	displayOptions: showOperations(
		[...fileOutput.map((r) => r.resource), 'task'],
		[...fileOutput.map((r) => r.operation), 'wait', 'download'],
	),
};

const requestOptions: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 20 },
		default: 5,
		description:
			'How many SelSup requests run at once when the node gets several items. Leave this option out and the node starts at 5 and adapts: more while SelSup keeps up, half as many when it asks to slow down. Set it and the node keeps exactly this number.',
	},
	{
		displayName: 'Max Retry Wait (Seconds)',
		name: 'maxRetryWait',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		description: 'Longest pause before a retry, including a Retry-After that SelSup asks for',
	},
	{
		displayName: 'Request Timeout (Seconds)',
		name: 'requestTimeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 120,
		description: 'How long one request to SelSup may take before it counts as failed',
	},
	{
		displayName: 'Retries',
		name: 'retries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: 3,
		description: 'How often a request that failed for a passing reason (HTTP 429, 5xx, network) is tried again. Calls that start an export are never repeated when SelSup may have received them.',
	},
];

const waitOptions: INodeProperties[] = [
	{
		displayName: 'Download Result',
		name: 'downloadResult',
		type: 'boolean',
		default: true,
		description: 'Whether to download the finished task\'s file as binary data; off returns the task JSON only',
	},
	{
		displayName: 'On Timeout',
		name: 'onTimeout',
		type: 'options',
		options: [
			{ name: 'Cancel the Task', value: 'cancelTask', description: 'Cancel the task in SelSup and return it' },
			{ name: 'Fail', value: 'fail', description: 'Stop with an error that names the task ID' },
			{ name: 'Return the Task', value: 'returnTask', description: 'Return the unfinished task JSON; Task → Wait can pick it up later' },
		],
		default: 'fail',
		description: 'What to do when the task has not finished within the timeout',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 5,
		description: 'Longest gap between two status checks. The first check comes after a second, so short tasks are not held up.',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'waitTimeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 900,
		description: 'How long to wait for the task in all',
	},
];

const waitForCompletion: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'boolean',
	default: true,
	description: 'Whether to wait for SelSup\'s background task to finish and hand over its file. Off returns the started task at once.',
};

function optionsCollection(displayOptions: INodeProperties['displayOptions'], options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

const tasks = byReturns('task');
const direct = [...byReturns('file'), ...byReturns('value')];

export const optionsProperties: INodeProperties[] = [
	optionsCollection(showOperations(tasks.map((r) => r.resource), tasks.map((r) => r.operation)), [
		...requestOptions,
		...waitOptions,
		waitForCompletion,
	]),
	optionsCollection(showOperations(['task'], ['wait']), [...requestOptions, ...waitOptions]),
	optionsCollection(
		showOperations([...direct.map((r) => r.resource), 'task'], [...direct.map((r) => r.operation), 'get', 'getMany', 'download', 'cancel']),
		requestOptions,
	),
];
