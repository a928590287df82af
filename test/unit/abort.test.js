const { getEventListeners } = require('events');

import { childSignal, onAbort } from '../../nodes/SelSup/transport/abort';

describe('onAbort / childSignal: one listener on the run signal', () => {
	it('50 request signals add one abort listener to the run signal, and all end with it', () => {
		const run = new AbortController();
		const children = Array.from({ length: 50 }, () => childSignal(run.signal));
		expect(getEventListeners(run.signal, 'abort')).toHaveLength(1);
		children[3].release();
		run.abort();
		expect(children.filter((c) => c.signal.aborted)).toHaveLength(49);
		expect(children[3].signal.aborted).toBe(false);
	});

	it('a callback taken back is not called; one given an aborted signal is called at once', () => {
		const run = new AbortController();
		const calls = [];
		const undo = onAbort(run.signal, () => calls.push('a'));
		onAbort(run.signal, () => calls.push('b'));
		undo();
		run.abort();
		expect(calls).toEqual(['b']);
		onAbort(run.signal, () => calls.push('c'));
		expect(calls).toEqual(['b', 'c']);
	});

	it('no signal: no child signal either', () => {
		expect(childSignal(undefined).signal).toBeUndefined();
	});
});
