import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RouteSpec, TaskOperationSpec } from '../catalogue';
import { findRoute, findTaskOperation, taskListFilters } from '../catalogue';
import type { ItemOptions } from '../params/options';
import { defaultItemOptions, readItemOptions } from '../params/options';
import type { RouteInput } from '../params/read';
import { readRouteInput } from '../params/read';
import { badInput, validateParam } from '../params/validate';
import type { TaskFilters } from '../tasks/list';

/** What one item asks for, checked before any request. */
export type Plan =
	| { kind: 'route'; route: RouteSpec; input: RouteInput; binaryProperty: string; options: ItemOptions }
	| TaskPlan;

/** A Task operation, as its catalogue entry asks: a task ID or list filters, a file field, wait options. */
export interface TaskPlan {
	kind: 'task';
	spec: TaskOperationSpec;
	taskId: number;
	list: { filters: TaskFilters; max: number | undefined };
	binaryProperty: string;
	options: ItemOptions;
	simplify: boolean;
}

export type Settled<T> = { value: T } | { error: Error };

/** What `fn` returned, or what it threw, as a value. */
export function settle<T>(fn: () => T): Settled<T> {
	try {
		return { value: fn() };
	} catch (error) {
		return { error: error as Error };
	}
}

/** Every item's plan, or the error its input gives (bad input fails before any request). */
export function planItems(ctx: IExecuteFunctions, resource: string, operation: string, count: number): Array<Settled<Plan>> {
	return Array.from({ length: count }, (_, i) => settle(() => plan(ctx, resource, operation, i)));
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
		options: route.returns === 'task' ? readItemOptions(ctx, i) : defaultItemOptions(),
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
		options: spec.waits ? readItemOptions(ctx, i) : defaultItemOptions(),
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
