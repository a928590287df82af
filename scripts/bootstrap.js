#!/usr/bin/env node
// Makes a fresh clone ready: installs the dev dependencies when they are missing or older than the lock
// file, and (with --build) builds dist/ when it is missing or older than the sources. Node built-ins only,
// since it runs before anything is installed.
const { execSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const run = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit' });
const mtime = (p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0);

function newest(dir) {
	let latest = 0;
	if (!fs.existsSync(dir)) return latest;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		latest = Math.max(latest, entry.isDirectory() ? newest(p) : mtime(p));
	}
	return latest;
}

const installed = path.join(root, 'node_modules', '.package-lock.json');
if (!fs.existsSync(path.join(root, 'node_modules', '.bin', 'jest')) || mtime(installed) < mtime(path.join(root, 'package-lock.json'))) {
	console.log('[bootstrap] installing dev dependencies (npm ci)…');
	run('npm ci');
}

if (process.argv.includes('--build')) {
	const built = mtime(path.join(root, 'dist', 'nodes', 'SelSup', 'SelSup.node.js'));
	const sources = Math.max(newest(path.join(root, 'nodes')), newest(path.join(root, 'credentials')), newest(path.join(root, 'icons')));
	if (!built || built < sources) {
		console.log('[bootstrap] building the package (npm run build)…');
		run('npm run build');
	}
}
