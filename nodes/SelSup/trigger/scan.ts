import { TASK_PAGE_LIMIT } from '../catalogue';
import { createdAt } from '../tasks/dates';
import type { TaskFilters } from '../tasks/list';
import { findTaskPage, walkTasks } from '../tasks/list';
import type { TmsTask } from '../tasks/task';
import { findTask } from '../tasks/task';
import type { SelSupClient } from '../transport/client';
import type { CursorState, Seen } from './cursor';
import { followedToCheck, MARGIN_MS, seenInWindow } from './cursor';

/** Statuses of a task still in progress, in the order a task moves through them. */
const IN_PROGRESS = ['RESTARTING', 'CREATED', 'RUNNING', 'INTERRUPTING'];
export const PAGE_ROWS = TASK_PAGE_LIMIT;
/** Most list pages one poll reads (window and gap walks together); the rest waits for the next poll. */
export const MAX_PAGES = 10;
/** At activation: pages per in-progress status, oldest first, to find the tasks already running. */
const ACTIVATION_PAGES = 2;

interface Walk {
	rows: TmsTask[];
	/** Reached below the stop date, or the end of the list. */
	complete: boolean;
	lowest: number | null;
	/** Pages of PAGE_ROWS read; next page to read. */
	pages: number;
	nextPage: number;
}

const lowestOf = (rows: TmsTask[]) =>
	rows.reduce<number | null>((low, t) => {
		const c = createdAt(t);
		return c !== null && (low === null || c < low) ? c : low;
	}, null);

/**
 * Every status at once, newest first (the task list's walkTasks), from `firstPage` until a row created
 * before `stopBelow` (null: the end of the list) or `maxPages` pages of PAGE_ROWS. With `firstLimit`, one
 * short page is tried first: on a quiet account it is the whole window.
 */
async function walkDown(
	client: SelSupClient,
	filters: TaskFilters,
	from: { firstPage: number; firstLimit?: number },
	stopBelow: (newest: TmsTask | undefined) => number | null,
	maxPages: number,
): Promise<Walk> {
	let newest: TmsTask | undefined;
	const reached = (rows: TmsTask[]) => {
		newest ??= rows[0];
		const bound = stopBelow(newest);
		const low = lowestOf(rows);
		return bound !== null && low !== null && low < bound;
	};
	let short: TmsTask[] = [];
	if (from.firstLimit !== undefined && from.firstLimit < PAGE_ROWS) {
		short = await findTaskPage(client, filters, { page: from.firstPage, limit: from.firstLimit });
		if (short.length < from.firstLimit || reached(short)) return { rows: short, complete: true, lowest: lowestOf(short), pages: 0, nextPage: from.firstPage };
		maxPages--;
	}
	let full = 0;
	let stopped = false;
	const rows = await walkTasks(client, filters, {
		firstPage: from.firstPage,
		maxPages,
		until: (page) => {
			full++;
			stopped = reached(page);
			return stopped;
		},
	});
	const capped = full === maxPages && !stopped;
	const pages = capped || stopped ? full : full + 1;
	const seenIds = new Set(rows.map((t) => Number(t.id)));
	const all = [...rows, ...short.filter((t) => !seenIds.has(Number(t.id)))];
	return { rows: all, complete: !capped, lowest: lowestOf(all), pages, nextPage: from.firstPage + pages };
}

/** What one poll lists: the window, the rest of a gap, the tasks followed by id (and at activation, what runs). */
export async function scan(client: SelSupClient, filters: TaskFilters, previous: CursorState | undefined): Promise<Seen> {
	const firstLimit = previous ? Math.min(PAGE_ROWS, Math.max(20, Math.ceil(previous.windowRows * 1.2) + 20)) : PAGE_ROWS;
	// At activation: down to the newest task's creation minus the margin, so that `recent` is complete.
	const stopBelow = previous
		? () => (previous.gap ? Math.max(previous.bound ?? -Infinity, previous.gap.hi) : previous.bound)
		: (newest: TmsTask | undefined) => {
				const c = newest ? createdAt(newest) : null;
				return c === null ? null : c - MARGIN_MS;
			};
	const window = await walkDown(client, filters, { firstPage: 1, firstLimit }, stopBelow, MAX_PAGES);
	const seen = seenInWindow(window.rows, { windowComplete: window.complete || !previous, windowLowest: window.lowest, windowPages: window.pages });

	const gap = previous?.gap;
	if (gap) {
		// The rows below the gap moved down by the tasks created since; one page back in case of doubt.
		const added = window.rows.filter((t) => {
			const c = createdAt(t);
			return c !== null && previous.top !== null && c > previous.top;
		}).length;
		const page = Math.max(1, gap.page + Math.floor(added / PAGE_ROWS) - 1);
		const left = MAX_PAGES - Math.max(1, window.pages);
		if (window.complete && left > 0) {
			const walk = await walkDown(client, filters, { firstPage: page }, () => gap.lo, left);
			Object.assign(seen, { gapRows: walk.rows, gapComplete: walk.complete, gapLowest: walk.lowest, gapNextPage: walk.nextPage });
		} else Object.assign(seen, { gapComplete: false, gapLowest: gap.hi, gapNextPage: page });
	}

	// A followed task the walks listed anyway needs no look-up.
	const listed = new Set([...seen.window, ...seen.gapRows].map((t) => Number(t.id)));
	for (const id of followedToCheck(previous, listed)) seen.checked.set(id, await findTask(client, id));

	if (!previous) {
		// Tasks already running at activation, however old: asked in the order tasks move through the
		// statuses, so one that changes status meanwhile is still found under a later one.
		for (const status of IN_PROGRESS) {
			for (let page = 1; page <= ACTIVATION_PAGES; page++) {
				const rows = await findTaskPage(client, { ...filters, status }, { page, limit: PAGE_ROWS, ascending: true });
				seen.inProgress.push(...rows);
				if (rows.length < PAGE_ROWS) break;
			}
		}
	}
	return seen;
}
