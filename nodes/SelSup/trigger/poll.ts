import type { IBinaryKeyData, IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { TASK_STATUS, taskListFilters } from '../catalogue';
import { badInput, validateParam } from '../params/validate';
import type { TaskFilters } from '../tasks/list';
import { findTaskPage } from '../tasks/list';
import { downloadTaskResult } from '../tasks/result';
import type { TmsTask } from '../tasks/task';
import { FINISHED } from '../tasks/task';
import { SelSupClient } from '../transport/client';
import { advance, endedAt, readState, watchKey } from './cursor';
import { EVENTS } from './properties';
import { listEnded, lowerBound } from './scan';

/** Rows per status that Fetch Test Event looks through for the latest matching task. */
const TEST_EVENT_ROWS = 100;

interface Settings {
	event: string;
	statuses: readonly string[];
	filters: TaskFilters;
	downloadResult: boolean;
	binaryProperty: string;
}

/** SelSup Trigger's poll: the tasks that reached the event's statuses since the last poll (see cursor.ts). */
export async function pollTasks(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(ctx);
	const client = await SelSupClient.create(ctx);

	if (ctx.getMode() === 'manual') {
		const latest = await latestMatching(client, settings);
		if (!latest) throw noTestEvent(ctx, settings);
		return [[await toItem(ctx, client, settings, latest)]];
	}

	const staticData = ctx.getWorkflowStaticData('node');
	const watch = watchKey(settings.event, settings.filters);
	const previous = readState(staticData, watch);
	// The bound comes first: it must be taken before the listing it will limit next time.
	const nextBound = await lowerBound(client, settings.filters);
	const listed = await listEnded(client, settings.filters, settings.statuses, previous ? previous.bound : nextBound);
	const { emit, state } = advance(previous, watch, nextBound, listed.filter((t) => matches(t, settings)));

	const items: INodeExecutionData[] = [];
	for (const task of emit) items.push(await toItem(ctx, client, settings, task));
	// Written only now: a poll that failed above leaves the cursor where it was.
	staticData.cursor = state as unknown as IDataObject;
	return items.length ? [items] : null;
}

function readSettings(ctx: IPollFunctions): Settings {
	const node = ctx.getNode();
	const event = ctx.getNodeParameter('event', 'taskFinished') as string;
	const known = EVENTS[event];
	if (!known) {
		throw new NodeOperationError(node, `Event (event) has the unknown value "${event}"`, { description: 'Choose Task Finished or Task Failed.' });
	}
	const given = ctx.getNodeParameter('filters', {}) as IDataObject;
	const filters: TaskFilters = {};
	const check = { node, itemIndex: 0, timezone: ctx.getTimezone() };
	for (const param of taskListFilters.filter((p) => p.name === 'types' || p.name === 'organizationId')) {
		const value = validateParam(check, param, given?.[param.name]);
		if (value !== undefined) filters[param.name] = value;
	}
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as IDataObject;
	const binaryProperty = String(options.binaryPropertyName ?? 'data').trim();
	if (options.downloadResult === true && !binaryProperty) {
		throw badInput(node, 0, 'binaryPropertyName', 'is required but empty', 'Name the binary field the file goes to, e.g. data.');
	}
	return { event, statuses: known.statuses, filters, downloadResult: options.downloadResult === true, binaryProperty };
}

/** Client-side check too, in case SelSup ever ignores a filter. */
function matches(task: TmsTask, { statuses, filters }: Settings): boolean {
	if (!statuses.includes(task.status)) return false;
	const types = filters.types as string[] | undefined;
	if (types?.length && !types.includes(String(task.type))) return false;
	if (filters.organizationId !== undefined && task.organizationId !== undefined && Number(task.organizationId) !== Number(filters.organizationId)) return false;
	return true;
}

/** Fetch Test Event: the matching task that ended last, among the newest of each status. */
async function latestMatching(client: SelSupClient, settings: Settings): Promise<TmsTask | undefined> {
	let latest: TmsTask | undefined;
	for (const status of settings.statuses) {
		const rows = await findTaskPage(client, { ...settings.filters, status }, { page: 1, limit: TEST_EVENT_ROWS });
		for (const task of rows.filter((t) => matches(t, settings))) {
			const a = endedAt(task) ?? -Infinity;
			const b = latest ? (endedAt(latest) ?? -Infinity) : -Infinity;
			if (!latest || a > b || (a === b && Number(task.id) > Number(latest.id))) latest = task;
		}
	}
	return latest;
}

function noTestEvent(ctx: IPollFunctions, { event, statuses, filters }: Settings): NodeOperationError {
	const parts: string[] = [];
	const types = (filters.types as string[] | undefined) ?? [];
	if (types.length) parts.push(`types ${types.join(', ')}`);
	if (filters.organizationId !== undefined) parts.push(`organization ${filters.organizationId}`);
	const which = parts.length ? `with the filters ${parts.join('; ')}` : 'with no filters set';
	return new NodeOperationError(
		ctx.getNode(),
		`No SelSup task for "${EVENTS[event].label}" (status ${statuses.join(', ')}) ${which}`,
		{
			description: `SelSup has no ${statuses.map((s) => TASK_STATUS[s] ?? s).join(' / ').toLowerCase()} task that matches. Widen the filters, or let such a task end in SelSup and fetch again.`,
		},
	);
}

async function toItem(ctx: IPollFunctions, client: SelSupClient, settings: Settings, task: TmsTask): Promise<INodeExecutionData> {
	const json: IDataObject = { ...task, event: settings.event };
	if (!settings.downloadResult || task.status !== FINISHED) return { json };
	try {
		const file = await downloadTaskResult(ctx, client, task, `task-${task.id}.xlsx`);
		if (!file) return { json: { ...json, noFile: true } };
		return { json, binary: { [settings.binaryProperty]: file.binary } as IBinaryKeyData };
	} catch (error) {
		// The task is still reported (once); a file that cannot be had must not stop every later poll.
		const e = client.scrub(error as Error & { description?: string | null });
		return { json: { ...json, downloadError: `The result file could not be downloaded: ${e.message}` } };
	}
}
