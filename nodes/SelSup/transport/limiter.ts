import { Aborted } from './pause';

/** Caps how many SelSup requests one node run has in flight, across all its items. */
export class Limiter {
	private active = 0;
	private readonly queue: Array<{ grant: () => void; abort: () => void }> = [];

	constructor(private readonly max: number) {}

	/** A slot, or `Aborted` when the signal ends the wait first (a stopped run queues nothing more). */
	async acquire(signal?: AbortSignal): Promise<() => void> {
		if (signal?.aborted) throw new Aborted();
		if (this.active >= this.max) {
			await new Promise<void>((resolve, reject) => {
				const waiter = {
					grant: () => {
						signal?.removeEventListener('abort', waiter.abort);
						resolve();
					},
					abort: () => {
						const at = this.queue.indexOf(waiter);
						if (at !== -1) this.queue.splice(at, 1);
						reject(new Aborted());
					},
				};
				this.queue.push(waiter);
				signal?.addEventListener('abort', waiter.abort, { once: true });
			});
		} else {
			this.active++;
		}
		let released = false;
		return () => {
			if (released) return;
			released = true;
			const next = this.queue.shift();
			// The slot passes straight to the next waiter, so `active` stays as it is.
			if (next) next.grant();
			else this.active--;
		};
	}
}
