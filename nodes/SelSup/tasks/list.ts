import type { IDataObject } from 'n8n-workflow';

import { TASK_PAGE_LIMIT } from '../catalogue';
import type { SelSupClient } from '../transport/client';
import type { TmsTask } from './task';
import { asTask, isTaskRow } from './task';

/** Filters of findTask under the API's names; arrays go out as repeated keys (`types=A&types=B`). */
export type TaskFilters = IDataObject;

export interface PageRequest {
	page: number;
	limit: number;
	/** Oldest first by creation; default newest first. */
	ascending?: boolean;
	/** Rows that are not tasks (no id or no status) are handed here and left out, instead of failing the page. */
	onOddRow?: (row: unknown, label: string) => void;
}

/** One page of the task list, sorted by creation date (SelSup's only sort field for tasks). */
export async function findTaskPage(
	client: SelSupClient,
	filters: TaskFilters,
	request: PageRequest,
	itemIndex?: number,
): Promise<TmsTask[]> {
	const label = `task list page ${request.page}`;
	const answer = await client.json<{ rows?: unknown }>({
		method: 'GET',
		url: '/api/task/findTask',
		qs: {
			...filters,
			sortBy: 'CREATED_DATE',
			ascending: request.ascending === true,
			limit: Math.min(request.limit, TASK_PAGE_LIMIT),
			page: request.page,
		},
		repeatable: true,
		label,
		itemIndex,
	});
	const rows = answer && typeof answer === 'object' && Array.isArray(answer.rows) ? answer.rows : [];
	const { onOddRow } = request;
	if (!onOddRow) return rows.map((row) => asTask(client, { label, itemIndex }, row));
	return rows.filter((row) => isTaskRow(row) || (onOddRow(row, label), false)) as TmsTask[];
}

export interface Walk {
	/** Most tasks wanted (undefined: all); pages are then at most this long. */
	max?: number;
	/** Most pages read (undefined: no limit). */
	maxPages?: number;
	/** Ends the walk after a full page for which it is true (e.g. the page reached below a date). */
	until?: (rows: TmsTask[]) => boolean;
	/** Page to start at (default 1): a walk that goes on where an earlier one stopped. */
	firstPage?: number;
	itemIndex?: number;
}

/**
 * Tasks newest first, page after page (at most 500 rows each) until a short page, `max` tasks, `maxPages`
 * pages or `until`. A task seen on an earlier page is not repeated (new tasks push rows onto the next page
 * while paging), and a page that brings nothing new ends the walk, so a server that ignores `page` cannot
 * loop it.
 */
export async function walkTasks(client: SelSupClient, filters: TaskFilters, walk: Walk = {}): Promise<TmsTask[]> {
	const { max, maxPages, until, itemIndex, firstPage = 1 } = walk;
	const limit = max === undefined ? TASK_PAGE_LIMIT : Math.min(TASK_PAGE_LIMIT, max);
	const out: TmsTask[] = [];
	const seen = new Set<string>();
	for (let page = firstPage; (max === undefined || out.length < max) && (maxPages === undefined || page < firstPage + maxPages); page++) {
		const rows = await findTaskPage(client, filters, { page, limit }, itemIndex);
		let fresh = 0;
		for (const task of rows) {
			const key = String(task.id);
			if (seen.has(key)) continue;
			seen.add(key);
			out.push(task);
			fresh++;
		}
		if (rows.length < limit || fresh === 0 || until?.(rows)) break;
	}
	return max === undefined ? out : out.slice(0, max);
}

/** Tasks newest first: up to `max` of them (undefined: all). */
export async function listTasks(
	client: SelSupClient,
	filters: TaskFilters,
	max: number | undefined,
	itemIndex?: number,
): Promise<TmsTask[]> {
	return walkTasks(client, filters, { max, itemIndex });
}
