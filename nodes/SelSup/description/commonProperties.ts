import type { INodeProperties } from 'n8n-workflow';

import { MAX_WAIT_TIMEOUT_S, routes, taskOperations, TOOL_WAIT_DEFAULTS, WAIT_DEFAULTS } from '../catalogue';

// Identifiers, not member expressions: n8n's lint reads a property's default only so.
const { onTimeout: DEFAULT_ON_TIMEOUT, pollIntervalS: DEFAULT_POLL_INTERVAL_S, timeoutS: DEFAULT_TIMEOUT_S } = WAIT_DEFAULTS;

const byReturns = (kind: 'file' | 'task' | 'value') => routes.filter((r) => r.returns === kind);

const fileOutput = [...byReturns('file'), ...byReturns('task'), ...taskOperations.filter((t) => t.returns === 'file')];

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
		fileOutput.map((r) => r.resource),
		fileOutput.map((r) => r.operation),
	),
};

const requestOptions: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 20 },
		// 0 is "adaptive", the same as leaving the option out: adding the option to read it changes nothing.
		default: 0,
		description:
			'How many SelSup requests run at once when the node gets several items. 0 (the default, as when this option is left out) adapts: the node starts at 5, runs more while SelSup keeps up and half as many when SelSup asks to slow down. 1 to 20 keeps exactly that number.',
		hint: '0 = adaptive',
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
		default: DEFAULT_ON_TIMEOUT,
		description: 'What to do when the task has not finished within the timeout. Used as an AI tool, the node returns the task when this option is left out.',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_POLL_INTERVAL_S,
		description: 'Longest gap between two status checks. The first check comes after a second, so short tasks are not held up.',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'waitTimeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_WAIT_TIMEOUT_S },
		default: DEFAULT_TIMEOUT_S,
		description: `How long to wait for the task in all, at most ${MAX_WAIT_TIMEOUT_S} s (n8n's own longest workflow timeout); start a longer export without waiting and pick it up with Task → Wait. Used as an AI tool, the node waits ${TOOL_WAIT_DEFAULTS.timeoutS} s when this option is left out, then returns the task for the model to go on with.`,
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
const taskWaits = taskOperations.filter((t) => t.waits);
const taskDirect = taskOperations.filter((t) => !t.waits);

export const optionsProperties: INodeProperties[] = [
	optionsCollection(showOperations(tasks.map((r) => r.resource), tasks.map((r) => r.operation)), [
		...requestOptions,
		...waitOptions,
		waitForCompletion,
	]),
	optionsCollection(showOperations(['task'], taskWaits.map((t) => t.operation)), [...requestOptions, ...waitOptions]),
	optionsCollection(
		showOperations([...direct.map((r) => r.resource), 'task'], [...direct.map((r) => r.operation), ...taskDirect.map((t) => t.operation)]),
		requestOptions,
	),
];
