/**
 * Request slots: how many SelSup requests one node run has in flight, fixed or adaptive. It knows
 * nothing of HTTP; client.ts tells it how SelSup answered.
 */
import { onAbort } from './abort';
import { Aborted } from './pause';

/** A held request slot; `ticket` tells which slots were taken before a cut. */
export type Release = (() => void) & { readonly ticket: number };

export interface LimiterSettings {
	/** Requests in flight at first (and always, when not adaptive). */
	start: number;
	/** Adaptive: raise the number while SelSup answers, halve it when SelSup pushes back. */
	adaptive: boolean;
	/** The most the adaptive number may reach. */
	max: number;
}

/** Growth per answered request: the number in flight rises by half of itself per round of answers. */
const GROWTH_PER_ANSWER = 0.5;

/**
 * Caps how many SelSup requests one node run has in flight, across all its items. Adaptive mode starts
 * where a fixed one would and rises while requests queue and SelSup answers; a 429 or 503 halves it at
 * once and caps it one below the number that was refused, so a server with a fixed limit is probed
 * twice at most. Answers to requests sent before a cut don't cut again.
 */
export class Limiter {
	private active = 0;
	private limit: number;
	private ceiling: number;
	private tickets = 0;
	private cutAfter = 0;
	private readonly queue: Array<{ grant: () => void; abort: () => void }> = [];

	constructor(private readonly settings: LimiterSettings) {
		this.limit = Math.max(1, settings.start);
		this.ceiling = settings.adaptive ? Math.max(this.limit, settings.max) : this.limit;
	}

	/** The number of requests allowed in flight now. */
	get current(): number {
		return Math.floor(this.limit);
	}

	/** A slot, or `Aborted` when the signal ends the wait first (a stopped run queues nothing more). */
	async acquire(signal?: AbortSignal): Promise<Release> {
		if (signal?.aborted) throw new Aborted();
		if (this.active >= this.current) {
			await new Promise<void>((resolve, reject) => {
				let forget = () => {};
				const waiter = {
					grant: () => {
						forget();
						resolve();
					},
					abort: () => {
						const at = this.queue.indexOf(waiter);
						if (at !== -1) this.queue.splice(at, 1);
						reject(new Aborted());
					},
				};
				this.queue.push(waiter);
				if (signal) forget = onAbort(signal, waiter.abort);
			});
		} else {
			this.active++;
		}
		let released = false;
		const release = () => {
			if (released) return;
			released = true;
			this.active--;
			this.drain();
		};
		return Object.assign(release, { ticket: ++this.tickets });
	}

	/** SelSup answered a request (any answer but a push-back). */
	answered(): void {
		if (!this.settings.adaptive || this.queue.length === 0 || this.limit >= this.ceiling) return;
		this.limit = Math.min(this.ceiling, this.limit + GROWTH_PER_ANSWER);
		this.drain();
	}

	/** SelSup pushed back (429 or 503) on the request that held `slot`. */
	pushedBack(slot: Release): void {
		if (!this.settings.adaptive || slot.ticket <= this.cutAfter) return;
		this.cutAfter = this.tickets;
		this.ceiling = Math.max(1, this.current - 1);
		this.limit = Math.max(1, Math.floor(this.current / 2));
	}

	private drain(): void {
		while (this.active < this.current && this.queue.length) {
			this.active++;
			this.queue.shift()!.grant();
		}
	}
}
