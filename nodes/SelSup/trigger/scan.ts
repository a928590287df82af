import type { TaskFilters } from '../tasks/list';
import { findTaskPage, walkTasks } from '../tasks/list';
import type { TmsTask } from '../tasks/task';
import type { SelSupClient } from '../transport/client';
import { createdAt } from './cursor';

/** Statuses of a task still in progress, in the order a task moves through them. */
const IN_PROGRESS = ['RESTARTING', 'CREATED', 'RUNNING', 'INTERRUPTING'];

/** More pages than this per status in one poll means a task stuck in progress for ages: the scan stops there. */
export const MAX_PAGES = 40;

/**
 * The creation date at or after which every task that has not ended yet was created: the oldest task in
 * progress, or the newest task of all (a task that does not exist yet comes after it). Null when SelSup
 * has no task for the filters, or gives a date that cannot be read: then the next poll scans everything.
 * The questions go one after another, in the order tasks move between statuses (see cursor.ts).
 */
export async function lowerBound(client: SelSupClient, filters: TaskFilters): Promise<number | null> {
	const found: TmsTask[] = [];
	found.push(...(await findTaskPage(client, filters, { page: 1, limit: 1, ascending: false })));
	for (const status of IN_PROGRESS) {
		found.push(...(await findTaskPage(client, { ...filters, status }, { page: 1, limit: 1, ascending: true })));
	}
	if (found.length === 0) return null;
	const dates = found.map(createdAt);
	if (dates.some((d) => d === null)) return null;
	return Math.min(...(dates as number[]));
}

/**
 * Every task of the given statuses created at or after `bound` (null: all of them), newest first, in
 * pages of 500. The last page may reach below the bound; the cursor ignores those rows.
 */
export async function listEnded(client: SelSupClient, filters: TaskFilters, statuses: readonly string[], bound: number | null): Promise<TmsTask[]> {
	const reachedBound = (rows: TmsTask[]) => {
		const last = rows.length ? createdAt(rows[rows.length - 1]) : null;
		return bound !== null && last !== null && last < bound;
	};
	const out: TmsTask[] = [];
	for (const status of statuses) {
		out.push(...(await walkTasks(client, { ...filters, status }, { maxPages: MAX_PAGES, until: reachedBound })));
	}
	return out;
}
