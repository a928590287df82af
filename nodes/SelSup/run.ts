import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RouteSpec, TaskOperation, TaskOperationSpec } from './catalogue';
import { findRoute, findTaskOperation, startsWork, taskListFilters, taskStatusLabel } from './catalogue';
import type { DownloadedFile } from './files/download';
import { downloadFile } from './files/download';
import type { ItemOptions } from './params/options';
import { readClientSettings, readItemOptions } from './params/options';
import type { RouteInput } from './params/read';
import { defaultFileName, readRouteInput } from './params/read';
import { humanize } from './params/names';
import { badInput, validateParam } from './params/validate';
import type { TaskFilters } from './tasks/list';
import { listTasks } from './tasks/list';
import { downloadTaskResult, hasResult } from './tasks/result';
import { simplifyTask } from './tasks/simplify';
import type { TmsTask } from './tasks/task';
import { asTask, cancelTask, FINISHED, findTask, FAILED_STATUSES } from './tasks/task';
import type { WaitOutcome } from './tasks/wait';
import { taskFailed, waitForTask } from './tasks/wait';
import { SelSupClient } from './transport/client';

/** What one item asks for, checked before any request. */
type Plan =
	| { kind: 'route'; route: RouteSpec; input: RouteInput; binaryProperty: string; options: ItemOptions }
	| TaskPlan;

/** A Task operation, as its catalogue entry asks: a task ID or list filters, a file field, wait options. */
interface TaskPlan {
	kind: 'task';
	spec: TaskOperationSpec;
	taskId: number;
	list: { filters: TaskFilters; max: number | undefined };
	binaryProperty: string;
	options: ItemOptions;
	simplify: boolean;
}

interface Result {
	json: IDataObject;
	file?: DownloadedFile;
	/** Several output items for this one input item (a list operation); `json` is then unused. */
	many?: IDataObject[];
}

/**
 * Runs the node: every item's input is checked first (bad input fails before any request), then all
 * items run side by side (the client caps requests in flight), and outputs come back in input order,
 * each paired to its item. Without Continue On Fail the first failed item fails the node at once: the
 * run's own signal is aborted, so no request starts after it and the other items stop waiting (their
 * SelSup tasks go on, as after Stop).
 */
export async function run(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const continueOnFail = ctx.continueOnFail();

	const plans = items.map((_, i) => attempt(() => plan(ctx, resource, operation, i)));
	if (!continueOnFail) {
		const bad = plans.find((p) => 'error' in p);
		if (bad && 'error' in bad) throw bad.error;
	}

	const stop = new AbortController();
	const execution = ctx.getExecutionCancelSignal();
	const onStop = () => stop.abort();
	if (execution?.aborted) stop.abort();
	else execution?.addEventListener('abort', onStop, { once: true });

	let client: SelSupClient | undefined;
	let clientError: Error | undefined;
	// Reading the options inside the promise: a bad one is then a rejection like a bad credential.
	const created = (async () => SelSupClient.create(ctx, readClientSettings(ctx), stop.signal))();
	if (continueOnFail) {
		// A bad credential or option then fails every item, each as its own error item.
		await created.then(
			(c) => (client = c),
			(e: Error) => (clientError = e),
		);
	} else {
		client = await created;
	}

	let results: Array<{ value: Result } | { error: Error }>;
	try {
		let failFast: (error: Error) => void = () => {};
		const failed = new Promise<never>((_, reject) => (failFast = reject));
		// Settled only through the race below; without this, a rejection after the race is "unhandled".
		failed.catch(() => {});
		const running = Promise.all(
			plans.map(async (p, i): Promise<{ value: Result } | { error: Error }> => {
				if ('error' in p) return p;
				if (!client) return { error: clientError! };
				try {
					return { value: await execute(ctx, client, p.value, i) };
				} catch (error) {
					if (!continueOnFail && !stop.signal.aborted) {
						stop.abort();
						failFast(withItem(ctx, client.scrub(error as Error), i));
					}
					return { error: error as Error };
				}
			}),
		);
		results = continueOnFail ? await running : await Promise.race([running, failed]);
	} finally {
		execution?.removeEventListener('abort', onStop);
		// Whatever is still in flight of this run ends now.
		stop.abort();
	}

	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const r = results[i];
		if ('error' in r) {
			const error = client ? client.scrub(r.error as Error & { description?: string }) : r.error;
			// Reached without Continue On Fail only after Stop: every item ended with the cancellation.
			if (!continueOnFail) throw withItem(ctx, error, i);
			out.push({ json: errorJson(error, resource, operation, i), pairedItem: { item: i } });
			continue;
		}
		if (r.value.many) {
			for (const json of r.value.many) out.push({ json, pairedItem: { item: i } });
			continue;
		}
		const { json, file } = r.value;
		const item: INodeExecutionData = { json, pairedItem: { item: i } };
		const incoming = items[i].binary;
		if (file) {
			const p = (plans[i] as { value: Plan }).value;
			const field = 'binaryProperty' in p ? p.binaryProperty : 'data';
			item.binary = { ...(incoming ?? {}), [field]: file.binary } as IBinaryKeyData;
		} else if (incoming) {
			item.binary = incoming;
		}
		out.push(item);
	}
	return [out];
}

function attempt<T>(fn: () => T): { value: T } | { error: Error } {
	try {
		return { value: fn() };
	} catch (error) {
		return { error: error as Error };
	}
}

function plan(ctx: IExecuteFunctions, resource: string, operation: string, i: number): Plan {
	const needsFile = () => {
		const name = String(ctx.getNodeParameter('binaryPropertyName', i, 'data') ?? '').trim();
		if (!name) throw badInput(ctx.getNode(), i, 'binaryPropertyName', 'is required but empty', 'Name the binary field the file goes to, e.g. data.');
		return name;
	};
	if (resource === 'task') {
		const spec = findTaskOperation(operation);
		if (!spec) throw new NodeOperationError(ctx.getNode(), `Unknown operation "${operation}" for resource "task"`, { itemIndex: i });
		return planTask(ctx, spec, i, needsFile);
	}
	const route = findRoute(resource, operation);
	if (!route) throw new NodeOperationError(ctx.getNode(), `Unknown operation "${operation}" for resource "${resource}"`, { itemIndex: i });
	const input = readRouteInput(ctx, route, i);
	return {
		kind: 'route',
		route,
		input,
		binaryProperty: route.returns === 'value' ? 'data' : needsFile(),
		options: route.returns === 'task' ? readItemOptions(ctx, i) : defaultsOnly(),
	};
}

function planTask(ctx: IExecuteFunctions, spec: TaskOperationSpec, i: number, needsFile: () => string): TaskPlan {
	const taskId = spec.taskId
		? (validateParam(
				{ node: ctx.getNode(), itemIndex: i, timezone: ctx.getTimezone() },
				{ name: 'taskId', label: 'Task ID', type: 'integer', required: true, description: '' },
				ctx.getNodeParameter('taskId', i, ''),
			) as number)
		: 0;
	return {
		kind: 'task',
		spec,
		taskId,
		list: spec.returns === 'taskList' ? readTaskList(ctx, i) : { filters: {}, max: undefined },
		binaryProperty: spec.returns === 'file' ? needsFile() : 'data',
		options: spec.waits ? readItemOptions(ctx, i) : defaultsOnly(),
		simplify: spec.simplify === true && ctx.getNodeParameter('simplify', i, true) !== false,
	};
}

function readTaskList(ctx: IExecuteFunctions, i: number): TaskPlan['list'] {
	const check = { node: ctx.getNode(), itemIndex: i, timezone: ctx.getTimezone() };
	const given = ctx.getNodeParameter('filters', i, {}) as IDataObject;
	if (!given || typeof given !== 'object' || Array.isArray(given)) throw badInput(check.node, i, 'filters', 'must be an object');
	const filters: TaskFilters = {};
	for (const param of taskListFilters) {
		const value = validateParam(check, param, given[param.name]);
		if (value !== undefined) filters[param.name] = value;
	}
	// "Only my tasks" off means no restriction, not "only the others' tasks".
	if (filters.own === false) delete filters.own;
	if (ctx.getNodeParameter('returnAll', i, false) === true) return { filters, max: undefined };
	const limit = validateParam(check, { name: 'limit', type: 'integer', required: true, description: '' }, ctx.getNodeParameter('limit', i, 50));
	if (typeof limit !== 'number' || limit < 1) throw badInput(check.node, i, 'limit', `must be a whole number of at least 1, but got ${String(limit)}`);
	return { filters, max: limit };
}

function defaultsOnly(): ItemOptions {
	return { intervalMs: 5000, timeoutMs: 900_000, onTimeout: 'fail', waitForCompletion: true, downloadResult: true };
}

async function execute(ctx: IExecuteFunctions, client: SelSupClient, p: Plan, itemIndex: number): Promise<Result> {
	if (p.kind === 'task') return TASK_OPERATIONS[p.spec.operation](ctx, client, p, itemIndex);
	const { route, input } = p;
	const label = `${route.resource}/${route.operation}`;
	const call = {
		method: route.method,
		url: route.path,
		qs: route.credentialQuery ? { ...input.qs, ...(await credentialQuery(ctx, client, route, itemIndex)) } : input.qs,
		body: input.body,
		repeatable: !startsWork(route),
		label,
		itemIndex,
	};
	// Items carry what SelSup answered; which resource and operation made them is the node's setting, not data.
	const base: IDataObject = {};

	if (route.returns === 'file') {
		const file = await downloadFile(ctx, client, call, defaultFileName(route, input.values));
		return { json: { ...base, ...fileJson(file) }, file };
	}
	if (route.returns === 'value') {
		const answer = await client.json(call);
		const result = route.valueType === 'boolean' ? answer === true || answer === 'true' : answer;
		return { json: { ...base, result: client.scrubber.value(result as IDataObject) } };
	}

	const started = asTask(client, call, await client.json(call));
	if (!p.options.waitForCompletion) return { json: { ...base, task: started } };
	const outcome = await waitForTask(client, started, p.options, itemIndex);
	return finishTask(ctx, client, outcome, p.options, defaultFileName(route, input.values), base, itemIndex);
}

/** A route's parameters kept in a credential (a site's login and password), its secrets scrubbed from then on. */
async function credentialQuery(ctx: IExecuteFunctions, client: SelSupClient, route: RouteSpec, itemIndex: number): Promise<IDataObject> {
	const { credential, params, secret } = route.credentialQuery!;
	const data = await ctx.getCredentials(credential, itemIndex);
	const qs: IDataObject = {};
	for (const name of params) {
		const value = typeof data[name] === 'string' ? (data[name] as string) : '';
		if (secret.includes(name)) client.scrubber.add(value);
		if (!value.trim()) {
			throw new NodeOperationError(ctx.getNode(), `The ${humanize(name)} in the SelSup CommerceML Site API credential is empty [item ${itemIndex}]`, {
				itemIndex,
				description: 'Open the credential and fill in the site\'s CommerceML login and password.',
			});
		}
		qs[name] = value;
	}
	return qs;
}

type TaskHandler = (ctx: IExecuteFunctions, client: SelSupClient, p: TaskPlan, itemIndex: number) => Promise<Result>;

/** The task's fields at the top level of the item, or only the few Simplify keeps (tasks/simplify.ts). */
function taskJson(task: TmsTask, p: TaskPlan, client: SelSupClient): IDataObject {
	return p.simplify ? simplifyTask(task, client) : { ...task };
}

async function existingTask(client: SelSupClient, p: TaskPlan, itemIndex: number): Promise<TmsTask> {
	const task = await findTask(client, p.taskId, itemIndex);
	if (!task) {
		throw new NodeOperationError(client.node, `SelSup has no task ${p.taskId}`, {
			itemIndex,
			description: 'Check the task ID: it is the "id" of the task a SelSup node or the SelSup cabinet gave.',
		});
	}
	return task;
}

/** One handler per Task operation of the catalogue: a new entry without one does not compile. */
const TASK_OPERATIONS: Record<TaskOperation, TaskHandler> = {
	get: async (_ctx, client, p, itemIndex) => ({ json: taskJson(await existingTask(client, p, itemIndex), p, client) }),
	getMany: async (_ctx, client, p, itemIndex) => ({
		json: {},
		many: (await listTasks(client, p.list.filters, p.list.max, itemIndex)).map((task) => taskJson(task, p, client)),
	}),
	cancel: async (_ctx, client, p, itemIndex) => ({ json: taskJson(await cancelTask(client, p.taskId, itemIndex), p, client) }),
	download: async (ctx, client, p, itemIndex) => {
		const task = await existingTask(client, p, itemIndex);
		if (FAILED_STATUSES.has(task.status)) throw taskFailed(client, task, itemIndex);
		if (task.status !== FINISHED) {
			throw new NodeOperationError(client.node, `SelSup task ${task.id} has not finished yet (status ${taskStatusLabel(task.status)})`, {
				itemIndex,
				description: 'Use the Task → Wait operation to wait for it and download its file.',
			});
		}
		const outcome = { task, polls: 0, timedOut: false, cancelled: false };
		return finishTask(ctx, client, outcome, { ...p.options, downloadResult: true }, `task-${task.id}.xlsx`, {}, itemIndex);
	},
	wait: async (ctx, client, p, itemIndex) => {
		const task = await existingTask(client, p, itemIndex);
		const outcome = await waitForTask(client, task, p.options, itemIndex);
		return finishTask(ctx, client, outcome, p.options, `task-${task.id}.xlsx`, {}, itemIndex);
	},
};

/** A waited-for task becomes its file (when it has one and it is wanted) or its JSON. */
async function finishTask(
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
	if (outcome.timedOut) return { json: { ...json, timedOut: true, cancelled: outcome.cancelled } };
	if (!hasResult(task)) return { json: { ...json, noFile: true } };
	if (!options.downloadResult) return { json };
	const file = await downloadTaskResult(ctx, client, task, fallbackName, itemIndex);
	return file ? { json: { ...json, ...fileJson(file) }, file } : { json: { ...json, noFile: true } };
}

function fileJson(file: DownloadedFile): IDataObject {
	return { fileName: file.fileName, mimeType: file.mimeType, fileSize: file.size };
}

function errorJson(error: Error & { description?: string | null; httpCode?: string | null }, resource: string, operation: string, itemIndex: number): IDataObject {
	const json: IDataObject = { error: error.message, resource, operation, itemIndex };
	if (error.description) json.description = error.description;
	if (error.httpCode) json.httpCode = error.httpCode;
	return json;
}

function withItem(ctx: IExecuteFunctions, error: Error, itemIndex: number): Error {
	const e = error as Error & { context?: IDataObject };
	if (e.context && e.context.itemIndex === undefined) e.context.itemIndex = itemIndex;
	if (!(e instanceof NodeOperationError) && !('httpCode' in e)) {
		return new NodeOperationError(ctx.getNode(), e, { itemIndex });
	}
	return e;
}
