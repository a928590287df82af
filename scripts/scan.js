#!/usr/bin/env node
// `npm run scan`: the lint leg of n8n's community package scanner (@n8n/scan-community-package, a pinned
// devDependency), run offline on the sources and on the unpacked `npm pack` tarball, as n8n's review
// does. Its other legs (npm provenance, the source fetched from GitHub) need a published version: run
// `npx @n8n/scan-community-package n8n-nodes-selsup@<version>` after each publish (see RELEASING.md).
// Exits 1 on any error.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');

const root = path.resolve(__dirname, '..');

function errorCount(result) {
	if (result.passed) return 0;
	const summary = /(\d+) errors?/.exec(result.details ?? '');
	return summary ? Number(summary[1]) : 1;
}

function packTarball(into) {
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', into], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
	const [{ filename }] = JSON.parse(out);
	const unpacked = path.join(into, 'package');
	fs.mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', path.join(into, path.basename(filename)), '-C', unpacked, '--strip-components=1']);
	return unpacked;
}

async function main() {
	execFileSync(process.execPath, [path.join(__dirname, 'bootstrap.js'), '--build'], { cwd: root, stdio: 'inherit' });
	const scanner = await import(pathToFileURL(require.resolve('@n8n/scan-community-package/scanner/scanner.mjs')).href);

	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'selsup-scan-'));
	try {
		const legs = [
			// What n8n lints in the source repository: package.json and the node and credential sources.
			['sources', () => scanner.analyzePackage(root, scanner.SOURCE_FILE_PATTERNS)],
			// Every .js, .ts and .json file the published tarball holds (n8n's own tarball leg lints the .js files and package.json).
			['tarball', () => scanner.analyzePackage(packTarball(work))],
		];
		let total = 0;
		for (const [name, analyze] of legs) {
			const result = await analyze();
			const errors = errorCount(result);
			total += errors;
			console.log(`scan ${name}: ${errors} error(s)${result.message && !result.passed ? ` (${result.message})` : ''}`);
			if (result.details) console.log(result.details);
		}
		console.log(JSON.stringify({ scanErrors: total }));
		process.exitCode = total ? 1 : 0;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
