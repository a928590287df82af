/**
 * When to look at a running SelSup task again.
 *
 * Without progress: soon (a short export should not cost a full interval), once more half an interval
 * later, then every interval. Against the floor of ceil(duration / interval) checks that costs at most
 * two more, and a finished task is seen within one interval.
 *
 * With progress: SelSup's `progress` (percent) and `startDate` give the task's pace, and so the moment it
 * will end; the next check comes just after it, but never more than one interval after the last check.
 * A prediction that proves early is not chased in a tight loop: the checks after a miss come at a growing
 * gap (a quarter, a half, then a whole interval).
 */

/** A status check's answer, as far as the schedule cares. Times are this machine's clock (ms). */
export interface Sighting {
	at: number;
	/** How far off `at` may be: half the status request's round trip. */
	plusMinusMs?: number;
	/** SelSup's percent done, when it said. */
	progress?: number;
	/** When SelSup says the task started, already on this machine's clock. */
	startedAt?: number;
}

/** Checks after a prediction proved early come at these shares of the interval. */
const AFTER_MISS = [0.25, 0.5, 1];

/**
 * Progress comes as a whole percent, so a pace measured over a span of `span` points may be off by 1 in
 * `span`. Below this span (or with timing too loose), the next check goes halfway to the predicted end
 * to measure again.
 */
const SURE_SPAN = 20;

/**
 * SelSup's start date comes onto this machine's clock through an offset taken from when the start
 * request's answer arrived, which may be late by its own trip and a busy event loop: this much.
 */
const START_DATE_PLUS_MINUS_MS = 250;

/** A prediction that may be early by more than this share of the time left is checked halfway first. */
const SURE_ERROR = 0.15;

/** The schedule without progress: the times of the checks, in ms after the wait began. */
export function pollSchedule(intervalMs: number): (check: number) => number {
	const first = Math.min(1000, intervalMs / 2);
	return (check) => (check === 0 ? first : first + intervalMs / 2 + (check - 1) * intervalMs);
}

export class CheckPlanner {
	private readonly fixed: (check: number) => number;
	private checks = 0;
	private lastAt: number | undefined;
	/** The first sighting with progress above zero: where the task's own pace is measured from. */
	private firstRise: Rise | undefined;
	private prediction: Prediction | undefined;
	private misses = 0;
	private measuredAgain = false;

	constructor(
		private readonly intervalMs: number,
		private readonly startedAt: number,
	) {
		this.fixed = pollSchedule(intervalMs);
	}

	/** Records a check that found the task still running. */
	saw(sighting: Sighting): void {
		this.checks++;
		this.lastAt = sighting.at;
		if ((this.prediction?.sure || this.measuredAgain) && this.prediction && sighting.at >= this.prediction.end) this.misses++;
		if (this.misses > 0) return;
		// One halfway check to measure again, not a string of them.
		if (this.prediction && !this.prediction.sure) this.measuredAgain = true;
		this.prediction = predict(sighting, this.firstRise);
		const p = sighting.progress;
		if (this.firstRise === undefined && typeof p === 'number' && p > 0) this.firstRise = { at: sighting.at, progress: p, plusMinusMs: sighting.plusMinusMs ?? 0 };
	}

	/** Records a check that got no answer (SelSup's status route failing): the schedule moves on. */
	failed(at: number): void {
		this.checks++;
		this.lastAt = at;
		// A failed check learns nothing: no second halfway check closing in on the predicted end, and one
		// made after that end counts as a miss, so an outage is followed at the growing gap, not at once.
		if (!this.prediction) return;
		if (at >= this.prediction.end) this.misses++;
		else this.measuredAgain = true;
	}

	/** When to check next, on this machine's clock. */
	next(): number {
		const fixed = this.startedAt + this.fixed(this.checks);
		if (this.lastAt === undefined) return fixed;
		const latest = this.lastAt + this.intervalMs;
		if (this.misses > 0) return this.lastAt + this.intervalMs * AFTER_MISS[Math.min(this.misses, AFTER_MISS.length) - 1];
		const p = this.prediction;
		if (p === undefined) return fixed;
		const remaining = p.end - this.lastAt;
		// Just after the end, by as much as rounding and timing may have made it early.
		const target = p.sure || this.measuredAgain ? p.end + 50 + remaining * p.error : this.lastAt + remaining / 2;
		return Math.min(target, latest);
	}
}

interface Prediction {
	/** When the task reaches 100 %, at the pace measured. */
	end: number;
	/** Percentage points the pace was measured over. */
	span: number;
	/** How early the end may be, as a share of the time left. */
	error: number;
	/** Whether the span is wide enough to check at the end itself rather than halfway. */
	sure: boolean;
}

/** When the task will reach 100 %, at the pace it has kept so far; undefined when that can't be told. */
interface Rise {
	at: number;
	progress: number;
	plusMinusMs: number;
}

function predict(s: Sighting, firstRise: Rise | undefined): Prediction | undefined {
	const p = s.progress;
	if (typeof p !== 'number' || !(p > 0) || p >= 100) return undefined;
	let span: number;
	let ms: number;
	let timing = s.plusMinusMs ?? 0;
	// Two sightings measure the pace on this machine's clock alone; the start date (on SelSup's clock)
	// serves only until there are two.
	if (firstRise && p > firstRise.progress && s.at > firstRise.at) {
		span = p - firstRise.progress;
		ms = s.at - firstRise.at;
		timing += firstRise.plusMinusMs;
	} else if (s.startedAt !== undefined && s.startedAt < s.at) {
		span = p;
		ms = s.at - s.startedAt;
		timing += START_DATE_PLUS_MINUS_MS;
	} else {
		return undefined;
	}
	// How early the end may really be, as a share of the time left: a whole percent of rounding over the
	// span, and the sightings' own timing over the time between them.
	const error = 1 / span + timing / ms;
	return { end: s.at + ((100 - p) * ms) / span, span, error, sure: span >= SURE_SPAN && error <= SURE_ERROR };
}
