#!/usr/bin/env node
// Figures of the fault-injection suite (issue 4): runs test/faults/faults.test.js with Jest (the same
// scenario table, test/faults/scenarios.js, the same assertions), then prints what the node did for every
// fault and bad input, and the totals. The last line is one JSON object with the totals.
//   npm run test:faults            (node scripts/faults.js)
// Exit code: Jest's (non-zero when a scenario broke its expectation).
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'selsup-faults-')), 'report.json');
const jest = require.resolve('jest/bin/jest', { paths: [root] });

const started = Date.now();
const run = spawnSync(process.execPath, [jest, '--runInBand', '--silent', 'test/faults/faults.test.js'], {
	cwd: root,
	env: { ...process.env, FAULTS_REPORT: report },
	encoding: 'utf8',
	maxBuffer: 64 * 1024 * 1024,
});
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const jestOutput = `${run.stdout ?? ''}${run.stderr ?? ''}`;
if (!fs.existsSync(report)) {
	process.stderr.write(jestOutput);
	console.error('[faults] the suite wrote no report (see the Jest output above)');
	process.exit(run.status || 1);
}
const { outcomes, figures } = JSON.parse(fs.readFileSync(report, 'utf8'));
fs.rmSync(path.dirname(report), { recursive: true, force: true });

const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const short = (s, n = 150) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const table = (head, rows) =>
	[`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');

const faults = outcomes.filter((o) => o.kind === 'fault');
const bads = outcomes.filter((o) => o.kind === 'badInput');

console.log(`## Fault-injection suite (${faults.length} faults, ${bads.length} bad inputs, ${seconds} s)\n`);
console.log('### Faults (each run with 2 input items, continue-on-fail; failing ones run again without it)\n');
console.log(
	table(
		['fault', 'expected', 'what the node did', 'requests', 'task starts / tasks created', 'items in → out', 'token leaks', 'check'],
		faults.map((o) => [
			o.title,
			o.expected,
			short(o.did),
			o.requestsSeen,
			`${o.startRequests} / ${o.tasksCreated}`,
			`${o.itemsIn} → ${o.itemsOut}`,
			o.tokenLeaks,
			o.ok ? 'ok' : `FAIL: ${o.problems.join('; ')}`,
		]),
	),
);
console.log('\n### Bad inputs (refused before any request: the sandbox request log stays empty)\n');
console.log(
	table(
		['bad input', 'error', 'requests sent', 'check'],
		bads.map((o) => [o.title, short(o.message, 120), o.requestsSeen, o.ok ? 'ok' : `FAIL: ${o.problems.join('; ')}`]),
	),
);
console.log('\n### Figures\n');
console.log(
	table(
		['figure', 'value'],
		[
			['faults tried', figures.faultsTried],
			['survived by retry', figures.survivedByRetry],
			['failed with a clear error (names route, item, status / SelSup\'s message)', figures.clearErrors],
			['handled as configured (stuck task returned or cancelled, foreign-host result fetched without the token)', figures.handledAsConfigured],
			['items in = items out', `${figures.itemsIn} = ${figures.itemsOut}${figures.itemsIn === figures.itemsOut ? '' : '  (MISMATCH)'}`],
			['duplicate tasks started (must be 0)', figures.duplicateTasks],
			['token leaks (token, CommerceML password) in output, errors, logs (must be 0)', figures.tokenLeaks],
			['bad inputs tried', figures.badInputsTried],
			['refused before any request', figures.refusedBeforeRequest],
		],
	),
);
const failedChecks = outcomes.filter((o) => !o.ok).length;
console.log(`\nJest: ${run.status === 0 ? 'passed' : `FAILED (${failedChecks} scenario(s) broke their expectation)`}`);
if (run.status !== 0) process.stderr.write(jestOutput);
console.log(JSON.stringify(figures));
process.exit(run.status ?? 1);
