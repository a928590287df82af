'use strict';
/**
 * SelSup sandbox: a local fake of SelSup's API for development, tests, e2e runs and benchmarks.
 * See README.md in this folder. Plain CommonJS on Node's http module, no dependencies.
 */
const http = require('http');
const crypto = require('crypto');
const { byPath } = require('./routes');
const { validateQuery, validateJsonBody } = require('./validate');
const { TaskStore, FINAL, resultPath } = require('./tasks');
const { routeFile, taskFile, bigFile, disposition, XLSX } = require('./files');
const { LoadControls, requestKind, served, loadControl } = require('./load');
const { Records, LIST_PATHS } = require('./records');

const JSON_TYPE = 'application/json';
const MAX_BODY = 10 * 1024 * 1024;
const TASK_FAULT_FIELDS = ['taskStatus', 'taskMessage', 'taskStuck', 'taskMs', 'resultUrl', 'resultPath'];

const ORGANIZATIONS = [
	{ id: 11, name: 'Общество с ограниченной ответственностью «Ромашка»', shortName: 'ООО Ромашка', inn: '7701234567' },
	{ id: 12, name: 'Индивидуальный предприниматель Иванов Иван Иванович', shortName: 'ИП Иванов И.И.', inn: '503012345678' },
	{ id: 13, name: 'Акционерное общество «Северный ветер»', shortName: 'АО Северный ветер', inn: '7812345670' },
];
const WAREHOUSES = [
	{ id: 21, name: 'Основной склад', service: 'NONE', organizationId: 11 },
	{ id: 22, name: 'Склад Подольск', service: 'WILDBERRIES', organizationId: 11 },
	{ id: 23, name: 'Склад ИП Иванов', service: 'OZON', organizationId: 12 },
];

const NGINX_PAGE =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
	'<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n';

const json = (status, value, headers = {}) => ({
	status,
	headers: { 'content-type': JSON_TYPE, ...headers },
	body: Buffer.from(JSON.stringify(value)),
});
const notFound = (localMessage = 'Не найдено') => json(404, { error: 'NOT_FOUND', localMessage });

function parseQuery(searchParams) {
	const query = {};
	for (const [key, value] of searchParams) (query[key] ||= []).push(value);
	return query;
}

function toQuery(query = {}) {
	const out = {};
	for (const [k, v] of Object.entries(query)) out[k] = [].concat(v).map(String);
	return out;
}

async function startSandbox(options = {}) {
	const opts = {
		port: 0,
		host: '127.0.0.1',
		token: 'sandbox-token',
		taskDurationMs: 3000,
		absoluteUrls: false,
		dateFormat: 'iso',
		strictSorts: false,
		...options,
	};
	const requests = [];
	const faults = new Map();
	const timers = new Set();
	let url = '';

	const fileUrl = (path) => {
		const rel = `/files/file?path=${path.split('/').map(encodeURIComponent).join('/')}`;
		return opts.absoluteUrls ? url + rel : rel;
	};
	const tasks = new TaskStore({ durationMs: opts.taskDurationMs, fileUrl, dateFormat: opts.dateFormat });
	const records = new Records();
	const load = new LoadControls();
	// Tasks started through the API are counted per call (load.js), to find a call that started two.
	const createApiTask = tasks.create.bind(tasks);
	tasks.create = (route, query, body, fault) => {
		const task = createApiTask(route, query, body, fault);
		load.noteStart(route, query, body, task);
		return task;
	};

	function setFault(path, fault) {
		if (!fault) return void faults.delete(path);
		// `times` counts down on a copy; unlimited faults have no count. `forMs`: an outage window, from now.
		faults.set(path, { ...fault, ...(fault.forMs !== undefined ? { until: Date.now() + fault.forMs } : {}) });
	}
	function clearFaults() {
		faults.clear();
	}
	function reset() {
		requests.length = 0;
		tasks.reset();
		faults.clear();
		load.reset();
	}
	function takeFault(path) {
		const key = faults.has(path) ? path : faults.has('*') ? '*' : null;
		if (!key) return null;
		const fault = faults.get(key);
		if (fault.until !== undefined && Date.now() >= fault.until) {
			faults.delete(key);
			return key === path && faults.has('*') ? takeFault(path) : null;
		}
		// `skip` lets that many matching requests through untouched first.
		if (fault.skip > 0) {
			fault.skip--;
			return null;
		}
		if (fault.times !== undefined && --fault.times <= 0) faults.delete(key);
		return fault;
	}
	const sleep = (ms) =>
		new Promise((resolve) => {
			const t = setTimeout(() => {
				timers.delete(t);
				resolve();
			}, ms);
			timers.add(t);
		});

	/** A stored file: a finished task's result or a big benchmark file. */
	function storedFile(path) {
		const p = String(path).replace(/^\/+/, '');
		const big = bigFile(p);
		if (big) return big;
		const m = /^tasks\/(\d+)\/([^/]+)$/.exec(p);
		const task = m && tasks.record(m[1]);
		if (!task || task.resultPath || task.resultUrl || `${task.result.file}.xlsx` !== m[2]) return null;
		return tasks.get(task.id).status === 'FINISHED' ? taskFile(task) : null;
	}

	function fileResponse(file, inline) {
		const headers = { 'content-type': inline ? (file.fileName?.endsWith('.xlsx') ? XLSX : file.contentType) : file.contentType };
		const cd = inline ? disposition('quoted', file.fileName)?.replace('attachment', 'inline') : file.disposition;
		if (cd) headers['content-disposition'] = cd;
		return { status: 200, headers, body: file.buffer ?? { length: file.length, chunks: file.chunks } };
	}

	/** The answer to an API request once faults have had their say. */
	function answer(req, path, query, body, fault) {
		if (path === '/files/view' && req.method === 'GET') {
			if (!query.path?.[0]) return json(400, requiredParam('path'));
			const file = storedFile(query.path[0]);
			return file ? fileResponse(file, true) : notFound('Файл не найден');
		}
		if (req.headers.authorization !== opts.token) return json(403, { error: 'FORBIDDEN' });

		if (path === '/files/file' || path === '/api/files/file') {
			if (req.method !== 'GET') return json(405, { error: 'METHOD_NOT_ALLOWED' });
			if (!query.path?.[0]) return json(400, requiredParam('path'));
			const file = storedFile(query.path[0]);
			return file ? fileResponse(file, false) : notFound('Файл не найден');
		}
		if (path === '/api/task/findTask' && req.method === 'GET') {
			const invalid = validateQuery([{ name: 'id', type: 'int' }], query);
			if (invalid) return json(invalid.status, invalid.body);
			if (query.id?.[0]) {
				const rows = [tasks.get(query.id[0])].filter(Boolean);
				return json(200, { rows, total: rows.length, page: 1 });
			}
			const found = tasks.find(query);
			return found.error ? json(400, found.error) : json(200, found);
		}
		if (path === '/api/task/cancelTask' && req.method === 'POST') {
			const invalid = validateQuery([{ name: 'taskId', type: 'int', required: true }], query);
			if (invalid) return json(invalid.status, invalid.body);
			const task = tasks.cancel(query.taskId[0]);
			return task ? json(200, task) : notFound(`Задача ${query.taskId[0]} не найдена`);
		}
		if (path === '/api/client/findClientOrganization' && req.method === 'GET') {
			const rows = ORGANIZATIONS.map((organization) => ({ id: organization.id, organization }));
			return json(200, { rows, total: rows.length, page: 1 });
		}
		if (path === '/api/warehouse/list' && req.method === 'GET') {
			const service = query.service?.[0];
			return json(200, WAREHOUSES.filter((w) => !service || w.service === service));
		}

		if (LIST_PATHS[path] && req.method === 'GET') {
			const found = records.find(LIST_PATHS[path], query, { strictSorts: opts.strictSorts });
			return found.error ? json(400, found.error) : json(200, found);
		}

		const route = byPath.get(path);
		if (!route) return notFound();
		if (route.method !== req.method) return json(405, { error: 'METHOD_NOT_ALLOWED' });
		const invalid = validateQuery(route.params, query) || (route.body ? validateJsonBody(body) : null);
		if (invalid) return json(invalid.status, invalid.body);

		if (route.kind === 'value') {
			if (route.name === 'checkCommerceMlAuth') return json(200, query.password[0] !== 'wrong');
			return json(200, 'Задача создания карточек запущена');
		}
		if (route.kind === 'task') {
			const taskFault = {};
			for (const k of TASK_FAULT_FIELDS) if (fault?.[k] !== undefined) taskFault[k] = fault[k];
			return json(200, tasks.create(route, query, body, taskFault));
		}
		return fileResponse(routeFile(route, query), false);
	}

	function faultResponse(fault) {
		if (fault.html) {
			return { status: fault.status ?? 200, headers: { 'content-type': 'text/html', server: 'nginx/1.24.0' }, body: Buffer.from(NGINX_PAGE) };
		}
		if (fault.empty) return { status: fault.status ?? 200, headers: {}, body: Buffer.alloc(0) };
		if (fault.status === undefined && fault.body === undefined) return null;
		const status = fault.status ?? 200;
		let body = fault.body;
		if (body === undefined) {
			body = status >= 500 ? { error: 'INTERNAL_ERROR', message: 'Sandbox fault', system: 'sandbox' } : { error: 'SANDBOX_FAULT' };
		}
		if (typeof body === 'string') {
			let isJson = true;
			try {
				JSON.parse(body);
			} catch {
				isJson = false;
			}
			return { status, headers: { 'content-type': isJson ? JSON_TYPE : 'text/plain; charset=utf-8' }, body: Buffer.from(body) };
		}
		return json(status, body);
	}

	/**
	 * Writes a response. `body` is a Buffer or a { length, chunks() } stream; streams are written
	 * chunk by chunk waiting for 'drain', so big files never sit in memory. With `cut` set, only
	 * that many body bytes are sent and the connection is then closed under the client.
	 */
	function send(req, res, response, fault, entry) {
		const body = response.body;
		const length = body.length;
		const headers = { ...response.headers, ...(fault?.headers || {}), 'content-length': String(length) };
		let cut = null;
		if (fault?.truncate !== undefined) cut = Math.min(Number(fault.truncate), length);
		else if (fault?.drop === 'after') cut = Math.floor(length / 2);
		entry.status = response.status;
		entry.contentType = headers['content-type'] ?? null;
		entry.disposition = headers['content-disposition'] ?? null;
		if (Buffer.isBuffer(body)) entry.sha256 = crypto.createHash('sha256').update(body).digest('hex');
		res.writeHead(response.status, headers);

		const chunks = Buffer.isBuffer(body) ? [body][Symbol.iterator]() : body.chunks();
		let sent = 0;
		const limit = cut ?? length;
		const hangUp = () => {
			entry.cut = true;
			// end(), not destroy(): what was written still reaches the client before the FIN.
			res.socket?.end();
			setTimeout(() => res.socket?.destroy(), 1000).unref();
		};
		res.on('close', () => {
			entry.bytesSent = sent;
			entry.durationMs = Date.now() - entry.time;
		});
		const pump = () => {
			while (sent < limit) {
				if (res.destroyed) return;
				const { value, done } = chunks.next();
				if (done) break;
				const part = value.length > limit - sent ? value.subarray(0, limit - sent) : value;
				sent += part.length;
				if (!res.write(part)) return void res.once('drain', pump);
			}
			if (cut === null) res.end();
			// After the tick in which http uncorks the socket, so the partial body goes out first.
			else setImmediate(hangUp);
		};
		if (cut !== null && limit === 0) res.flushHeaders();
		pump();
	}

	async function handle(req, res) {
		const u = new URL(req.url, 'http://sandbox');
		const path = u.pathname;
		const query = parseQuery(u.searchParams);
		const chunks = [];
		let size = 0;
		for await (const c of req) {
			size += c.length;
			if (size > MAX_BODY) return void req.socket.destroy();
			chunks.push(c);
		}
		const body = size ? Buffer.concat(chunks).toString('utf8') : null;

		if (path.startsWith('/__sandbox/')) {
			const answer = loadControl(load, requests, req.method, path, body, u.searchParams, json) ?? control(req.method, path, body);
			return void send(req, res, answer, null, {});
		}

		const entry = {
			method: req.method,
			path,
			query,
			headers: { ...req.headers },
			body,
			status: null,
			bytesSent: 0,
			sha256: null,
			time: Date.now(),
		};
		requests.push(entry);

		const admitted = load.enter();
		if (admitted.refused) {
			entry.throttled = true;
			return void send(req, res, faultResponse(admitted.refused), admitted.refused, entry);
		}
		res.once('close', admitted.leave);
		const planned = load.plan(req.method, path, query, body, requestKind(req.method, path, byPath.get(path)));
		if (planned.delayMs) await sleep(planned.delayMs);
		const fault = takeFault(path) ?? planned.fault;
		if (planned.fault && fault === planned.fault) entry.chaos = true;
		if (fault?.delayMs) await sleep(fault.delayMs);
		if (fault?.drop === 'before') {
			entry.dropped = true;
			return void req.socket.destroy();
		}
		const response = (fault && faultResponse(fault)) || answer(req, path, query, body, fault);
		send(req, res, response, fault, entry);
	}

	function control(method, path, body) {
		if (path === '/__sandbox/health' && method === 'GET') {
			return json(200, { ok: true, url, token: opts.token, tasks: tasks.tasks.size, requests: requests.length });
		}
		if (path === '/__sandbox/requests' && method === 'GET') return json(200, requests);
		if (path === '/__sandbox/reset' && method === 'POST') {
			reset();
			return json(200, { ok: true });
		}
		if (path === '/__sandbox/tasks' && method === 'GET') return json(200, tasks.list());
		if (path === '/__sandbox/history' && method === 'POST') {
			const spec = parseBody(body || '{}');
			if (spec instanceof Error) return json(400, { error: 'INVALID_BODY', localMessage: spec.message });
			return json(200, tasks.seedHistory(spec));
		}
		if (path === '/__sandbox/dates' && method === 'POST') {
			const spec = parseBody(body || '{}');
			try {
				if (spec instanceof Error) throw spec;
				if (spec.format !== undefined) tasks.setDateFormat(spec.format);
				if (spec.aheadMs !== undefined) tasks.setClockAhead(spec.aheadMs);
			} catch (e) {
				return json(400, { error: 'INVALID_BODY', localMessage: e.message });
			}
			return json(200, { ok: true, format: spec.format });
		}
		if (path === '/__sandbox/tasks' && method === 'POST') {
			const spec = parseBody(body);
			if (spec instanceof Error) return json(400, { error: 'INVALID_BODY', localMessage: spec.message });
			const specs = Array.isArray(spec) ? spec : Array.from({ length: Math.max(1, Number(spec.count ?? 1)) }, () => spec);
			const bad = specs.map(checkTaskSpec).find(Boolean);
			if (bad) return json(400, { error: 'INVALID_BODY', localMessage: bad });
			return json(200, { tasks: specs.map((s) => tasks.createFromCabinet(s)) });
		}
		const finishing = /^\/__sandbox\/tasks\/(\d+)\/finish$/.exec(path);
		if (finishing && method === 'POST') {
			const spec = parseBody(body || '{}');
			if (spec instanceof Error) return json(400, { error: 'INVALID_BODY', localMessage: spec.message });
			const bad = checkTaskSpec({ status: spec.status });
			if (bad) return json(400, { error: 'INVALID_BODY', localMessage: bad });
			const task = tasks.finish(finishing[1], spec);
			return task ? json(200, task) : notFound(`Задача ${finishing[1]} не найдена`);
		}
		if (path === '/__sandbox/faults' && method === 'GET') return json(200, Object.fromEntries(faults));
		if (path === '/__sandbox/faults' && method === 'DELETE') {
			clearFaults();
			return json(200, { ok: true });
		}
		if (path === '/__sandbox/faults' && method === 'POST') {
			let map;
			try {
				map = JSON.parse(body || '');
			} catch (e) {
				return json(400, { error: 'INVALID_BODY', localMessage: e.message });
			}
			if (!map || typeof map !== 'object') return json(400, { error: 'INVALID_BODY', localMessage: 'ожидается {"<path>": fault}' });
			for (const [p, f] of Object.entries(map)) setFault(p, f);
			return json(200, { ok: true, faults: Object.fromEntries(faults) });
		}
		return notFound();
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((e) => {
			if (!res.headersSent) {
				res.writeHead(500, { 'content-type': JSON_TYPE });
				res.end(JSON.stringify({ error: 'INTERNAL_ERROR', message: String(e && e.stack), system: 'sandbox' }));
			} else res.destroy();
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port, opts.host, resolve);
	});
	const port = server.address().port;
	const shownHost = ['0.0.0.0', '::', ''].includes(opts.host) ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
	url = `http://${shownHost}:${port}`;

	return {
		url,
		port,
		token: opts.token,
		requests,
		setFault,
		clearFaults,
		reset,
		/** Latency, seeded faults, task-start counts: load.configure({ latencyMs, chaos }), load.summary(). */
		load,
		/** Bodies served with 200 and their sha256, optionally for one path. */
		served: (filter) => served(requests, filter),
		/** { buffer, fileName, contentType } served for a file route (or /files/file?path=…) and query. */
		expectedFile(path, query = {}) {
			const q = toQuery(query);
			let file;
			if (path === '/files/file' || path === '/files/view') file = storedFile(q.path?.[0] ?? '');
			else if (byPath.get(path)?.kind === 'file') file = routeFile(byPath.get(path), q);
			if (!file) throw new Error(`no file for ${path}`);
			const buffer = file.buffer ?? Buffer.concat([...file.chunks()]);
			return { buffer, fileName: file.fileName, contentType: file.contentType };
		},
		close() {
			for (const t of timers) clearTimeout(t);
			timers.clear();
			return new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
		/** A task as if started in the SelSup cabinet (see TaskSpec in index.d.ts); returns its TmsTask. */
		createTask(spec = {}) {
			const bad = checkTaskSpec(spec);
			if (bad) throw new Error(bad);
			return tasks.createFromCabinet(spec);
		},
		/** Ends a task now: FINISHED, or a failure status with its message. Null for an unknown id. */
		finishTask(id, outcome = {}) {
			const bad = checkTaskSpec({ status: outcome.status });
			if (bad) throw new Error(bad);
			return tasks.finish(id, outcome);
		},
		/** A busy account: many past tasks and optionally one stuck in RUNNING (see seedHistory in tasks.js). */
		seedHistory: (spec) => tasks.seedHistory(spec),
		/** Switches how task dates are written from now on (see SandboxOptions.dateFormat). */
		/** SelSup's clock this far ahead (ms): tasks created from now on carry dates that much later. */
		setClockAhead: (ms) => tasks.setClockAhead(ms),
		setDateFormat: (format) => tasks.setDateFormat(format),
		/** Internal, for debugging: the task store. */
		tasks,
	};
}

function parseBody(body) {
	try {
		const value = JSON.parse(body || '');
		if (!value || typeof value !== 'object') throw new Error('ожидается JSON-объект');
		return value;
	} catch (e) {
		return e;
	}
}

/** A problem with a control-API task spec, or null. */
function checkTaskSpec(spec) {
	if (!spec || typeof spec !== 'object') return 'задача: ожидается JSON-объект';
	if (spec.status !== undefined && !FINAL.includes(spec.status)) return `status: одно из ${FINAL.join(', ')}`;
	if (spec.resultAs !== undefined && !['url', 'file'].includes(spec.resultAs)) return 'resultAs: url или file';
	for (const k of ['createdAgoMs', 'durationMs', 'organizationId', 'entityId']) {
		if (spec[k] !== undefined && spec[k] !== null && !(Number.isFinite(spec[k]) && spec[k] >= 0)) return `${k}: число не меньше 0`;
	}
	return null;
}

function requiredParam(name) {
	return { error: 'REQUIRED_PARAMETER', localMessage: `Не заполнен обязательный параметр ${name}`, params: { name } };
}

module.exports = { startSandbox, resultPath };
