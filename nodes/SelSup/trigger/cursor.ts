import type { IDataObject } from 'n8n-workflow';

import { createdAt, endedAt, parseSelSupDate } from '../tasks/dates';
import type { TmsTask } from '../tasks/task';

export { createdAt, endedAt };

/**
 * How SelSup Trigger knows which tasks ended since its last poll, exactly once.
 *
 * SelSup's task list (`findTask`) filters by one status at a time and sorts only by creation date; it
 * has no "finished since" filter. So each poll:
 *
 * 1. Finds a creation-date **bound**: the creation date of the oldest task still in progress
 *    (`ascending=true&limit=1` per in-progress status, so thousands of newer running tasks cost nothing)
 *    and of the newest task of all. A task that ends after this moment was in progress now, or does not
 *    exist yet, so it was created at or after the bound. This runs before the listing of step 2, and the
 *    in-progress statuses are asked in the order tasks move through them (RESTARTING, CREATED, RUNNING,
 *    INTERRUPTING), so a task changing status meanwhile is still counted by a later question.
 * 2. Lists the event's statuses newest first, page after page of 500, down to the bound kept by the
 *    previous poll: every task that ended since then was created at or after it, however many ended.
 * 3. Emits the listed tasks that ended (finishDate) after `after` and are not in `seen`, then keeps the
 *    new bound, moves `after` to the latest end seen minus a look-back, and keeps in `seen` only the
 *    tasks that ended after `after`. The look-back covers a task that becomes visible in the list a
 *    little after its finishDate; `seen` keeps it from being emitted twice. A task that ends again
 *    (restarted, then failed again) has a new finishDate and is a new event.
 *
 * The state lives in the workflow's static data for the node, so it survives n8n restarts (n8n saves it
 * on every emit and at activation), and its size is bounded: `seen` only holds tasks that ended within
 * the look-back, at most MAX_SEEN of them. The first poll after activation (or after the event or the
 * filters changed) only records the state and emits nothing: the past is not replayed. A poll that fails
 * leaves the state as it was, so the next good poll catches up.
 */
export interface CursorState {
	v: 1;
	/** The event and filters this state was made for; another watch starts afresh. */
	watch: string;
	/** Creation date (epoch ms) at or after which every task not yet handled was created; null: no bound (scan all). */
	bound: number | null;
	/** Tasks that ended at or before this (epoch ms) are handled; null: none ended yet. */
	after: number | null;
	/** `<id>@<end ms>` of tasks that ended after `after` and were emitted (or already over at activation). */
	seen: string[];
}

/** How long after its finishDate a task may still appear in the list for the first time. */
export const LOOKBACK_MS = 15 * 60 * 1000;
/** Most keys kept in `seen`: thousands of tasks ending within the look-back still fit. */
export const MAX_SEEN = 5000;

function keyOf(task: TmsTask): string {
	return `${task.id}@${endedAt(task) ?? ''}`;
}

function endOfKey(key: string): number | null {
	return parseSelSupDate(Number(key.slice(key.lastIndexOf('@') + 1) || NaN));
}

export function watchKey(event: string, filters: IDataObject): string {
	const types = Array.isArray(filters.types) ? [...filters.types].map(String).sort() : [];
	return JSON.stringify({ event, types, organizationId: filters.organizationId ?? null });
}

/** The stored state, if it is one this version wrote for the same watch. */
export function readState(stored: IDataObject, watch: string): CursorState | undefined {
	const s = stored.cursor as Partial<CursorState> | undefined;
	if (!s || typeof s !== 'object' || s.v !== 1 || s.watch !== watch) return undefined;
	const time = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));
	if (!time(s.bound) || !time(s.after) || !Array.isArray(s.seen) || !s.seen.every((k) => typeof k === 'string')) return undefined;
	return s as CursorState;
}

export interface Step {
	/** Tasks to emit, oldest end first. */
	emit: TmsTask[];
	state: CursorState;
}

/**
 * One poll's decision. `listed`: rows of the event's statuses, listed down to `previous.bound` (at
 * activation: down to `nextBound`); `nextBound`: the bound found before listing.
 */
export function advance(previous: CursorState | undefined, watch: string, nextBound: number | null, listed: TmsTask[]): Step {
	const scanBound = previous ? previous.bound : nextBound;
	const candidates = unique(listed).filter((task) => {
		const created = createdAt(task);
		return scanBound === null || created === null || created >= scanBound;
	});
	const threshold = previous?.after ?? null;
	const seen = new Set(previous?.seen ?? []);
	const fresh = candidates.filter((task) => {
		const end = endedAt(task);
		if (threshold !== null && end !== null && end <= threshold) return false;
		return !seen.has(keyOf(task));
	});

	let after = threshold;
	for (const task of candidates) {
		const end = endedAt(task);
		if (end !== null) after = Math.max(after ?? -Infinity, end - LOOKBACK_MS);
	}
	// At activation everything listed is the past: remembered, not emitted.
	const emit = previous ? fresh.sort(byEnd) : [];
	for (const task of previous ? emit : candidates) seen.add(keyOf(task));

	let kept = [...seen]
		.map((key) => ({ key, end: endOfKey(key) }))
		.filter(({ end }) => after === null || end === null || end > after)
		.sort((a, b) => (b.end ?? Infinity) - (a.end ?? Infinity));
	if (kept.length > MAX_SEEN) {
		// Too many ends within the look-back: narrow it to what `seen` can hold rather than forget keys.
		const dropped = kept[MAX_SEEN].end;
		if (dropped !== null) after = Math.max(after ?? -Infinity, dropped);
		kept = kept.slice(0, MAX_SEEN).filter(({ end }) => after === null || end === null || end > after);
	}
	return { emit, state: { v: 1, watch, bound: nextBound, after, seen: kept.map(({ key }) => key) } };
}

function unique(tasks: TmsTask[]): TmsTask[] {
	const byKey = new Map<string, TmsTask>();
	for (const task of tasks) byKey.set(keyOf(task), task);
	return [...byKey.values()];
}

function byEnd(a: TmsTask, b: TmsTask): number {
	return (endedAt(a) ?? Infinity) - (endedAt(b) ?? Infinity) || Number(a.id) - Number(b.id);
}
