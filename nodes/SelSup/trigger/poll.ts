import type { IBinaryKeyData, IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { TASK_STATUS, TASK_TYPE, taskListFilters } from '../catalogue';
import { badInput, validateParam } from '../params/validate';
import type { TaskFilters } from '../tasks/list';
import { findTaskPage } from '../tasks/list';
import { downloadTaskResult, hasResult } from '../tasks/result';
import type { TmsTask } from '../tasks/task';
import { FINISHED } from '../tasks/task';
import { endedAt, LENIENT } from '../tasks/dates';
import { listOrganizations } from '../methods/loadOptions';
import { SelSupClient } from '../transport/client';
import { PollBudget, POLL_BUDGET_MS } from './budget';
import type { CursorState, Seen } from './cursor';
import { advance, readState, watchKey } from './cursor';
import { declare, failureOf } from './failure';
import { EVENTS } from './properties';
import type { ScanContext } from './scan';
import { MAX_PAGES, PAGE_ROWS, scan } from './scan';
import { dropStart, keepStart, readStart } from './start';

/** Rows per status that Fetch Test Event looks through for the latest matching task. */
const TEST_EVENT_ROWS = 100;
/**
 * Short requests for scheduled polls, each also capped by the poll's budget (budget.ts); what a failed
 * poll missed, the next one reads. A Retry-After longer than maxDelayMs is not waited out inside the
 * poll: the poll fails with it declared (failure.ts) and the next polls wait.
 */
export const POLL_CLIENT = { timeoutMs: 30_000, retries: 1, maxDelayMs: 5_000 };
/** A poll that started less than this long ago for the same node is taken to be still running. */
export const POLL_LOCK_MS = 3 * 60_000;

interface Settings {
	event: string;
	statuses: readonly string[];
	filters: TaskFilters;
	downloadResult: boolean;
	binaryProperty: string;
}

/** Tasks whose file did not fit in a poll's budget, emitted (with the file) by a later poll; the most kept. */
export const MAX_PENDING = 200;
/** Polls a file may miss for want of time before its task is emitted without it, saying why. */
export const MAX_FILE_TRIES = 3;
/** Rows that are not tasks named in the log per poll (one line each). */
const ODD_ROWS_LOGGED = 5;

/** A task decided on, whose file is still to come. */
interface Pending {
	task: TmsTask;
	tries: number;
}

/** The trigger's own fields on top of the task's: the event, and an id stable across polls, restarts and versions. */
export function eventId(task: TmsTask): string {
	return `selsup:task:${task.id}:${task.status}`;
}

/** SelSup Trigger's poll: the tasks that reached the event's statuses since the last poll (see cursor.ts). */
export async function pollTasks(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(ctx);

	if (ctx.getMode() === 'manual') {
		const client = await SelSupClient.create(ctx);
		const latest = await latestMatching(ctx, client, settings);
		if (!latest) throw await noTestEvent(ctx, client, settings);
		return [[await toItem(ctx, client, settings, latest)]];
	}

	const staticData = ctx.getWorkflowStaticData('node');
	// SelSup asked to wait (429 with Retry-After): n8n 2's scheduler skips polls by itself; n8n 1.x does
	// not, so the time is kept here and polls until then do nothing (told once).
	const pause = staticData.pausedUntil as { at?: number; told?: boolean } | undefined;
	if (pause && typeof pause.at === 'number' && Date.now() < pause.at) {
		if (!pause.told) {
			ctx.logger.warn(`SelSup Trigger: SelSup asked to wait (HTTP 429, Retry-After); polls until ${new Date(pause.at).toISOString()} are skipped`);
			pause.told = true;
		}
		return null;
	}
	if (pause) delete staticData.pausedUntil;
	// n8n starts the next poll on time whether or not this one ended, on the same static data: the
	// second one does nothing. The marker's age limit frees a node whose poll died with its process;
	// it is refreshed while the poll runs, so it cannot expire under a running poll.
	const lock = staticData.polling as { at?: number } | undefined;
	if (lock && typeof lock.at === 'number' && Date.now() - lock.at < POLL_LOCK_MS) {
		ctx.logger.debug('SelSup Trigger: the previous poll is still running, this one is skipped');
		return null;
	}
	const mine = { at: Date.now() };
	staticData.polling = mine;
	const budget = new PollBudget(Date.now, POLL_BUDGET_MS, undefined, () => {
		if (staticData.polling === mine) mine.at = Date.now();
	});
	const filtersSet = Object.keys(settings.filters).length > 0;
	try {
		return await scheduledPoll(ctx, settings, staticData, budget);
	} catch (error) {
		const failure = failureOf(error, { filtersSet, outOfTime: budget.spent });
		if (failure?.cause === 'rate-limited' && failure.retryAfterMs) staticData.pausedUntil = { at: Date.now() + failure.retryAfterMs };
		throw declare(error, { filtersSet, outOfTime: budget.spent });
	} finally {
		budget.close();
		if (staticData.polling === mine) delete staticData.polling;
		ctx.logger.debug(`SelSup Trigger: poll took ${budget.elapsed} ms (budget ${POLL_BUDGET_MS} ms)`);
	}
}

async function scheduledPoll(ctx: IPollFunctions, settings: Settings, staticData: IDataObject, budget: PollBudget): Promise<INodeExecutionData[][] | null> {
	const now = Date.now();
	const client = await SelSupClient.create(ctx, { ...POLL_CLIENT, deadline: budget.deadline }, budget.signal);
	const watch = watchKey(settings.event, settings.filters);
	const global = ctx.getWorkflowStaticData('global');
	const node = { id: ctx.getNode().id || ctx.getNode().name, name: ctx.getNode().name };
	const own = readState(staticData, watch);
	const copy = own ? undefined : readStart(global, node, watch, now);
	const previous = own ?? copy;
	if (copy) ctx.logger.debug('SelSup Trigger: no state of its own yet (durable scheduler), going on from the one recorded at activation');

	// Files a past poll had no time for come first, fetched while the list is read.
	const waiting = (previous?.pending ?? []).map(async (p) => withFile(ctx, client, settings, budget, p));

	let odd = 0;
	const sc: ScanContext = {
		client,
		filters: settings.filters,
		now,
		budget,
		oddRow: (row, where) => {
			if (odd++ < ODD_ROWS_LOGGED) ctx.logger.warn(`SelSup Trigger: skipped a row that is not a task, without an id or a status (${where}): ${client.scrubber.text(shortJson(row))}`);
		},
	};
	const seen: Seen = await scan(sc, previous).catch(async (error: unknown) => {
		await Promise.all(waiting);
		if (!budget.spent) throw error;
		throw new NodeApiError(
			ctx.getNode(),
			{ route: 'task list', problem: 'poll budget' },
			{
				message: `SelSup did not answer within the poll's time budget (${POLL_BUDGET_MS / 1000} s)`,
				description: 'SelSup is answering slowly. Nothing is lost: the next poll reads from the same place.',
			},
		);
	});
	const { emit, state, deferred } = advance(previous, watch, filtered(seen, settings), settings.statuses, now);
	if (!previous) keepStart(global, node, state, now);
	if (odd > ODD_ROWS_LOGGED) ctx.logger.warn(`SelSup Trigger: ${odd - ODD_ROWS_LOGGED} more rows that are not tasks were skipped in this poll`);
	logDeferred(ctx, seen, state, deferred);

	const fresh = emit.map(async (task) => withFile(ctx, client, settings, budget, { task, tries: 0 }));
	const done = [...(await Promise.all(waiting)), ...(await Promise.all(fresh))];
	const items: INodeExecutionData[] = [];
	const pending: Pending[] = [];
	for (const d of done) {
		if ('item' in d) items.push(d.item);
		else if (d.tries >= MAX_FILE_TRIES || pending.length >= MAX_PENDING) {
			const why =
				d.tries >= MAX_FILE_TRIES
					? `it did not arrive within the time budget of ${MAX_FILE_TRIES} polls running`
					: `more than ${MAX_PENDING} files were waiting for a later poll`;
			items.push({ json: { ...baseJson(settings, d.task), downloadError: `The result file could not be downloaded: ${why}` } });
		} else pending.push({ task: d.task, tries: d.tries });
	}
	if (pending.length) {
		ctx.logger.warn(`SelSup Trigger: ${pending.length} finished tasks wait for their files, which did not fit in this poll's time budget; a later poll emits them with their files`);
	}
	// Written only now: a poll that failed above leaves the cursor (and the copy) where it was. The
	// activation-time copy is used at most once, and never once the node has state of its own.
	if (previous) dropStart(global, node.id, now);
	staticData.cursor = { ...state, ...(pending.length ? { pending } : {}) } as unknown as IDataObject;
	return items.length ? [items] : null;
}

function logDeferred(ctx: IPollFunctions, seen: Seen, state: CursorState, deferred: ReturnType<typeof advance>['deferred']): void {
	if (deferred.gapFrom !== null) {
		const listed = seen.window.length + seen.gapRows.length;
		ctx.logger.warn(
			deferred.outOfTime
				? `SelSup Trigger: ${listed} tasks listed before the poll's time budget ran out (SelSup is answering slowly); the next poll goes on with those created up to ${new Date(deferred.gapFrom).toISOString()}`
				: `SelSup Trigger: ${listed} tasks listed, the most one poll reads (${MAX_PAGES} pages of ${PAGE_ROWS}); the next poll goes on with those created up to ${new Date(deferred.gapFrom).toISOString()}`,
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
}

const shortJson = (row: unknown) => {
	const text = JSON.stringify(row) ?? String(row);
	return text.length > 200 ? `${text.slice(0, 200)}…` : text;
};

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
async function latestMatching(ctx: IPollFunctions, client: SelSupClient, settings: Settings): Promise<TmsTask | undefined> {
	let latest: TmsTask | undefined;
	const onOddRow = (row: unknown, label: string) =>
		ctx.logger.warn(`SelSup Trigger: skipped a row that is not a task, without an id or a status (${label}): ${client.scrubber.text(shortJson(row))}`);
	for (const status of settings.statuses) {
		const rows = await findTaskPage(client, { ...settings.filters, status }, { page: 1, limit: TEST_EVENT_ROWS, onOddRow });
		for (const task of rows.filter((t) => matches(t, settings))) {
			const a = endedAt(task, LENIENT) ?? -Infinity;
			const b = latest ? (endedAt(latest, LENIENT) ?? -Infinity) : -Infinity;
			if (!latest || a > b || (a === b && Number(task.id) > Number(latest.id))) latest = task;
		}
	}
	return latest;
}

/** Fetch Test Event found nothing: the event and filters in the seller's words, the organisation by its name. */
async function noTestEvent(ctx: IPollFunctions, client: SelSupClient, { event, statuses, filters }: Settings): Promise<NodeOperationError> {
	const parts: string[] = [];
	const types = (filters.types as string[] | undefined) ?? [];
	// In the seller's words: the catalogue's labels, as the Types dropdown shows them.
	if (types.length) parts.push(`types ${types.map((t) => TASK_TYPE[t] ?? t).join(', ')}`);
	if (filters.organizationId !== undefined) parts.push(`organization ${await organizationName(client, Number(filters.organizationId))}`);
	const which = parts.length ? `with the filters ${parts.join('; ')}` : 'with no filters set';
	return new NodeOperationError(
		ctx.getNode(),
		`No SelSup task for "${EVENTS[event].label}" (status ${statuses.map((st) => TASK_STATUS[st] ?? st).join(', ')}) ${which}`,
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

function baseJson(settings: Settings, task: TmsTask): IDataObject {
	return { ...task, event: settings.event, eventId: eventId(task) };
}

/** The item for a task, its file downloaded when Download Result is on (Fetch Test Event: no budget). */
async function toItem(ctx: IPollFunctions, client: SelSupClient, settings: Settings, task: TmsTask): Promise<INodeExecutionData> {
	const json = baseJson(settings, task);
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

/**
 * In a scheduled poll: the item, or the task back with one more try counted when the poll's budget ended
 * before its file arrived (a later poll emits it with the file). Never rejects.
 */
async function withFile(ctx: IPollFunctions, client: SelSupClient, settings: Settings, budget: PollBudget, p: Pending): Promise<{ item: INodeExecutionData } | Pending> {
	const needsFile = settings.downloadResult && p.task.status === FINISHED && hasResult(p.task);
	if (needsFile && budget.spent) return { task: p.task, tries: p.tries + 1 };
	try {
		const item = await toItem(ctx, client, settings, p.task);
		// toItem turns a failed download into an item; one that failed because the budget ended waits instead.
		if (needsFile && budget.spent && typeof item.json.downloadError === 'string') return { task: p.task, tries: p.tries + 1 };
		return { item };
	} catch {
		return { task: p.task, tries: p.tries + 1 };
	}
}
