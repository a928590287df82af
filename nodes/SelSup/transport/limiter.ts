/** Caps how many SelSup requests one node run has in flight, across all its items. */
export class Limiter {
	private active = 0;
	private readonly queue: Array<() => void> = [];

	constructor(private readonly max: number) {}

	async acquire(): Promise<() => void> {
		if (this.active >= this.max) {
			await new Promise<void>((resolve) => this.queue.push(resolve));
		} else {
			this.active++;
		}
		let released = false;
		return () => {
			if (released) return;
			released = true;
			const next = this.queue.shift();
			// The slot passes straight to the next waiter, so `active` stays as it is.
			if (next) next();
			else this.active--;
		};
	}
}
