/**
 * One abort listener on the run's signal however many requests and waits hang on it.
 *
 * Every request given the run's signal itself adds a listener to it, and past 10 Node prints a
 * MaxListenersExceededWarning for each run with more items in flight. Raising the limit takes
 * `events.setMaxListeners`, which n8n's Cloud rules do not allow in node code; so each request gets a
 * signal of its own, aborted with the run's through one shared listener.
 */
const hubs = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `fn` once when `signal` aborts (at once if it has); returns what takes it back. */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
	if (signal.aborted) {
		fn();
		return () => {};
	}
	let hub = hubs.get(signal);
	if (!hub) {
		const callbacks = new Set<() => void>();
		hubs.set(signal, callbacks);
		signal.addEventListener(
			'abort',
			() => {
				const all = [...callbacks];
				callbacks.clear();
				for (const f of all) f();
			},
			{ once: true },
		);
		hub = callbacks;
	}
	const own = hub;
	own.add(fn);
	return () => {
		own.delete(fn);
	};
}

/** A signal for one request, aborted with `signal`; `release` when the request and its body are done. */
export function childSignal(signal: AbortSignal | undefined): { signal: AbortSignal | undefined; release: () => void } {
	if (!signal) return { signal: undefined, release: () => {} };
	const own = new AbortController();
	const release = onAbort(signal, () => own.abort());
	return { signal: own.signal, release };
}
