'use strict';
/**
 * Redis and PostgreSQL for the queue-mode suite, from the machine's Debian packages: installed with
 * apt-get when missing, started on free loopback ports in a temporary folder, stopped at the end
 * (stopSync() also works from an 'exit' handler, so a failing run does not leave them behind).
 *
 * PostgreSQL refuses to run as root: as root, initdb and pg_ctl run as the `postgres` user that the
 * Debian package creates (runuser), in a folder handed to that user.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync, execFileSync } = require('child_process');
const { freePort } = require('../../scripts/n8n/instance');

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function which(cmd) {
	const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : null;
}

/** Newest /usr/lib/postgresql/<ver>/bin that has initdb, or null. */
function postgresBinDir() {
	const base = '/usr/lib/postgresql';
	if (!fs.existsSync(base)) return null;
	const versions = fs
		.readdirSync(base)
		.filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(base, versions[0], 'bin') : null;
}

/** apt-get install -y redis-server postgresql when either is missing. Returns the seconds it took (0 when nothing to do). */
function ensureInstalled(log = console.log) {
	const missing = [];
	if (!which('redis-server')) missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	if (!missing.length) return 0;
	const started = Date.now();
	const sudo = isRoot ? [] : ['sudo', '-n'];
	log(`[services] installing ${missing.join(' ')} with apt-get`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const run = (args) => {
		const [cmd, ...rest] = [...sudo, ...args];
		execFileSync(cmd, rest, { stdio: ['ignore', 'inherit', 'inherit'], env });
	};
	run(['apt-get', 'update']);
	run(['apt-get', 'install', '-y', ...missing]);
	if (!which('redis-server') || !postgresBinDir()) throw new Error(`apt-get install ${missing.join(' ')} did not provide the binaries`);
	return (Date.now() - started) / 1000;
}

class Services {
	constructor({ log = console.log } = {}) {
		this.log = log;
		this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'selsup-queue-services-'));
		this.redis = null;
		this.postgres = null;
	}

	/** Runs a PostgreSQL tool as a user PostgreSQL accepts. */
	pgTool(name, args, opts = {}) {
		const bin = path.join(this.pgBin, name);
		const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
		return spawnSync(cmd, argv, { encoding: 'utf8', timeout: 120000, ...opts });
	}

	async start() {
		this.installSeconds = ensureInstalled(this.log);
		await this.startRedis();
		await this.startPostgres();
		return this;
	}

	async startRedis() {
		const port = await freePort();
		const dir = path.join(this.dir, 'redis');
		fs.mkdirSync(dir);
		const logFile = path.join(dir, 'redis.log');
		const fd = fs.openSync(logFile, 'a');
		const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
		// Output to a file and unref'd: the suite's process must be free to exit (and stop it on the way out).
		const child = spawn(which('redis-server'), args, { stdio: ['ignore', fd, fd] });
		fs.closeSync(fd);
		child.unref();
		this.redis = { port, host: '127.0.0.1', child, pid: child.pid };
		const deadline = Date.now() + 20000;
		while (Date.now() < deadline) {
			if (child.exitCode !== null) throw new Error(`redis-server exited: ${safeRead(logFile)}`);
			const r = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { encoding: 'utf8' });
			if (r.stdout?.trim() === 'PONG') return this.redis;
			await new Promise((res) => setTimeout(res, 200));
		}
		throw new Error(`redis-server did not answer on port ${port}`);
	}

	async startPostgres() {
		this.pgBin = postgresBinDir();
		const port = await freePort();
		const data = path.join(this.dir, 'pg');
		fs.mkdirSync(data, { mode: 0o700 });
		if (isRoot) {
			// The temp folder must be enterable by the postgres user; the data folder is its own.
			fs.chmodSync(this.dir, 0o755);
			execFileSync('chown', ['-R', 'postgres:postgres', data]);
		}
		const init = this.pgTool('initdb', ['-D', data, '-U', 'n8n', '--auth=trust', '-E', 'UTF8', '--no-locale']);
		if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
		const logFile = path.join(data, 'server.log');
		const opts = `-p ${port} -k ${data} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
		const start = this.pgTool('pg_ctl', ['-D', data, '-o', opts, '-l', logFile, '-w', '-t', '60', 'start']);
		this.postgres = { port, host: '127.0.0.1', data, user: 'n8n', database: 'n8n' };
		if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr || start.stdout}\n${safeRead(logFile)}`);
		const create = spawnSync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', 'CREATE DATABASE n8n'], {
			encoding: 'utf8',
		});
		if (create.status !== 0) throw new Error(`CREATE DATABASE failed: ${create.stderr}`);
		return this.postgres;
	}

	/** A fresh database (for the second binary mode): dropped and created again. */
	recreateDatabase(name = 'n8n') {
		for (const sql of [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, `CREATE DATABASE ${name}`]) {
			const r = this.psql(sql, 'postgres');
			if (r.status !== 0) throw new Error(`${sql} failed: ${r.stderr}`);
		}
	}

	flushRedis() {
		spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(this.redis.port), 'flushall'], { encoding: 'utf8' });
	}

	psql(sql, database = 'n8n') {
		return spawnSync('psql', ['-h', '127.0.0.1', '-p', String(this.postgres.port), '-U', 'n8n', '-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
			encoding: 'utf8',
		});
	}

	/** The n8n environment for these services. */
	n8nEnv() {
		return {
			QUEUE_BULL_REDIS_HOST: this.redis.host,
			QUEUE_BULL_REDIS_PORT: String(this.redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: this.postgres.host,
			DB_POSTGRESDB_PORT: String(this.postgres.port),
			DB_POSTGRESDB_DATABASE: this.postgres.database,
			DB_POSTGRESDB_USER: this.postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
		};
	}

	/** Stops both and removes the folder. Synchronous, so it can run from process.on('exit'). */
	stopSync() {
		if (this.stopped) return;
		this.stopped = true;
		if (this.postgres) {
			this.pgTool('pg_ctl', ['-D', this.postgres.data, '-m', 'immediate', '-w', '-t', '30', 'stop'], { stdio: 'ignore' });
		}
		if (this.redis?.child && this.redis.child.exitCode === null) {
			try {
				process.kill(this.redis.pid, 'SIGKILL');
			} catch {
				/* already gone */
			}
		}
		fs.rmSync(this.dir, { recursive: true, force: true });
	}
}

function safeRead(file) {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

module.exports = { Services, ensureInstalled, freePort, postgresBinDir };
