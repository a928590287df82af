/**
 * scripts/n8n/install.sh must install n8n (and Node 24) with a clean npm environment, whatever started it:
 * `npm run` exports the project's .npmrc (legacy-peer-deps=true, yes=true) as npm_config_* variables, and an
 * n8n installed under them lacks peer dependencies of its own dependencies (date-fns for Extract From File).
 * A stand-in `npm` first on PATH records the environment of the install's npm calls and then fails, so
 * nothing is downloaded.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const INSTALL = join(ROOT, 'scripts', 'n8n', 'install.sh');
// What may pass: where npm's own cache and config files are (npm reads the machine's settings from them).
const ALLOWED = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_globalconfig']);

let work;
let fakeBin;
let logDir;

beforeEach(() => {
	work = mkdtempSync(join(tmpdir(), 'selsup-install-env-'));
	fakeBin = join(work, 'bin');
	logDir = join(work, 'log');
	execFileSync('mkdir', ['-p', fakeBin, logDir]);
	const fake = [
		'#!/usr/bin/env bash',
		'if [ "$1" = config ]; then echo /usr/etc/npmrc; exit 0; fi',
		'n=$(ls "$FAKE_NPM_LOG" | wc -l)',
		'{ echo "ARGS=$*"; echo "CWD=$PWD"; env; } > "$FAKE_NPM_LOG/call-$n"',
		'exit 1',
	].join('\n');
	writeFileSync(join(fakeBin, 'npm'), fake);
	chmodSync(join(fakeBin, 'npm'), 0o755);
});

afterEach(() => rmSync(work, { recursive: true, force: true }));

function calls() {
	return readdirSync(logDir)
		.sort()
		.map((f) => {
			const lines = readFileSync(join(logDir, f), 'utf8').split('\n');
			const env = new Map();
			for (const line of lines.slice(2)) {
				const eq = line.indexOf('=');
				if (eq > 0) env.set(line.slice(0, eq), line.slice(eq + 1));
			}
			return { args: lines[0].replace(/^ARGS=/, ''), env };
		});
}

function npmKeys(call) {
	return [...call.env.keys()].filter((k) => k.toLowerCase().startsWith('npm_'));
}

function baseEnv(extra) {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) if (!k.toLowerCase().startsWith('npm_')) env[k] = v;
	return {
		...env,
		PATH: `${fakeBin}:${process.env.PATH ?? ''}`,
		SELSUP_N8N_CACHE: join(work, 'cache'),
		FAKE_NPM_LOG: logDir,
		...extra,
	};
}

describe('scripts/n8n/install.sh environment', () => {
	it('gets no project npm setting through `npm run n8n:install` (the path that broke n8n)', () => {
		const npmCli = execFileSync('bash', ['-c', 'command -v npm'], { encoding: 'utf8', env: { PATH: process.env.PATH } }).trim();
		// The leak is real: npm run hands the project's .npmrc to scripts.
		const shown = execFileSync(npmCli, ['run', 'env'], { cwd: ROOT, encoding: 'utf8', env: baseEnv({ PATH: process.env.PATH ?? '' }) });
		expect(shown).toMatch(/^npm_config_legacy_peer_deps=true$/m);

		const r = spawnSync(npmCli, ['run', 'n8n:install', '--', '1.123.81'], { cwd: ROOT, encoding: 'utf8', env: baseEnv({}) });
		expect(r.status).not.toBe(0); // the stand-in npm fails the install on purpose
		const made = calls();
		expect(made.length).toBeGreaterThan(0);
		const ci = made[0];
		expect(ci.args).toMatch(/^ci --ignore-scripts/);
		expect(ci.env.has('npm_config_legacy_peer_deps')).toBe(false);
		expect(ci.env.has('npm_config_yes')).toBe(false);
		expect(npmKeys(ci).filter((k) => !ALLOWED.has(k))).toEqual([]);
		expect(ci.env.get('npm_config_globalconfig')).toBeTruthy();
	});

	it('drops inherited npm settings in any case, keeps the cache, for n8n 2.x and its Node 24 too', () => {
		const r = spawnSync('bash', [INSTALL, '2.41.1'], {
			encoding: 'utf8',
			env: baseEnv({
				npm_config_legacy_peer_deps: 'true',
				NPM_CONFIG_STRICT_PEER_DEPS: 'true',
				npm_config_omit: 'dev',
				npm_package_name: 'n8n-nodes-selsup',
				npm_lifecycle_event: 'test:e2e',
				npm_config_cache: join(work, 'npm-cache'),
			}),
		});
		expect(r.status).not.toBe(0);
		const made = calls();
		expect(made.length).toBeGreaterThan(0);
		// The first npm call of a 2.x install is Node 24's (from scripts/n8n/node24's lock file).
		expect(made[0].args).toMatch(/^ci /);
		for (const call of made) {
			expect(npmKeys(call).filter((k) => !ALLOWED.has(k.toLowerCase()))).toEqual([]);
			expect(call.env.get('npm_config_cache')).toBe(join(work, 'npm-cache'));
		}
	});

	it('smoke-checks a cached install before reusing it, and rebuilds one that fails, saying why', () => {
		const env = baseEnv({});
		const dir = execFileSync('bash', [INSTALL, '--dir', '1.123.81'], { encoding: 'utf8', env }).trim();
		expect(dir).toMatch(new RegExp(`^${join(work, 'cache')}/n8n-1\\.123\\.81-[0-9a-f]{12}$`));
		// A marker without a working n8n behind it: what a broken earlier install would leave.
		execFileSync('mkdir', ['-p', dir]);
		writeFileSync(join(dir, '.installed'), 'n8n=1.123.81\n');
		const r = spawnSync('bash', [INSTALL, '1.123.81'], { encoding: 'utf8', env });
		expect(r.stdout).toMatch(/fails the smoke check, rebuilding it/);
		expect(r.stdout).toMatch(/no n8n in/);
		expect(calls()[0].args).toMatch(/^ci --ignore-scripts/); // the reinstall started
		expect(r.status).not.toBe(0); // and the stand-in npm failed it: no marker left behind
		expect(spawnSync('test', ['-e', join(dir, '.installed')]).status).not.toBe(0);
	});

	it('is refused for a version without a committed lock file', () => {
		const r = spawnSync('bash', [INSTALL, '1.0.0'], { encoding: 'utf8', env: baseEnv({}) });
		expect(r.status).toBe(2);
		expect(r.stderr).toMatch(/no lock file for n8n 1\.0\.0/);
		expect(calls()).toEqual([]);
	});

	it('instance.install() passes no npm setting of its caller on either', async () => {
		const lib = require(join(ROOT, 'scripts', 'n8n', 'instance.js'));
		const saved = { ...process.env };
		Object.assign(process.env, baseEnv({ npm_config_legacy_peer_deps: 'true', npm_config_yes: 'true' }));
		try {
			await expect(lib.install('1.123.81', { log: { write: () => true } })).rejects.toThrow(/exited with/);
		} finally {
			for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
			Object.assign(process.env, saved);
		}
		const made = calls();
		expect(made.length).toBeGreaterThan(0);
		expect(npmKeys(made[0]).filter((k) => !ALLOWED.has(k))).toEqual([]);
	});
});
