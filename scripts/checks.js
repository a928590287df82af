#!/usr/bin/env node
// Runs a tool of tools/n8n-checks (n8n's lint config and community package scanner), installing that
// folder from its own lock file first when needed. Usage: node scripts/checks.js <bin> [args…]
//
// Why a separate folder: @n8n/node-cli pulls n8n-workflow 2.x, whose isolated-vm builds only on Node 24+,
// so as a devDependency of the package it breaks `npm ci` on Node 20 and 22. Only an `overrides` entry
// avoids that, and n8n's own rules forbid `overrides` in a community package's package.json.
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { withoutNpmSettings } = require('./n8n/instance');

const dir = path.resolve(__dirname, '..', 'tools', 'n8n-checks');
const mtime = (p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0);

function ensureInstalled() {
	const installed = path.join(dir, 'node_modules', '.package-lock.json');
	if (mtime(installed) >= mtime(path.join(dir, 'package-lock.json'))) return;
	console.error('[checks] installing tools/n8n-checks (npm ci)…');
	// Not under the settings `npm run` exported: that folder's own .npmrc and lock decide.
	execFileSync('npm', ['ci', '--no-audit', '--no-fund'], {
		cwd: dir,
		stdio: ['ignore', 'inherit', 'inherit'],
		env: withoutNpmSettings(process.env),
	});
}

ensureInstalled();
const [bin, ...args] = process.argv.slice(2);
if (!bin) process.exit(0);
const local = path.join(dir, 'node_modules', '.bin', bin);
const target = bin === 'node' ? process.execPath : fs.existsSync(local) ? local : bin;
const result = spawnSync(target, args, { stdio: 'inherit', cwd: path.resolve(__dirname, '..') });
process.exit(result.status ?? 1);
