import { advance, LOOKBACK_MS, MAX_SEEN, readState, watchKey } from '../../nodes/SelSup/trigger/cursor';
import type { TmsTask } from '../../nodes/SelSup/tasks/task';

const T0 = Date.parse('2026-11-30T06:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const task = (id: number, created: number, ended: number, status = 'FINISHED'): TmsTask => ({ id, status, createdDate: iso(created), finishDate: iso(ended) });
const watch = watchKey('taskFinished', {});

describe('the trigger cursor', () => {
	it('keeps only tasks that ended within the look-back, so the state stays small', () => {
		const first = advance(undefined, watch, T0, []);
		const batch = Array.from({ length: 300 }, (_, i) => task(i + 1, T0 + i, T0 + 1000 + i));
		const second = advance(first.state, watch, T0, batch);
		expect(second.emit).toHaveLength(300);
		expect(second.state.seen).toHaveLength(300);
		// Two hours later one more task ends: the 300 are past the look-back and drop out of `seen`.
		const later = task(999, T0 + 7_000_000, T0 + 7_200_000);
		const third = advance(second.state, watch, T0, [...batch, later]);
		expect(third.emit.map((t) => t.id)).toEqual([999]);
		expect(third.state.seen).toEqual([`999@${T0 + 7_200_000}`]);
		expect(third.state.after).toBe(T0 + 7_200_000 - LOOKBACK_MS);
		// And they are not emitted again.
		expect(advance(third.state, watch, T0, [...batch, later]).emit).toEqual([]);
	});

	it('never holds more than MAX_SEEN keys; a flood narrows the look-back instead of forgetting', () => {
		const first = advance(undefined, watch, T0, []);
		const flood = Array.from({ length: MAX_SEEN + 700 }, (_, i) => task(i + 1, T0, T0 + 1000 + i));
		const step = advance(first.state, watch, T0, flood);
		expect(step.emit).toHaveLength(MAX_SEEN + 700);
		expect(step.state.seen.length).toBeLessThanOrEqual(MAX_SEEN);
		expect(advance(step.state, watch, T0, flood).emit).toEqual([]);
	});

	it('a task that ended, was restarted and ended again is a new event; one seen late within the look-back still comes', () => {
		const first = advance(undefined, watch, T0, [task(1, T0, T0 + 10)]);
		expect(first.emit).toEqual([]);
		const again = advance(first.state, watch, T0, [task(1, T0, T0 + 60_000)]);
		expect(again.emit.map((t) => t.id)).toEqual([1]);
		// Task 2 ended before task 1's second end but appears in the list only now.
		const late = advance(again.state, watch, T0, [task(1, T0, T0 + 60_000), task(2, T0 + 5, T0 + 30_000)]);
		expect(late.emit.map((t) => t.id)).toEqual([2]);
	});

	it('rows created before the bound are not candidates; state of another watch or shape is ignored', () => {
		const first = advance(undefined, watch, T0, []);
		expect(advance(first.state, watch, T0, [task(5, T0 - 1, T0 + 100)]).emit).toEqual([]);
		expect(readState({ cursor: first.state }, watch)).toEqual(first.state);
		expect(readState({ cursor: first.state }, watchKey('taskFailed', {}))).toBeUndefined();
		expect(readState({ cursor: { ...first.state, seen: 'x' } }, watch)).toBeUndefined();
		expect(readState({}, watch)).toBeUndefined();
		expect(watchKey('taskFinished', { types: ['B', 'A'] })).toBe(watchKey('taskFinished', { types: ['A', 'B'] }));
	});

	it('a task without finishDate, created long ago, is emitted once when it shows up ended, and not again', () => {
		const first = advance(undefined, watch, T0 - 86_400_000, [task(1, T0, T0 + 10)]);
		const undated: TmsTask = { id: 77, status: 'INTERRUPTED', createdDate: iso(T0 - 86_000_000), startDate: iso(T0 - 86_000_000) };
		const step = advance(first.state, watch, T0, [task(1, T0, T0 + 10), undated]);
		expect(step.emit.map((t) => t.id)).toEqual([77]);
		expect(advance(step.state, watch, T0, [task(2, T0, T0 + 3_600_000), undated]).emit.map((t) => t.id)).toEqual([2]);
	});
});
