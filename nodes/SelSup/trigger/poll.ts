import type { IBinaryKeyData, IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { TASK_STATUS, taskListFilters } from '../catalogue';
import { badInput, validateParam } from '../params/validate';
import type { TaskFilters } from '../tasks/list';
import { findTaskPage } from '../tasks/list';
import { downloadTaskResult } from '../tasks/result';
import type { TmsTask } from '../tasks/task';
import { FINISHED } from '../tasks/task';
import { endedAt } from '../tasks/dates';
import { listOrganizations } from '../methods/loadOptions';
import { SelSupClient } from '../transport/client';
import type { Seen } from './cursor';
import { advance, readState, watchKey } from './cursor';
import { EVENTS } from './properties';
import { MAX_PAGES, PAGE_ROWS, scan } from './scan';
import { keepStart, readStart } from './start';

/** Rows per status that Fetch Test Event looks through for the latest matching task. */
const TEST_EVENT_ROWS = 100;
/**
 * Short requests for scheduled polls, so that one poll ends well within a minute (n8n 2's durable
 * scheduler abandons a poll after 45 s by default); what a failed poll missed, the next one reads.
 */
export const POLL_CLIENT = { timeoutMs: 30_000, retries: 1 };
/** A poll that started less than this long ago for the same node is taken to be still running. */
export const POLL_LOCK_MS = 3 * 60_000;

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

	if (ctx.getMode() === 'manual') {
		const client = await SelSupClient.create(ctx);
		const latest = await latestMatching(client, settings);
		if (!latest) throw await noTestEvent(ctx, client, settings);
		return [[await toItem(ctx, client, settings, latest)]];
	}

	const staticData = ctx.getWorkflowStaticData('node');
	// n8n starts the next poll on time whether or not this one ended, on the same static data: the
	// second one does nothing. The marker's age limit frees a node whose poll died with its process.
	const lock = staticData.polling as { at?: number } | undefined;
	if (lock && typeof lock.at === 'number' && Date.now() - lock.at < POLL_LOCK_MS) {
		ctx.logger.debug('SelSup Trigger: the previous poll is still running, this one is skipped');
		return null;
	}
	const mine = { at: Date.now() };
	staticData.polling = mine;
	try {
		const client = await SelSupClient.create(ctx, POLL_CLIENT);
		const watch = watchKey(settings.event, settings.filters);
		const global = ctx.getWorkflowStaticData('global');
		const nodeId = ctx.getNode().id || ctx.getNode().name;
		const own = readState(staticData, watch);
		const previous = own ?? readStart(global, nodeId, watch, Date.now());
		if (!own && previous) ctx.logger.debug('SelSup Trigger: no state of its own yet (durable scheduler), going on from the one recorded at activation');
		const seen = await scan(client, settings.filters, previous);
		const { emit, state, deferred } = advance(previous, watch, filtered(seen, settings), settings.statuses);
		if (!previous) keepStart(global, nodeId, state, Date.now());
		if (deferred.gapFrom !== null) {
			ctx.logger.warn(
				`SelSup Trigger: ${seen.window.length + seen.gapRows.length} tasks listed, the most one poll reads (${MAX_PAGES} pages of ${PAGE_ROWS}); the next poll goes on with those created up to ${new Date(deferred.gapFrom).toISOString()}`,
			);
		}
		if (deferred.gaveUp) {
			const { lo, hi } = deferred.gaveUp;
			ctx.logger.warn(
				`SelSup Trigger: more than ${MAX_PAGES * PAGE_ROWS} new tasks in two polls running; tasks created between ${lo === null ? 'the start' : new Date(lo).toISOString()} and ${new Date(hi).toISOString()} that ended meanwhile are not emitted`,
			);
		}
		if (deferred.notChecked > 0) {
			ctx.logger.info(
				`SelSup Trigger: ${state.followed.length} long-running tasks are followed by id, ${seen.checked.size} checked in this poll; ${deferred.notChecked} wait for the next polls`,
			);
		}
		if (deferred.followed > 0) {
			ctx.logger.warn(`SelSup Trigger: ${deferred.followed} of the oldest running tasks are no longer followed (more than ${state.followed.length})`);
		}

		const items: INodeExecutionData[] = [];
		for (const task of emit) items.push(await toItem(ctx, client, settings, task));
		// Written only now: a poll that failed above leaves the cursor where it was.
		staticData.cursor = state as unknown as IDataObject;
		return items.length ? [items] : null;
	} finally {
		if (staticData.polling === mine) delete staticData.polling;
	}
}

/** Rows the filters do not match are left out; the cursor only sees tasks of this watch. */
function filtered(seen: Seen, settings: Settings): Seen {
	const keep = (t: TmsTask) => matchesFilters(t, settings);
	const checked = new Map([...seen.checked].map(([id, t]) => [id, t && keep(t) ? t : undefined] as const));
	return { ...seen, window: seen.window.filter(keep), gapRows: seen.gapRows.filter(keep), inProgress: seen.inProgress.filter(keep), checked };
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
function matches(task: TmsTask, settings: Settings): boolean {
	return settings.statuses.includes(task.status) && matchesFilters(task, settings);
}

function matchesFilters(task: TmsTask, { filters }: Settings): boolean {
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

/** Fetch Test Event found nothing: the event and filters in the seller's words, the organisation by its name. */
async function noTestEvent(ctx: IPollFunctions, client: SelSupClient, { event, statuses, filters }: Settings): Promise<NodeOperationError> {
	const parts: string[] = [];
	const types = (filters.types as string[] | undefined) ?? [];
	if (types.length) parts.push(`types ${types.join(', ')}`);
	if (filters.organizationId !== undefined) parts.push(`organization ${await organizationName(client, Number(filters.organizationId))}`);
	const which = parts.length ? `with the filters ${parts.join('; ')}` : 'with no filters set';
	return new NodeOperationError(
		ctx.getNode(),
		`No SelSup task for "${EVENTS[event].label}" (status ${statuses.join(', ')}) ${which}`,
		{
			description: `SelSup has no ${statuses.map((s) => TASK_STATUS[s] ?? s).join(' / ').toLowerCase()} task that matches. Widen the filters, or let such a task end in SelSup and fetch again.`,
		},
	);
}

/** As the Organization dropdown names it; the id when the list cannot be had. */
async function organizationName(client: SelSupClient, id: number): Promise<string> {
	try {
		const found = (await listOrganizations(client)).find((o) => Number(o.value) === id);
		return found ? `"${found.name}"` : String(id);
	} catch {
		return String(id);
	}
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
