'use strict';
/**
 * Preloaded into the n8n process (NODE_OPTIONS=--require): at exit, writes that process's own
 * /proc/self/status memory lines (VmHWM = peak resident set) to $BENCH_HWM_FILE. The external
 * sampler may miss a peak between samples; this cannot.
 */
const fs = require('fs');

const out = process.env.BENCH_HWM_FILE;
if (out) {
	process.on('exit', () => {
		try {
			const status = fs.readFileSync('/proc/self/status', 'utf8');
			const pick = (k) => Number((new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status) || [])[1]);
			fs.writeFileSync(out, JSON.stringify({ pid: process.pid, VmHWM: pick('VmHWM'), VmRSS: pick('VmRSS') }));
		} catch {
			/* best effort */
		}
	});
}
