import { TASK_PAGE_LIMIT } from '../catalogue';
import type { TaskFilters } from '../tasks/list';
import { findTaskPage } from '../tasks/list';
import type { TmsTask } from '../tasks/task';
import { findTask } from '../tasks/task';
import type { SelSupClient } from '../transport/client';
import type { PollBudget } from './budget';
import type { CursorState, Seen } from './cursor';
import { createdOf, followedToCheck, MARGIN_MS, seenInWindow } from './cursor';

/** Statuses of a task still in progress, in the order a task moves through them. */
const IN_PROGRESS = ['RESTARTING', 'CREATED', 'RUNNING', 'INTERRUPTING'];
export const PAGE_ROWS = TASK_PAGE_LIMIT;
/** Most list pages one poll reads (window and gap walks together); the rest waits for the next poll. */
export const MAX_PAGES = 10;
/** At activation: pages per in-progress status, oldest first, to find the tasks already running. */
const ACTIVATION_PAGES = 2;

/** What one poll needs besides the client: its filters, clock, budget, and where odd rows are told. */
export interface ScanContext {
	client: SelSupClient;
	filters: TaskFilters;
	now: number;
	budget: PollBudget;
	/** A row that is not a task (no id, no status), left out. */
	oddRow: (row: unknown, where: string) => void;
}

/** A stretch of the task list read newest first by one walk down it. */
interface ListedStretch {
	rows: TmsTask[];
	/** Reached below the stop date, or the end of the list. */
	complete: boolean;
	lowest: number | null;
	/** Pages of PAGE_ROWS read; next page to read. */
	pages: number;
	nextPage: number;
}

/** A request the poll's budget ended (any failure once the budget is spent counts as that). */
function outOfTime(sc: ScanContext, error: unknown): boolean {
	return sc.budget.spent && !!error;
}

const OUT = Symbol('out of time');

/** `run`'s answer, or OUT when the budget ended it; any other failure is thrown as it is. */
async function inTime<T>(sc: ScanContext, run: () => Promise<T>): Promise<T | typeof OUT> {
	return run().catch((error: unknown) => {
		if (outOfTime(sc, error)) return OUT;
		throw error;
	});
}

/** One list page, with the rows that are not tasks (or carry no numeric id) left out and told. */
async function page(sc: ScanContext, filters: TaskFilters, request: { page: number; limit: number; ascending?: boolean }): Promise<{ rows: TmsTask[]; length: number }> {
	let odd = 0;
	const onOddRow = (row: unknown, label: string) => {
		odd++;
		sc.oddRow(row, label);
	};
	const rows = (await findTaskPage(sc.client, filters, { ...request, onOddRow })).filter((t) => {
		if (Number.isFinite(Number(t.id))) return true;
		onOddRow(t, `task list page ${request.page}`);
		return false;
	});
	return { rows, length: rows.length + odd };
}

const lowestOf = (rows: TmsTask[], now: number) =>
	rows.reduce<number | null>((low, t) => {
		const c = createdOf(t, now);
		return c !== null && (low === null || c < low) ? c : low;
	}, null);

/**
 * Every status at once, newest first, from `firstPage` until a row created before `stopBelow` (null: the
 * end of the list), `maxPages` pages of PAGE_ROWS, or the end of the poll's listing time. With
 * `firstLimit`, one short page is tried first: on a quiet account it is the whole window. A task seen on
 * an earlier page is not repeated, and a page that brings nothing new ends the walk.
 */
async function walkDown(
	sc: ScanContext,
	from: { firstPage: number; firstLimit?: number },
	stopBelow: (newest: TmsTask | undefined) => number | null,
	maxPages: number,
): Promise<ListedStretch> {
	let newest: TmsTask | undefined;
	const reached = (rows: TmsTask[]) => {
		newest ??= rows[0];
		const bound = stopBelow(newest);
		const low = lowestOf(rows, sc.now);
		return bound !== null && low !== null && low < bound;
	};
	const out: TmsTask[] = [];
	const seen = new Set<number>();
	const add = (rows: TmsTask[]) => {
		let fresh = 0;
		for (const t of rows) {
			if (seen.has(Number(t.id))) continue;
			seen.add(Number(t.id));
			out.push(t);
			fresh++;
		}
		return fresh;
	};
	const stretch = (complete: boolean, pages: number): ListedStretch => ({ rows: out, complete, lowest: lowestOf(out, sc.now), pages, nextPage: from.firstPage + pages });
	if (from.firstLimit !== undefined && from.firstLimit < PAGE_ROWS) {
		const short = await page(sc, sc.filters, { page: from.firstPage, limit: from.firstLimit });
		add(short.rows);
		if (short.length < from.firstLimit || reached(short.rows)) return stretch(true, 0);
		maxPages--;
	}
	let full = 0;
	for (; full < maxPages; ) {
		if (!sc.budget.listing) return stretch(false, full);
		const got = await inTime(sc, async () => page(sc, sc.filters, { page: from.firstPage + full, limit: PAGE_ROWS }));
		// The budget ended the request: what was read so far stands, the rest is the next poll's.
		if (got === OUT) {
			if (out.length > 0 || full > 0) return stretch(false, full);
			throw sc.client.cancelled({ label: `task list page ${from.firstPage + full}` });
		}
		full++;
		const fresh = add(got.rows);
		if (got.length < PAGE_ROWS || fresh === 0) return stretch(true, full);
		if (reached(got.rows)) return stretch(true, full);
	}
	return stretch(false, full);
}

/** What one poll lists: the window, the rest of a gap, the tasks followed by id (and at activation, what runs). */
export async function scan(sc: ScanContext, previous: CursorState | undefined): Promise<Seen> {
	const firstLimit = previous ? Math.min(PAGE_ROWS, Math.max(20, Math.ceil(previous.windowRows * 1.2) + 20)) : PAGE_ROWS;
	// At activation: down to the newest task's creation minus the margin, so that `recent` is complete.
	const stopBelow = previous
		? () => (previous.gap ? Math.max(previous.bound ?? -Infinity, previous.gap.hi) : previous.bound)
		: (newest: TmsTask | undefined) => {
				const c = newest ? createdOf(newest, sc.now) : null;
				return c === null ? null : c - MARGIN_MS;
			};
	const window = await walkDown(sc, { firstPage: 1, firstLimit }, stopBelow, MAX_PAGES);
	const seen = seenInWindow(window.rows, { windowComplete: window.complete || !previous, windowLowest: window.lowest, windowPages: window.pages });
	if (!window.complete && !sc.budget.listing) seen.outOfTime = true;

	const gap = previous?.gap;
	if (gap) {
		// The rows below the gap moved down by the tasks created since; one page back in case of doubt.
		const added = window.rows.filter((t) => {
			const c = createdOf(t, sc.now);
			return c !== null && previous.top !== null && c > previous.top;
		}).length;
		const from = Math.max(1, gap.page + Math.floor(added / PAGE_ROWS) - 1);
		const left = MAX_PAGES - Math.max(1, window.pages);
		if (window.complete && left > 0 && sc.budget.listing) {
			const walk = await walkDown(sc, { firstPage: from }, () => gap.lo, left);
			if (!walk.complete && !sc.budget.listing) seen.outOfTime = true;
			Object.assign(seen, { gapRows: walk.rows, gapComplete: walk.complete, gapLowest: walk.lowest, gapNextPage: walk.nextPage });
		} else Object.assign(seen, { gapComplete: false, gapLowest: gap.hi, gapNextPage: from });
	}

	// A followed task the walks listed anyway needs no look-up; the look-ups run side by side.
	const listed = new Set([...seen.window, ...seen.gapRows].map((t) => Number(t.id)));
	if (sc.budget.listing) {
		const ids = followedToCheck(previous, listed);
		const found = await Promise.all(ids.map(async (id) => lookUp(sc, id)));
		ids.forEach((id, i) => {
			if (found[i] !== 'unknown') seen.checked.set(id, found[i] as TmsTask | undefined);
		});
	}

	if (!previous) {
		// Tasks already running at activation, however old: each status's pages in turn, the statuses side
		// by side (in the order tasks move through them, so one that changes status meanwhile is still found).
		const lists = await Promise.all(IN_PROGRESS.map(async (status) => inProgress(sc, status)));
		for (const rows of lists) seen.inProgress.push(...rows);
	}
	return seen;
}

/** A followed task as SelSup answers for it now; 'unknown' when the answer cannot be had or read in this poll. */
async function lookUp(sc: ScanContext, id: number): Promise<TmsTask | undefined | 'unknown'> {
	const found = await inTime(sc, async () =>
		findTask(sc.client, id).catch((error: Error) => {
			// An odd row for a followed task must not stop every poll: it is looked up again later.
			if (!/did not answer with a task/.test(String(error?.message))) throw error;
			sc.oddRow({ id }, `task ${id} status`);
			return 'unknown' as const;
		}),
	);
	return found === OUT ? 'unknown' : found;
}

async function inProgress(sc: ScanContext, status: string): Promise<TmsTask[]> {
	const out: TmsTask[] = [];
	for (let p = 1; p <= ACTIVATION_PAGES && sc.budget.listing; p++) {
		const got = await inTime(sc, async () => page(sc, { ...sc.filters, status }, { page: p, limit: PAGE_ROWS, ascending: true }));
		if (got === OUT) break;
		out.push(...got.rows);
		if (got.length < PAGE_ROWS) break;
	}
	return out;
}
