'use strict';
/**
 * Load-test controls of the sandbox (queue-mode suite, benchmarks): a latency added to every API
 * request, faults on a share of calls chosen by a seed, a count of how often each task was started,
 * and the sha256 of every body served.
 *
 * Faults are chosen per call, not per arrival order: a call is its method, path, query and body (a poll
 * or result download is named by the call that started its task, since task ids follow arrival order),
 * and whether its first arrival gets a fault depends only on hash(seed, call). So the same seed faults
 * the same calls however many workers send them and in whatever order; the call's retry is never
 * faulted, which is what a client with retries should survive.
 */
const crypto = require('crypto');

// Which faults each kind of request may get. Only faults a client may safely repeat after: a 429
// means the call was refused outright; a 503 or a reset is repeatable only where the call starts
// nothing (downloads, polls).
const ELIGIBLE = {
	poll: ['429', '503', 'reset'],
	download: ['429', '503'],
	start: ['429'],
	other: [],
};

function unitHash(...parts) {
	return crypto.createHash('sha256').update(parts.join('\u0000')).digest().readUInt32BE(0) / 2 ** 32;
}

function callKey(method, path, query, body) {
	const q = Object.keys(query)
		.sort()
		.map((k) => `${k}=${query[k].join(',')}`)
		.join('&');
	return `${method} ${path}?${q}${body ? ` ${body}` : ''}`;
}

class LoadControls {
	constructor() {
		this.settings = { latencyMs: 0, chaos: null, maxInFlight: null };
		this.inFlight = 0;
		this.reset();
	}

	reset() {
		this.arrivals = new Map();
		this.starts = new Map();
		// task id → the call that started it: polls and result downloads are keyed by that call, not by
		// the id, which depends on the order tasks arrived in.
		this.taskCall = new Map();
		this.injected = { 429: 0, 503: 0, reset: 0 };
		this.injectedCalls = [];
		this.throttled = 0;
		this.peakInFlight = 0;
	}

	/**
	 * latencyMs: added before every API answer. chaos: { seed, share (0–1), retryAfterSec (default 1),
	 * kinds (default all) } or null to stop injecting. maxInFlight: API requests answered at once; one more
	 * gets 429 with Retry-After: 1 straight away (a server that limits concurrency), null for no limit.
	 */
	configure(patch = {}) {
		if (patch.maxInFlight !== undefined) {
			const n = patch.maxInFlight === null ? null : Number(patch.maxInFlight);
			if (n !== null && !(Number.isInteger(n) && n >= 1)) throw new Error('maxInFlight must be a whole number ≥ 1, or null');
			this.settings.maxInFlight = n;
		}
		if (patch.latencyMs !== undefined) {
			const ms = Number(patch.latencyMs);
			if (!Number.isFinite(ms) || ms < 0) throw new Error('latencyMs must be a number ≥ 0');
			this.settings.latencyMs = ms;
		}
		if (patch.chaos !== undefined) {
			const c = patch.chaos;
			if (c !== null && !(Number(c.share) >= 0 && Number(c.share) <= 1)) throw new Error('chaos.share must be between 0 and 1');
			this.settings.chaos = c && {
				seed: String(c.seed ?? 'selsup'),
				share: Number(c.share),
				retryAfterSec: Number(c.retryAfterSec ?? 1),
				kinds: c.kinds ?? ['429', '503', 'reset'],
			};
		}
		return this.settings;
	}

	/** What a request gets before its answer: { delayMs, fault } (fault: a sandbox fault object or null). */
	plan(method, path, query, body, kind) {
		const key = this.stableKey(method, path, query, body);
		const arrival = (this.arrivals.get(key) ?? 0) + 1;
		this.arrivals.set(key, arrival);
		const chaos = this.settings.chaos;
		let fault = null;
		if (chaos && arrival === 1 && unitHash(chaos.seed, key) < chaos.share) {
			const kinds = ELIGIBLE[kind].filter((k) => chaos.kinds.includes(k));
			if (kinds.length) {
				const chosen = kinds[Math.floor(unitHash(chaos.seed, 'kind', key) * kinds.length)];
				this.injected[chosen]++;
				this.injectedCalls.push({ kind: chosen, call: key });
				fault =
					chosen === '429'
						? { status: 429, headers: { 'retry-after': String(chaos.retryAfterSec) }, body: { error: 'TOO_MANY_REQUESTS' } }
						: chosen === '503'
							? { status: 503, body: { error: 'SERVICE_UNAVAILABLE', message: 'Sandbox chaos' } }
							: { drop: 'before' };
			}
		}
		return { delayMs: this.settings.latencyMs, fault };
	}

	/**
	 * An API request arrives: null when it may go on (call the returned `leave` once answered), or the
	 * 429 it gets because maxInFlight requests are being answered already.
	 */
	enter() {
		const max = this.settings.maxInFlight;
		if (max !== null && this.inFlight >= max) {
			this.throttled++;
			return { refused: { status: 429, headers: { 'retry-after': '1' }, body: { error: 'TOO_MANY_REQUESTS' } } };
		}
		this.inFlight++;
		this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
		let left = false;
		return {
			leave: () => {
				if (!left) this.inFlight--;
				left = true;
			},
		};
	}

	/** A task was created for this call. Two tasks for one call = a duplicate start. */
	noteStart(route, query, body, task) {
		const key = callKey(route.method, route.path, query, body);
		const ids = this.starts.get(key) ?? [];
		ids.push(task.id);
		this.starts.set(key, ids);
		this.taskCall.set(String(task.id), `${key} #${ids.length}`);
	}

	/** The call's identity, with a task id replaced by the call that started the task. */
	stableKey(method, path, query, body) {
		if (path === '/api/task/findTask' && query.id?.[0] && this.taskCall.has(query.id[0])) {
			return `poll of ${this.taskCall.get(query.id[0])}`;
		}
		const m = /^tasks\/(\d+)\/(.*)$/.exec(query.path?.[0] ?? '');
		if (m && this.taskCall.has(m[1])) return `${method} ${path} result ${m[2]} of ${this.taskCall.get(m[1])}`;
		return callKey(method, path, query, body);
	}

	summary() {
		const duplicates = [...this.starts].filter(([, ids]) => ids.length > 1).map(([call, taskIds]) => ({ call, taskIds }));
		const injectedTotal = Object.values(this.injected).reduce((a, b) => a + b, 0);
		return {
			settings: this.settings,
			injected: { ...this.injected, total: injectedTotal },
			injectedCalls: this.injectedCalls,
			throttled: this.throttled,
			peakInFlight: this.peakInFlight,
			tasksStarted: [...this.starts.values()].reduce((n, ids) => n + ids.length, 0),
			callsThatStartedTasks: this.starts.size,
			duplicates,
		};
	}
}

/** The kind of an API request for fault eligibility. */
function requestKind(method, path, route) {
	if (path === '/api/task/findTask') return 'poll';
	if (path === '/files/file' || path === '/api/files/file') return 'download';
	if (!route) return 'other';
	if (route.kind === 'file' && route.method === 'GET') return 'download';
	if (route.kind === 'task') return 'start';
	return 'other';
}

/** Bodies served with 200: what a client should have received, for checking downloads end to end. */
function served(requests, filter = {}) {
	return requests
		.filter((r) => r.status === 200 && r.sha256 && !r.cut && (!filter.path || r.path === filter.path))
		.map((r) => ({
			method: r.method,
			path: r.path,
			query: r.query,
			sha256: r.sha256,
			bytes: r.bytesSent,
			contentType: r.contentType ?? null,
			disposition: r.disposition ?? null,
			time: r.time,
		}));
}

/** Control API routes of this module: GET|POST /__sandbox/load, GET /__sandbox/served[?path=]. */
function loadControl(load, requests, method, path, body, searchParams, json) {
	if (path === '/__sandbox/load' && method === 'GET') return json(200, load.summary());
	if (path === '/__sandbox/load' && method === 'POST') {
		try {
			return json(200, { ok: true, settings: load.configure(JSON.parse(body || '{}')) });
		} catch (e) {
			return json(400, { error: 'INVALID_BODY', localMessage: e.message });
		}
	}
	if (path === '/__sandbox/served' && method === 'GET') return json(200, served(requests, { path: searchParams.get('path') }));
	return null;
}

module.exports = { LoadControls, requestKind, served, loadControl, callKey };
