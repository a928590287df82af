const { spawnSync } = require('child_process');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

jest.setTimeout(120_000);

/**
 * Node prints a MaxListenersExceededWarning on the process's stderr, out of jest's reach, so the node runs
 * in a process of its own (test/helpers/many-items.js) and its stderr is read.
 */
describe('a run with many items in flight', () => {
	it.each([
		['Concurrency 5 (the rest wait in the queue)', 5],
		['adaptive concurrency', 0],
	])('%s: 40 waited tasks, all files, and no MaxListenersExceededWarning for the run signal', (_, concurrency) => {
		const r = spawnSync(process.execPath, ['-r', './bench/ts-register.js', 'test/helpers/many-items.js', '40', String(concurrency)], {
			cwd: ROOT,
			encoding: 'utf8',
			timeout: 90_000,
		});
		expect(r.stderr).not.toMatch(/MaxListenersExceededWarning|memory leak/);
		expect(r.status).toBe(0);
		expect(JSON.parse(r.stdout.trim().split('\n').pop())).toEqual({ items: 40, files: 40 });
	});
});
