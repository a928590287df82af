import { TASK_PAGE_LIMIT } from '../catalogue';
import { createdAt } from '../tasks/dates';
import type { TaskFilters } from '../tasks/list';
import { findTaskPage } from '../tasks/list';
import type { TmsTask } from '../tasks/task';
import { findTask } from '../tasks/task';
import type { SelSupClient } from '../transport/client';
import type { CursorState, Seen } from './cursor';
import { followedToCheck, MARGIN_MS } from './cursor';

/** Statuses of a task still in progress, in the order a task moves through them. */
const IN_PROGRESS = ['RESTARTING', 'CREATED', 'RUNNING', 'INTERRUPTING'];
export const PAGE_ROWS = TASK_PAGE_LIMIT;
/** Most list pages one poll reads (window and gap walks together); the rest waits for the next poll. */
export const MAX_PAGES = 10;
/** At activation: pages per in-progress status, oldest first, to find the tasks already running. */
const ACTIVATION_PAGES = 2;

interface Walk {
	rows: TmsTask[];
	/** Reached below `stopBelow`, or the end of the list. */
	complete: boolean;
	lowest: number | null;
	/** Pages of PAGE_ROWS read; next page to read. */
	pages: number;
	nextPage: number;
}

/**
 * Every status at once, newest first, from `page` until a row created before `stopBelow` (null: the end of
 * the list) or `maxPages` pages. `firstLimit` sizes a short first page for a quiet window; when it is not
 * enough the walk reads full pages from the top (the rows already read are not repeated).
 */
async function walkDown(
	client: SelSupClient,
	filters: TaskFilters,
	from: { page: number; firstLimit: number },
	stopBelow: (rows: TmsTask[]) => number | null,
	maxPages: number,
): Promise<Walk> {
	const out: TmsTask[] = [];
	const ids = new Set<number>();
	let lowest: number | null = null;
	let limit = from.firstLimit;
	let page = from.page;
	let pages = 0;
	for (let read = 0; read < maxPages; read++) {
		const rows = await findTaskPage(client, filters, { page, limit });
		if (limit === PAGE_ROWS) pages++;
		for (const task of rows) {
			if (ids.has(Number(task.id))) continue;
			ids.add(Number(task.id));
			out.push(task);
			const c = createdAt(task);
			if (c !== null && (lowest === null || c < lowest)) lowest = c;
		}
		const bound = stopBelow(out);
		if (rows.length < limit || (bound !== null && lowest !== null && lowest < bound)) {
			return { rows: out, complete: true, lowest, pages, nextPage: page + 1 };
		}
		if (limit < PAGE_ROWS) {
			// A short first page was not enough: full pages from the top.
			limit = PAGE_ROWS;
			page = 1;
		} else page++;
	}
	return { rows: out, complete: false, lowest, pages, nextPage: page };
}

/** What one poll lists: the window, the rest of a gap, the tasks followed by id (and at activation, what runs). */
export async function scan(client: SelSupClient, filters: TaskFilters, previous: CursorState | undefined): Promise<Seen> {
	const firstLimit = previous ? Math.min(PAGE_ROWS, Math.max(20, Math.ceil(previous.windowRows * 1.2) + 20)) : PAGE_ROWS;
	// At activation: down to the newest task's creation minus the margin, so that `recent` is complete.
	const stopBelow = previous
		? () => (previous.gap ? Math.max(previous.bound ?? -Infinity, previous.gap.hi) : previous.bound)
		: (rows: TmsTask[]) => {
				const c = rows.length ? createdAt(rows[0]) : null;
				return c === null ? null : c - MARGIN_MS;
			};
	const window = await walkDown(client, filters, { page: 1, firstLimit }, stopBelow, MAX_PAGES);
	const seen: Seen = {
		window: window.rows,
		windowComplete: window.complete || !previous,
		windowLowest: window.lowest,
		windowPages: window.pages,
		gapRows: [],
		gapComplete: true,
		gapLowest: null,
		gapNextPage: 1,
		checked: new Map(),
		inProgress: [],
	};

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
			const walk = await walkDown(client, filters, { page, firstLimit: PAGE_ROWS }, () => gap.lo, left);
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
