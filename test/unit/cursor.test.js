import { advance, FOLLOW_CHECKS, followedToCheck, MARGIN_MS, MAX_FOLLOWED, MAX_UNDATED, PAGE_EDGE, readState, seenInWindow, watchKey } from '../../nodes/SelSup/trigger/cursor';

const T0 = Date.parse('2026-11-30T06:00:00Z');
const zoned = (ms) => `${new Date(ms).toISOString().replace('.000Z', 'Z')}[UTC]`;
const task = (id, created, status = 'FINISHED') => ({
	id,
	status,
	createdDate: typeof created === 'number' ? zoned(created) : created,
});
const watch = watchKey('taskFinished', {});
const FINISHED = ['FINISHED'];
const seen = seenInWindow;

describe('the trigger cursor', () => {
	it('activation records and emits nothing; a task in progress then is emitted once when it ends', () => {
		const a = advance(undefined, watch, seen([task(3, T0, 'RUNNING'), task(2, T0 - 1000), task(1, T0 - 2000)]), FINISHED);
		expect(a.emit).toEqual([]);
		expect(a.state.open).toEqual([3]);
		const b = advance(a.state, watch, seen([task(3, T0), task(2, T0 - 1000), task(1, T0 - 2000)]), FINISHED);
		expect(b.emit.map((t) => t.id)).toEqual([3]);
		// The same poll again from the state it left: nothing.
		expect(advance(b.state, watch, seen([task(3, T0), task(2, T0 - 1000), task(1, T0 - 2000)]), FINISHED).emit).toEqual([]);
		// Pure: the same inputs give the same answer.
		expect(advance(a.state, watch, seen([task(3, T0)]), FINISHED)).toEqual(advance(a.state, watch, seen([task(3, T0)]), FINISHED));
	});

	it('a task listed late, within the margin, is new; one already listed is not', () => {
		const a = advance(undefined, watch, seen([task(10, T0), task(9, T0 - 60_000)]), FINISHED);
		const late = task(8, T0 - 120_000);
		const b = advance(a.state, watch, seen([task(10, T0), task(9, T0 - 60_000), late]), FINISHED);
		expect(b.emit.map((t) => t.id)).toEqual([8]);
		// Created before the margin and not in progress at the last look: old.
		const old = task(7, T0 - MARGIN_MS - 1);
		expect(advance(b.state, watch, seen([task(10, T0), old]), FINISHED).emit).toEqual([]);
	});

	it('an unreadable creation date is never a reason to emit: the task is told apart by id and status', () => {
		const undated = task(5, 'yesterday', 'FINISHED');
		const a = advance(undefined, watch, seen([task(6, T0), undated]), FINISHED);
		expect(a.state.undated).toEqual(['5@FINISHED']);
		const b = advance(a.state, watch, seen([task(6, T0), undated]), FINISHED);
		expect(b.emit).toEqual([]);
		// Restarted and finished again under another status, then back: a new event each time it ends.
		const c = advance(b.state, watch, seen([task(6, T0), task(5, 'yesterday', 'RUNNING')]), FINISHED);
		expect(c.emit).toEqual([]);
		expect(advance(c.state, watch, seen([task(6, T0), undated]), FINISHED).emit.map((t) => t.id)).toEqual([5]);
	});

	it('tasks followed by id are checked a few per poll, going on where the last poll stopped', () => {
		const deep = Array.from({ length: 7 }, (_, i) => task(100 + i, T0 - 5 * 86_400_000, 'RUNNING'));
		const a = advance(undefined, watch, seen([task(1, T0)], { inProgress: deep }), FINISHED);
		expect(a.state.followed).toHaveLength(7);
		const first = followedToCheck(a.state, new Set());
		expect(first).toHaveLength(FOLLOW_CHECKS);
		const checked = new Map(first.map((id) => [id, task(id, T0 - 5 * 86_400_000, 'RUNNING')]));
		const b = advance(a.state, watch, seen([task(1, T0)], { checked }), FINISHED);
		const second = followedToCheck(b.state, new Set());
		expect(second.some((id) => first.includes(id))).toBe(false);
		// One of them ended: emitted from its look-up.
		const ended = new Map([[second[0], task(second[0], T0 - 5 * 86_400_000)]]);
		const c = advance(b.state, watch, seen([task(1, T0)], { checked: ended }), FINISHED);
		expect(c.emit.map((t) => t.id)).toEqual([second[0]]);
		expect(c.state.followed).not.toContain(second[0]);
	});

	it('state of another watch or shape is ignored', () => {
		const a = advance(undefined, watch, seen([task(1, T0)]), FINISHED);
		expect(readState({ cursor: a.state }, watch)).toEqual(a.state);
		expect(readState({ cursor: a.state }, watchKey('taskFailed', {}))).toBeUndefined();
		expect(readState({ cursor: { ...a.state, open: 'x' } }, watch)).toBeUndefined();
		// The state written by the previous version of the trigger: starts afresh.
		expect(readState({ cursor: { v: 1, watch, bound: null, after: null, seen: [] } }, watch)).toBeUndefined();
		expect(watchKey('taskFinished', { types: ['B', 'A'] })).toBe(watchKey('taskFinished', { types: ['A', 'B'] }));
	});

	// Issue 23: no state list may overflow into emitting again. Each cap is tried at three times its size
	// (figures from the issue: 2,000 followed ids, 2,000 undated keys, 500 ids at a capped walk's edge).
	it('three times MAX_FOLLOWED running tasks: the ones let go are never emitted, the followed ones once', () => {
		expect(MAX_FOLLOWED).toBe(2000);
		const old = T0 - 5 * 86_400_000;
		const deep = Array.from({ length: 3 * MAX_FOLLOWED }, (_, i) => task(10_000 + i, old + i, 'RUNNING'));
		const a = advance(undefined, watch, seen([task(1, T0)], { inProgress: deep }), FINISHED);
		expect(a.state.followed).toHaveLength(MAX_FOLLOWED);
		// All of them end and a deeper walk lists them all.
		const ended = deep.map((t) => task(t.id, old + (t.id - 10_000)));
		const b = advance(a.state, watch, seen([task(1, T0), ...ended]), FINISHED);
		expect(b.emit.map((t) => t.id).sort()).toEqual(a.state.followed.slice().sort());
		const c = advance(b.state, watch, seen([task(1, T0), ...ended]), FINISHED);
		expect(c.emit).toEqual([]);
	});

	it('three times MAX_UNDATED tasks without a readable date: none emitted however often listed, a new one once', () => {
		expect(MAX_UNDATED).toBe(2000);
		const rows = Array.from({ length: 3 * MAX_UNDATED }, (_, i) => task(20_000 - i, 'yesterday'));
		const a = advance(undefined, watch, seen(rows), FINISHED);
		expect(a.state.undated).toHaveLength(MAX_UNDATED);
		let state = a.state;
		for (let i = 0; i < 3; i++) {
			const step = advance(state, watch, seen(rows), FINISHED);
			expect(step.emit).toEqual([]);
			state = step.state;
		}
		const fresh = task(20_001, 'yesterday');
		const b = advance(state, watch, seen([fresh, ...rows]), FINISHED);
		expect(b.emit.map((t) => t.id)).toEqual([20_001]);
		expect(advance(b.state, watch, seen([fresh, ...rows]), FINISHED).emit).toEqual([]);
	});

	it('three times PAGE_EDGE tasks created at the very instant where a capped walk stopped: none emitted twice', () => {
		expect(PAGE_EDGE).toBe(500);
		const a = advance(undefined, watch, seen([task(1, T0)]), FINISHED);
		const at = T0 + 60_000;
		const burst = Array.from({ length: 3 * PAGE_EDGE }, (_, i) => task(5000 - i, at));
		const b = advance(a.state, watch, seen(burst, { windowComplete: false, windowLowest: at, windowPages: 3 }), FINISHED);
		expect(b.emit).toHaveLength(3 * PAGE_EDGE);
		expect(b.state.gap?.hi).toBe(at);
		// The next poll reads the window again and walks the gap, which starts with the same instant.
		const newer = task(6000, at + 1000);
		const c = advance(b.state, watch, seen([newer], { gapRows: [...burst, task(1, T0)], gapComplete: true }), FINISHED);
		expect(c.emit.map((t) => t.id)).toEqual([6000]);
	});
});
