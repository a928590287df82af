import { pause } from '../transport/pause';

/**
 * A poll's time budget. n8n 2's scheduler abandons a poll after 45 s (N8N_SCHEDULER_POLL_TIMEOUT) and
 * then emits nothing and commits nothing; n8n 1.x takes a poll older than the overlap marker for a dead
 * one. So a poll ends within POLL_BUDGET_MS whatever SelSup does: new list pages and look-ups start only
 * within LISTING_MS, every request's timeout is capped by the time left (the client's `deadline`), and at
 * the end `signal` aborts whatever is still in flight. What did not fit is handled like the page cap:
 * what is ready is emitted, the rest waits for the next poll.
 */
export const POLL_BUDGET_MS = 25_000;
/** New list pages and look-ups start only this long into a poll; the rest of the budget is for files. */
export const LISTING_MS = 15_000;
/**
 * How often the overlap marker is refreshed while a poll runs: well inside the 3 minutes after which
 * another poll takes the marker for a dead one's, and few wake-ups (one timer each, cleared on close).
 */
const TICK_MS = 5_000;

export class PollBudget {
	readonly startedAt: number;
	readonly deadline: number;
	private readonly controller = new AbortController();
	/** Aborted by close(): the watch's pending timer is cleared at once. */
	private readonly closed = new AbortController();

	constructor(
		private readonly now: () => number = Date.now,
		budgetMs = POLL_BUDGET_MS,
		private readonly listingMs = LISTING_MS,
		/** Called on every tick of the watch (the overlap marker is refreshed from here). */
		private readonly onTick?: () => void,
	) {
		this.startedAt = now();
		this.deadline = this.startedAt + budgetMs;
		void this.watch();
	}

	/** Aborted when the budget is spent: the client's signal, so requests and retry waits end with it. */
	get signal(): AbortSignal {
		return this.controller.signal;
	}

	get left(): number {
		return Math.max(0, this.deadline - this.now());
	}

	get spent(): boolean {
		return this.controller.signal.aborted || this.left === 0;
	}

	/** Whether a new list page or look-up may still start. */
	get listing(): boolean {
		return !this.spent && this.now() - this.startedAt < this.listingMs;
	}

	get elapsed(): number {
		return this.now() - this.startedAt;
	}

	/** Ends the watch (the poll is over). */
	close(): void {
		this.closed.abort();
	}

	private async watch(): Promise<void> {
		try {
			while (this.now() < this.deadline) {
				await pause(Math.min(TICK_MS, Math.max(1, this.deadline - this.now())), this.closed.signal);
				this.onTick?.();
			}
			this.controller.abort();
		} catch {
			// close() ended the watch: the poll is over before its budget.
		}
	}
}
