#!/usr/bin/env node
'use strict';
/**
 * Smoke check of an n8n install (run by install.sh before it marks an install done,
 * and again before a cached install is reused):
 *
 *   node scripts/n8n/smoke.js <install dir>      (with the node that will run that n8n)
 *
 * 1. The CLI knows the commands the scripts use: `n8n <command> --help` exits 0 for
 *    start, execute, worker and import:workflow. A command whose module fails to load
 *    is reported by n8n as `Command "start" not found`; we also require the module
 *    to print the real reason (e.g. a missing peer dependency).
 * 2. Every n8n node that the repo's workflows use loads and can be constructed. The
 *    list is the baseline below plus every `n8n-nodes-base.*` / `@n8n/n8n-nodes-langchain.*`
 *    type found in examples/, test/, bench/ and scripts/, so a new workflow is covered
 *    without editing this file.
 *
 * Exits 0 when all pass; otherwise prints one line per failure and exits 1.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const COMMANDS = ['start', 'execute', 'worker', 'import:workflow'];
const BASELINE = [
	'n8n-nodes-base.extractFromFile',
	'n8n-nodes-base.readWriteFile',
	'n8n-nodes-base.emailSend',
	'n8n-nodes-base.googleDrive',
	'n8n-nodes-base.scheduleTrigger',
	'n8n-nodes-base.manualTrigger',
	'n8n-nodes-base.code',
	'n8n-nodes-base.webhook',
	'n8n-nodes-base.respondToWebhook',
	'n8n-nodes-base.httpRequest',
	'@n8n/n8n-nodes-langchain.agent',
	'@n8n/n8n-nodes-langchain.lmChatOpenAi',
];
const SCAN_DIRS = ['examples', 'test', 'bench', 'scripts'];
const TYPE_RE = /(n8n-nodes-base|@n8n\/n8n-nodes-langchain)\.([A-Za-z0-9]+)/g;

function usedNodeTypes() {
	const types = new Set(BASELINE);
	const walk = (dir) => {
		let entries;
		try {
			entries = fs.readdirSync(dir, { withFileTypes: true });
		} catch {
			return;
		}
		for (const e of entries) {
			const p = path.join(dir, e.name);
			if (e.isDirectory()) {
				if (e.name !== 'node_modules' && !e.name.startsWith('.')) walk(p);
			} else if (/\.(js|json|ts|mjs)$/.test(e.name)) {
				for (const m of fs.readFileSync(p, 'utf8').matchAll(TYPE_RE)) types.add(`${m[1]}.${m[2]}`);
			}
		}
	};
	for (const d of SCAN_DIRS) walk(path.join(REPO_ROOT, d));
	return [...types].sort();
}

function checkNode(modules, type) {
	const dot = type.lastIndexOf('.');
	const pkg = type.slice(0, dot);
	const name = type.slice(dot + 1);
	const pkgDir = path.join(modules, pkg);
	let known;
	try {
		known = require(path.join(pkgDir, 'dist', 'known', 'nodes.json'));
	} catch (e) {
		return `${type}: cannot read ${pkg}'s list of nodes (${e.message})`;
	}
	const entry = known[name];
	if (!entry) return `${type}: ${pkg} has no such node`;
	try {
		const mod = require(path.join(pkgDir, entry.sourcePath));
		const NodeClass = mod[entry.className];
		const node = new NodeClass();
		if (!node.description && !node.nodeVersions) return `${type}: constructed without a description`;
	} catch (e) {
		return `${type}: does not load (${String(e.message).split('\n')[0]})`;
	}
	return undefined;
}

function runCli(dir, command, userFolder) {
	const bin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const major = Number(require(path.join(dir, 'node_modules', 'n8n', 'package.json')).version.split('.')[0]);
	const env = {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		N8N_USER_FOLDER: userFolder,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_RUNNERS_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		...(major < 2 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
	};
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [bin, command, '--help'], { cwd: userFolder, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), 120000);
		child.on('close', (code) => {
			clearTimeout(timer);
			if (code === 0 && !/not found/i.test(out)) return resolve(undefined);
			let reason = out.replace(/\x1b\[[0-9;]*m/g, '').trim().split('\n').pop();
			try {
				require(path.join(dir, 'node_modules', 'n8n', 'dist', 'commands', `${command.replace(':', '/')}.js`));
			} catch (e) {
				reason = String(e.message).split('\n')[0];
			}
			resolve(`n8n ${command}: the CLI does not know it (exit ${code}): ${reason}`);
		});
	});
}

async function main() {
	const dir = path.resolve(process.argv[2] || '.');
	const modules = path.join(dir, 'node_modules');
	if (!fs.existsSync(path.join(modules, 'n8n', 'bin', 'n8n'))) {
		console.log(`no n8n in ${modules}`);
		process.exit(1);
	}
	const started = Date.now();
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'selsup-n8n-smoke-'));
	const failures = [];
	try {
		for (const command of COMMANDS) {
			const f = await runCli(dir, command, userFolder);
			if (f) failures.push(f);
		}
		const types = usedNodeTypes();
		for (const type of types) {
			const f = checkNode(modules, type);
			if (f) failures.push(f);
		}
		if (failures.length) {
			for (const f of failures) console.log(`smoke check failed: ${f}`);
			process.exit(1);
		}
		console.log(
			`smoke check passed in ${((Date.now() - started) / 1000).toFixed(1)} s: commands ${COMMANDS.join(', ')}; ${types.length} nodes load (${types.map((t) => t.split('.').pop()).join(', ')})`,
		);
	} finally {
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

main().catch((e) => {
	console.log(`smoke check failed: ${e.message}`);
	process.exit(1);
});
