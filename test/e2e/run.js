#!/usr/bin/env node
'use strict';
/**
 * End-to-end tests against real n8n instances (npm run test:e2e).
 *
 *   SELSUP_E2E_VERSIONS=1.123.81,2.41.1   versions to run, in order (default: both)
 *   SELSUP_N8N_CACHE=<dir>                where install.sh keeps n8n (default ~/.cache/n8n-nodes-selsup)
 *   SELSUP_E2E_KEEP=1                     keep the n8n user folders for inspection
 *
 * Builds the package if dist/ is missing, installs each missing n8n version
 * (scripts/n8n/install.sh), then runs test/e2e/scenarios.e2e.js with node's test
 * runner once per version (every test/e2e/*.e2e.js file). Prints the wall time of each
 * version's run, appends them to .e2e/timings.txt (ignored), and ends with "N passed, N failed".
 */
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { ensureBuilt, install, isInstalled, recordedInstallSeconds, REPO_ROOT } = require('../../scripts/n8n/instance');

const DEFAULT_VERSIONS = ['1.123.81', '2.41.1'];

function runScenarios(version) {
	return new Promise((resolve) => {
		const files = fs
			.readdirSync(__dirname)
			.filter((f) => f.endsWith('.e2e.js'))
			.sort()
			.map((f) => path.join(__dirname, f));
		const child = spawn(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=1', ...files], {
			cwd: REPO_ROOT,
			env: { ...process.env, SELSUP_E2E_VERSION: version },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		child.stdout.on('data', (d) => {
			out += d;
			process.stdout.write(d);
		});
		child.stderr.on('data', (d) => process.stderr.write(d));
		child.on('close', (code) => {
			const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
			const num = (re) => {
				const all = [...plain.matchAll(re)];
				return all.length ? Number(all[all.length - 1][1]) : 0;
			};
			resolve({ code, pass: num(/^\S*\s*pass (\d+)/gm), fail: num(/^\S*\s*fail (\d+)/gm) + num(/^\S*\s*cancelled (\d+)/gm) });
		});
	});
}

async function main() {
	const versions = (process.env.SELSUP_E2E_VERSIONS || DEFAULT_VERSIONS.join(','))
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean);
	ensureBuilt();

	let passed = 0;
	let failed = 0;
	const timings = [];
	for (const version of versions) {
		// install.sh installs a missing version, and smoke-checks (and if need be rebuilds) a cached one.
		const cached = isInstalled(version);
		let installNote;
		console.log(`\n=== ${cached ? 'checking the cached' : 'installing'} n8n ${version} (scripts/n8n/install.sh)`);
		try {
			const s = await install(version);
			const took = recordedInstallSeconds(version);
			installNote = cached ? `cached install checked in ${Math.round(s)} s${took ? `; it took ${took} s to install` : ''}` : `installed now in ${Math.round(s)} s`;
		} catch (e) {
			console.error(String(e.message || e));
			failed++;
			timings.push(`n8n ${version}: install FAILED`);
			continue;
		}
		console.log(`\n=== e2e scenarios on n8n ${version} (${installNote})`);
		const started = Date.now();
		const r = await runScenarios(version);
		const wall = ((Date.now() - started) / 1000).toFixed(1);
		if (r.code !== 0 && r.fail === 0) r.fail = 1; // the runner itself failed
		passed += r.pass;
		failed += r.fail;
		const line = `n8n ${version}: ${r.pass} passed, ${r.fail} failed, wall time ${wall} s (${installNote})`;
		console.log(`\n=== ${line}`);
		timings.push(line);
	}

	const stamp = new Date().toISOString();
	const text = [`# npm run test:e2e, ${stamp}, node ${process.version}`, ...timings, ''].join('\n');
	// Timings go to the ignored .e2e/ folder: a test run must leave the work tree clean.
	try {
		fs.mkdirSync(path.join(REPO_ROOT, '.e2e'), { recursive: true });
		fs.appendFileSync(path.join(REPO_ROOT, '.e2e', 'timings.txt'), text);
	} catch {
		/* read-only checkout: the console has it */
	}
	console.log('\n' + timings.join('\n'));
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

main().catch((e) => {
	console.error(e);
	console.log('0 passed, 1 failed');
	process.exit(1);
});
