import type { IDataObject } from 'n8n-workflow';

import { createdAt, endedAt, LENIENT } from '../tasks/dates';
import type { TmsTask } from '../tasks/task';
import { isDone } from '../tasks/task';

/**
 * How SelSup Trigger knows which tasks reached the event's statuses since its last poll, once each.
 *
 * SelSup's task list (`findTask`) sorts only by creation date and has no "ended since" filter, so the
 * cursor follows tasks, not end dates. A task is emitted when it is seen in an event status and was,
 * at the last look, either in progress or not yet listed. Each poll lists every status at once, newest
 * first, down to the **bound**: the creation date of the oldest task in progress that is followed in
 * the list, or the newest creation date minus a margin. On a quiet account that is one short page,
 * whatever the history. A task in progress deeper than WINDOW_ROWS rows would make that list long;
 * it is followed by its id instead (FOLLOW_CHECKS of them per poll, in turn).
 *
 * What the state holds, all bounded:
 * - `top`: the newest creation date listed; `recent`: ids listed with a creation date within MARGIN_MS
 *   of it, so a task that shows up late in the list is still told apart from one already seen.
 * - `open`: tasks in progress within the listed window; `followed`: older ones, looked up by id.
 * - `undated`: `id@status` of tasks whose creation date cannot be read: told apart by id and status,
 *   never taken for a new or an old task because of their date. Past MAX_UNDATED the highest ids are
 *   kept and `undatedFloor` remembers the highest id let go: an undated task at or below it is old
 *   (SelSup's ids grow with creation), so the cap never turns into emitting again.
 * - `gap`: what a walk stopped by its page cap left unlisted; the next poll goes on from there.
 *
 * Dates are read leniently (zone-less as Moscow time, epoch seconds as seconds: tasks/dates.ts), and a
 * creation date ahead of this machine's clock by more than FUTURE_TOLERANCE_MS is taken as now plus that
 * tolerance (`createdOf`): SelSup's clock running fast, or one odd row, cannot move `top` into the future
 * and make every later task look old.
 *
 * The first poll after activation (or after the event or filters changed) records and emits nothing;
 * under n8n 2's durable scheduler, which does not keep that check's node state, start.ts carries it over.
 * A poll that fails leaves the state as it was; so does one whose state n8n does not save (the durable
 * scheduler refuses the commit of a poll that lost its lease): the next poll then judges from the older
 * state and still emits each task once.
 */
export interface CursorState {
	v: 2;
	watch: string;
	/** Newest creation date listed (epoch ms); null: no task listed yet. */
	top: number | null;
	/** The next window walk goes down to this creation date; null: to the end of the list. */
	bound: number | null;
	recent: number[];
	open: number[];
	followed: number[];
	/** Where the next round of id checks starts in `followed`. */
	turn: number;
	undated: string[];
	/** The highest id let go from `undated` by its cap (0: none). */
	undatedFloor?: number;
	/** Rows in the window at the last poll: sizes the next first page. */
	windowRows: number;
	gap: Gap | null;
	/** Tasks already decided on whose file did not fit in a poll's budget (poll.ts): emitted by a later poll. */
	pending?: Array<{ task: TmsTask; tries: number }>;
}

/** Rows created in [lo, hi] not listed yet; judged as the state before the capped walk would have. */
export interface Gap {
	lo: number | null;
	hi: number;
	/** That state's `top` and `recent`. */
	top: number | null;
	recent: number[];
	/** Page (of PAGE_ROWS rows, from 1) to go on at, counted when the walk stopped. */
	page: number;
	/** Ids already read that were created at `hi` itself; 'all': more than PAGE_EDGE were, all taken as read. */
	edge: number[] | 'all';
}

/** How long after a newer task one created earlier may still appear in the list for the first time. */
export const MARGIN_MS = 10 * 60 * 1000;
/** A task in progress deeper than this many rows is followed by its id rather than by the list. */
export const WINDOW_ROWS = 1000;
/** Tasks followed by id looked up per poll. */
export const FOLLOW_CHECKS = 3;
/** Most tasks followed by id, and most `undated` keys kept. */
export const MAX_FOLLOWED = 2000;
export const MAX_UNDATED = 2000;
/** Most ids kept of those created at the very instant where a capped walk stopped. */
export const PAGE_EDGE = 500;
/** How far ahead of this machine's clock a creation date is believed (SelSup's clock may run a little fast). */
export const FUTURE_TOLERANCE_MS = 2 * 60_000;

/** A task's creation date as the cursor takes it: read leniently, never later than now + FUTURE_TOLERANCE_MS. */
export function createdOf(task: TmsTask, now: number): number | null {
	const c = createdAt(task, LENIENT);
	return c === null ? null : Math.min(c, now + FUTURE_TOLERANCE_MS);
}

export function watchKey(event: string, filters: IDataObject): string {
	const types = Array.isArray(filters.types) ? [...filters.types].map(String).sort() : [];
	return JSON.stringify({ event, types, organizationId: filters.organizationId ?? null });
}

/** The stored state, if it is one this version wrote for the same watch. */
export function readState(stored: IDataObject, watch: string): CursorState | undefined {
	const s = stored.cursor as Partial<CursorState> | undefined;
	if (!s || typeof s !== 'object' || s.v !== 2 || s.watch !== watch) return undefined;
	const ids = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'number');
	const time = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));
	if (!time(s.top) || !ids(s.recent) || !ids(s.open) || !ids(s.followed) || !Array.isArray(s.undated)) return undefined;
	if (s.pending !== undefined && !Array.isArray(s.pending)) return undefined;
	return s as CursorState;
}

const key = (task: TmsTask) => `${task.id}@${task.status}`;

export interface Seen {
	/** Rows of the window walk, newest first, as read. */
	window: TmsTask[];
	/** The window walk reached its bound (else its page cap stopped it at `windowLowest`). */
	windowComplete: boolean;
	windowLowest: number | null;
	/** Pages of PAGE_ROWS rows the window walk read (for a gap's page number). */
	windowPages: number;
	/** Rows of the gap walk, and whether it reached the gap's low end; where it stopped otherwise. */
	gapRows: TmsTask[];
	gapComplete: boolean;
	gapLowest: number | null;
	gapNextPage: number;
	/** Tasks followed by id, as looked up now (undefined: SelSup no longer knows the id). */
	checked: Map<number, TmsTask | undefined>;
	/** Activation only: tasks in progress found by status, oldest first. */
	inProgress: TmsTask[];
	/** The poll's time budget, not the page cap, stopped a walk. */
	outOfTime?: boolean;
}

/** What a poll saw of a complete window and nothing more; scan() and the tests fill in the rest. */
export function seenInWindow(window: TmsTask[], more: Partial<Seen> = {}): Seen {
	return {
		window,
		windowComplete: true,
		windowLowest: null,
		windowPages: 1,
		gapRows: [],
		gapComplete: true,
		gapLowest: null,
		gapNextPage: 1,
		checked: new Map(),
		inProgress: [],
		...more,
	};
}

export interface Step {
	/** Tasks to emit. */
	emit: TmsTask[];
	state: CursorState;
	/** What a cap left for later, for the log. */
	deferred: { gapFrom: number | null; followed: number; notChecked: number; gaveUp: Gap | null; outOfTime: boolean };
}

/**
 * One poll's decision, from the previous state (undefined at activation) and what was listed. Pure: the
 * same inputs give the same emission and state.
 */
export function advance(previous: CursorState | undefined, watch: string, seen: Seen, statuses: readonly string[], now = Date.now()): Step {
	const created = (task: TmsTask) => createdOf(task, now);
	const undatedFloor = previous?.undatedFloor ?? 0;
	const wasOpen = new Set([...(previous?.open ?? []), ...(previous?.followed ?? [])]);
	const undated = new Set(previous?.undated ?? []);
	const emit = new Map<number, TmsTask>();
	const inWindow = new Map<number, number>();
	const followed = new Set<number>();
	const judged = new Set<number>();

	/** `isNew(c)`: whether a task created at c that was not in progress at the last look was not listed then. */
	const judge = (task: TmsTask, isNew: (c: number) => boolean, windowDepth?: number) => {
		const id = Number(task.id);
		if (judged.has(id)) return;
		judged.add(id);
		const c = created(task);
		const fresh = wasOpen.has(id) || (c === null ? !undated.has(key(task)) && id > undatedFloor : isNew(c));
		if (isDone(task)) {
			if (fresh && previous && statuses.includes(task.status)) emit.set(id, task);
		} else if (c !== null && windowDepth !== undefined) inWindow.set(id, c);
		else followed.add(id);
	};
	// A task listed at the last look is in `known` even when its date now reads newer than `top` (a date
	// clamped to the moving now + tolerance): it is not new.
	const newSince = (top: number | null, known: Set<number>, id: number, c: number) =>
		top === null || (c >= top - MARGIN_MS && !known.has(id));

	const prevTop = previous?.top ?? null;
	const recent = new Set(previous?.recent ?? []);
	seen.window.forEach((task, depth) => judge(task, (c) => newSince(prevTop, recent, Number(task.id), c), depth));
	const gap = previous?.gap ?? null;
	if (gap) {
		const gapRecent = new Set(gap.recent);
		const edge = new Set(gap.edge === 'all' ? [] : gap.edge);
		// Rows above `hi` (and those at `hi` it read) were judged by the capped walk already.
		for (const task of seen.gapRows) {
			if (edge.has(Number(task.id)) || (gap.edge === 'all' && created(task) === gap.hi)) continue;
			judge(task, (c) => c <= gap.hi && newSince(gap.top, gapRecent, Number(task.id), c));
		}
	}
	for (const task of seen.inProgress) judge(task, () => false);
	for (const id of previous?.followed ?? []) {
		if (judged.has(id)) continue;
		if (!seen.checked.has(id)) followed.add(id);
		else {
			const task = seen.checked.get(id);
			// Gone from SelSup: nothing more to wait for.
			if (task) judge(task, () => true);
		}
	}
	// In progress at the last look and not listed now (beneath a capped walk): still followed in the list.
	const keptOpen = (previous?.open ?? []).filter((id) => !judged.has(id));

	let top = prevTop;
	for (const task of seen.window) {
		const c = created(task);
		if (c !== null && (top === null || c > top)) top = c;
	}
	const newRecent = seen.window.filter((t) => {
		const c = created(t);
		return c !== null && top !== null && c >= top - MARGIN_MS;
	});
	// Tasks in progress stay in the listed window while within WINDOW_ROWS rows of the top or within the
	// margin (read anyway); deeper ones are followed by id, so that the window stays short.
	let bound = top === null ? null : top - MARGIN_MS;
	const depthOf = new Map(seen.window.map((t, i) => [Number(t.id), i]));
	for (const [id, c] of inWindow) {
		if (bound !== null && c < bound && (depthOf.get(id) ?? Infinity) >= WINDOW_ROWS) {
			inWindow.delete(id);
			followed.add(id);
		}
	}
	for (const c of inWindow.values()) if (bound !== null && c < bound) bound = c;
	if (keptOpen.length && previous && previous.bound !== null && bound !== null) bound = Math.min(bound, previous.bound);

	// More rows at the edge than PAGE_EDGE: all rows created at `hi` are taken as read (some may be
	// missed, none emitted twice).
	const edgeOf = (rows: TmsTask[], hi: number, before: number[] | 'all' = []): number[] | 'all' => {
		if (before === 'all') return 'all';
		const ids = [...new Set([...before, ...rows.filter((t) => created(t) === hi).map((t) => Number(t.id))])];
		return ids.length > PAGE_EDGE ? 'all' : ids;
	};
	let nextGap: Gap | null = null;
	if (previous && !seen.windowComplete) {
		// The page cap stopped the walk: what lies below is judged next time as this poll would have.
		const hi = seen.windowLowest ?? top ?? 0;
		// A gap still open is given up (the poll says so): more than a poll's pages arrived twice running.
		nextGap = {
			lo: previous.bound,
			hi,
			top: prevTop,
			recent: previous.recent,
			page: seen.windowPages + 1,
			edge: edgeOf(seen.window, hi),
		};
	} else if (gap && !seen.gapComplete) {
		const hi = Math.min(gap.hi, seen.gapLowest ?? gap.hi);
		nextGap = { ...gap, hi, page: seen.gapNextPage, edge: edgeOf(seen.gapRows, hi, hi === gap.hi ? gap.edge : []) };
	}

	const checkedRows = [...seen.checked.values()].filter((t): t is TmsTask => !!t);
	const undatedNow = [...seen.window, ...seen.gapRows, ...checkedRows].filter((t) => created(t) === null).map(key);
	// The highest ids are kept; the highest one let go becomes the floor.
	const undatedAll = [...new Set([...undatedNow, ...(seen.windowComplete ? [] : (previous?.undated ?? []))])].sort((a, b) => parseInt(b, 10) - parseInt(a, 10));
	const undatedKept = undatedAll.slice(0, MAX_UNDATED);
	const floorNow = Math.max(undatedFloor, ...undatedAll.slice(MAX_UNDATED).map((k) => parseInt(k, 10)));
	const followedList = [...followed];
	const state: CursorState = {
		v: 2,
		watch,
		top,
		bound,
		recent: [...new Set(newRecent.map((t) => Number(t.id)))],
		open: [...new Set([...keptOpen, ...inWindow.keys()])],
		// The newest are kept when there are too many: the oldest have run longest.
		followed: followedList.slice(-MAX_FOLLOWED),
		turn: previous && followedList.length ? (previous.turn + seen.checked.size) % followedList.length : 0,
		undated: undatedKept,
		undatedFloor: floorNow,
		windowRows: seen.window.filter((t) => {
			const c = created(t);
			return c === null || bound === null || c >= bound;
		}).length,
		gap: nextGap,
	};
	return {
		// Oldest end first; tasks without a readable end last, by id.
		emit: [...emit.values()].sort((a, b) => (endedAt(a, LENIENT) ?? Infinity) - (endedAt(b, LENIENT) ?? Infinity) || Number(a.id) - Number(b.id)),
		state,
		deferred: {
			gapFrom: nextGap ? nextGap.hi : null,
			followed: Math.max(0, followedList.length - MAX_FOLLOWED),
			notChecked: Math.max(0, (previous?.followed.length ?? 0) - seen.checked.size),
			gaveUp: previous && !seen.windowComplete && gap ? gap : null,
			outOfTime: seen.outOfTime === true,
		},
	};
}

/** Which followed tasks this poll looks up: FOLLOW_CHECKS of them (not already listed), going on where the last poll stopped. */
export function followedToCheck(state: CursorState | undefined, listed: Set<number>): number[] {
	if (!state || state.followed.length === 0) return [];
	const n = state.followed.length;
	const out: number[] = [];
	for (let i = 0; i < n && out.length < FOLLOW_CHECKS; i++) {
		const id = state.followed[(state.turn + i) % n];
		if (!listed.has(id)) out.push(id);
	}
	return out;
}
