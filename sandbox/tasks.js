'use strict';
/**
 * SelSup background tasks (TmsTask). A task's state is computed from the time elapsed since it
 * was created rather than advanced by timers, so nothing keeps the process busy and a client
 * polling at any rate sees a consistent CREATED → RUNNING → final progression.
 */

const FINAL = ['FINISHED', 'ERROR', 'EXCEPTION', 'INTERRUPTED', 'STOPPED'];
const STATUSES = ['CREATED', 'RUNNING', 'FINISHED', 'ERROR', 'RESTARTING', 'INTERRUPTING', 'INTERRUPTED', 'STOPPED', 'EXCEPTION'];
/** SelSup pages findTask with at most this many rows. */
const MAX_LIMIT = 500;
const FAILURE_MESSAGE = {
	ERROR: 'Ошибка при выполнении задачи',
	EXCEPTION: 'Внутренняя ошибка сервера при выполнении задачи',
	INTERRUPTED: 'Задача прервана',
	STOPPED: 'Задача остановлена пользователем',
};
// Share of the duration a task spends in CREATED (queued) before RUNNING.
const QUEUED_SHARE = 0.2;

/**
 * How the sandbox writes task dates: 'iso' (2023-06-06T17:55:24.000Z), 'zoned' (Java ZonedDateTime in UTC,
 * 2023-06-06T17:55:24Z[UTC]), 'moscow' (2023-06-06T20:55:24.123+03:00[Europe/Moscow]), 'epoch' (a number),
 * and, as a harsh account may: 'local' (a Java LocalDateTime, Moscow time without a zone,
 * 2023-06-06T20:55:24.123), 'epochSeconds' (a number of seconds) or 'dotted' (06.06.2023 20:55:24,
 * a form no client is expected to read).
 */
const DATE_FORMATS = {
	iso: (ms) => new Date(ms).toISOString(),
	zoned: (ms) => `${new Date(ms).toISOString().replace('.000Z', 'Z')}[UTC]`,
	moscow: (ms) => `${new Date(ms + 3 * 3600_000).toISOString().replace('Z', '+03:00')}[Europe/Moscow]`,
	epoch: (ms) => ms,
	local: (ms) => new Date(ms + 3 * 3600_000).toISOString().replace('Z', ''),
	epochSeconds: (ms) => Math.floor(ms / 1000),
	dotted: (ms) => {
		const d = new Date(ms + 3 * 3600_000).toISOString();
		return `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)} ${d.slice(11, 19)}`;
	},
};

class TaskStore {
	constructor({ durationMs, fileUrl, dateFormat = 'iso' }) {
		this.durationMs = durationMs;
		this.aheadMs = 0;
		this.setDateFormat(dateFormat);
		// (path) → url of a file in storage, relative or absolute depending on the sandbox options.
		this.fileUrl = fileUrl;
		this.reset();
	}

	setDateFormat(format) {
		if (!DATE_FORMATS[format]) throw new Error(`dateFormat: one of ${Object.keys(DATE_FORMATS).join(', ')}`);
		const write = DATE_FORMATS[format];
		// SelSup's clock may run ahead of the client's: the dates of a task created meanwhile are that much later.
		this.date = (ms, skew = this.aheadMs) => write(ms + skew);
	}

	/**
	 * SelSup's clock this far ahead of the real one (ms; 0: in step): tasks created from now on carry dates
	 * that much later (those created before keep theirs, as a real server's stored dates do).
	 */
	setClockAhead(ms) {
		if (!Number.isFinite(Number(ms))) throw new Error('clock ahead: a number of ms');
		this.aheadMs = Number(ms);
	}

	/**
	 * A busy account's history: `tasks` tasks created evenly over `overMs` up to `endAgoMs` ago (default: up
	 * to a minute ago), each over within a minute (one in `failedEvery` with ERROR), and, with
	 * `stuckAgoMs`, one task RUNNING since then. Returns { first, last, stuck } ids.
	 */
	seedHistory({ tasks = 8000, overMs = 2 * 86_400_000, endAgoMs = 60_000, failedEvery = 0, stuckAgoMs } = {}) {
		const now = Date.now();
		const stuck = stuckAgoMs === undefined ? null : this.createFromCabinet({ type: 'WILDBERRIES_STOCKS_IMPORT_TASK', createdAgoMs: stuckAgoMs, stuck: true });
		const first = this.nextId;
		for (let i = 0; i < tasks; i++) {
			const ago = Math.round(overMs * (1 - i / tasks)) + endAgoMs;
			const failed = failedEvery > 0 && i % failedEvery === failedEvery - 1;
			this.createFromCabinet({ type: i % 3 ? 'STOCKS_UPDATE' : 'OZON_UPDATE_PRICE', createdAgoMs: ago, durationMs: 30_000, status: failed ? 'ERROR' : 'FINISHED' });
			// createFromCabinet measured "ago" from its own Date.now(); keep the spread exact.
			this.tasks.get(this.nextId - 1).createdAt = now - ago;
		}
		return { first, last: this.nextId - 1, stuck: stuck ? stuck.id : null };
	}

	reset() {
		this.tasks = new Map();
		this.nextId = 1000;
	}

	/** fault: the task fields of a route fault (taskStatus, taskMessage, taskStuck, taskMs, resultUrl, resultPath). */
	create(route, query, body, fault = {}) {
		const org = [].concat(query.organizationId ?? [])[0];
		const task = this.add({
			route: route.path,
			query,
			body,
			result: route.result,
			type: route.name,
			name: route.title,
			organizationId: org !== undefined ? Number(org) : 11,
			own: true,
			durationMs: fault.taskMs,
			endStatus: fault.taskStatus,
			endMessage: fault.taskMessage,
			stuck: fault.taskStuck,
			resultUrl: fault.resultUrl,
			resultPath: fault.resultPath,
		});
		// The answer to the request that started it is always CREATED, even with a zero duration.
		return { ...task.json, createdDate: this.date(task.createdAt, task.skew) };
	}

	/**
	 * A task as if started in the SelSup cabinet or by a marketplace sync (control API). spec: type,
	 * organizationId, entityId, own, name, createdAgoMs (created that long ago), durationMs (ends that
	 * long after creation), status (how it ends), message, stuck (runs until finish() is called),
	 * resultAs ('url' | 'file': how a FINISHED task points at its result), resultPath.
	 */
	createFromCabinet(spec = {}) {
		const task = this.add({
			route: null,
			query: {},
			body: null,
			result: { sheet: 'stock', file: `${String(spec.type ?? 'task').toLowerCase()}-${this.nextId}` },
			type: spec.type ?? 'STOCKS_UPDATE',
			name: spec.name ?? null,
			organizationId: spec.organizationId ?? 11,
			entityId: spec.entityId ?? null,
			own: spec.own === true,
			createdAt: Date.now() - Math.max(0, Number(spec.createdAgoMs ?? 0)),
			durationMs: spec.durationMs,
			endStatus: spec.status,
			endMessage: spec.message,
			stuck: spec.stuck,
			resultPath: spec.resultPath,
			resultAs: spec.resultAs,
			malformed: spec.malformed,
		});
		return this.view(task);
	}

	add(r) {
		const id = this.nextId++;
		const task = {
			id,
			route: r.route,
			query: r.query,
			body: r.body,
			result: r.result,
			createdAt: r.createdAt ?? Date.now(),
			durationMs: r.durationMs ?? this.durationMs,
			endStatus: r.endStatus ?? 'FINISHED',
			endMessage: r.endMessage,
			stuck: !!r.stuck,
			resultUrl: r.resultUrl,
			resultPath: r.resultPath,
			resultAs: r.resultAs === 'file' ? 'file' : 'url',
			own: !!r.own,
			malformed: r.malformed ?? null,
			skew: this.aheadMs,
			cancelledAt: null,
			finishedAt: null,
			json: {
				id,
				status: 'CREATED',
				type: r.type,
				name: r.name,
				clientId: 1,
				entityId: r.entityId ?? null,
				progress: 0,
				processedQuantity: 0,
				organizationId: r.organizationId,
				priority: 0,
				properties: null,
				message: null,
				messageParams: null,
				createdDate: null,
				startDate: null,
				finishDate: null,
				url: null,
				file: null,
				inputFileUrl: null,
				retryNumber: 0,
				userId: r.own ? 1 : 2,
				retryDate: null,
				debug: false,
				forcedStart: false,
				service: null,
				lang: 'ru',
			},
		};
		this.tasks.set(id, task);
		return task;
	}

	/** Ends a task now (control API): status FINISHED by default, or a failure with its message. */
	finish(id, { status = 'FINISHED', message } = {}) {
		const task = this.tasks.get(Number(id));
		if (!task) return null;
		if (FINAL.includes(this.view(task).status)) return this.view(task);
		task.endStatus = status;
		if (message !== undefined) task.endMessage = message;
		task.finishedAt = Math.max(Date.now(), task.createdAt);
		return this.view(task, task.finishedAt);
	}

	get(id) {
		const task = this.tasks.get(Number(id));
		return task ? this.view(task) : null;
	}

	/** Internal record (route, query, result kind) of a task, for serving its file. */
	record(id) {
		return this.tasks.get(Number(id)) || null;
	}

	list() {
		return [...this.tasks.values()].reverse().map((t) => this.view(t));
	}

	/**
	 * findTask without an id: filters (status, type, types, organizationId, entityId, own), newest
	 * first by creation (sortBy=CREATED_DATE with ascending=true for oldest first), then `page` (from 1)
	 * of `limit` (at most 500) rows. query: key → string[]. Returns { rows, total, page } or { error }.
	 */
	find(query) {
		const one = (k) => query[k]?.[0];
		const int = (k, min) => {
			const v = one(k);
			if (v === undefined || v === '') return undefined;
			if (!/^-?\d+$/.test(v) || Number(v) < min) return NaN;
			return Number(v);
		};
		const limit = int('limit', 1) ?? 50;
		const page = int('page', 1) ?? 1;
		if (Number.isNaN(limit) || limit > MAX_LIMIT) return { error: invalid('limit', `Ограничение на количество записей. Максимальное значение - ${MAX_LIMIT}`) };
		if (Number.isNaN(page)) return { error: invalid('page', 'Номер страницы начиная с 1') };
		const status = one('status');
		if (status && !STATUSES.includes(status)) return { error: invalid('status', `Неизвестный статус ${status}`) };
		const sortBy = one('sortBy');
		if (sortBy && sortBy !== 'CREATED_DATE') return { error: invalid('sortBy', `Неизвестное поле сортировки ${sortBy}`) };
		for (const k of ['organizationId', 'entityId']) if (Number.isNaN(int(k, 0))) return { error: invalid(k, `Параметр ${k} должен быть числом`) };
		const own = one('own');
		if (own !== undefined && own !== 'true' && own !== 'false') return { error: invalid('own', 'Параметр own должен быть true или false') };

		const types = query.types ?? [];
		const now = Date.now();
		const org = int('organizationId', 0);
		const entity = int('entityId', 0);
		// Filtered on the records (status computed, not the whole view), sorted by creation instant whatever
		// the date format, and only the page's rows viewed: a busy account of 10,000 tasks answers in ms.
		const found = [...this.tasks.values()].filter(
			(t) =>
				(own === undefined || t.own === (own === 'true')) &&
				(!status || this.statusAt(t, now) === status) &&
				(!one('type') || t.json.type === one('type')) &&
				(types.length === 0 || types.includes(t.json.type)) &&
				(org === undefined || t.json.organizationId === org) &&
				(entity === undefined || t.json.entityId === entity),
		);
		const ascending = one('ascending') === 'true';
		found.sort((a, b) => {
			const d = a.createdAt - b.createdAt || a.id - b.id;
			return ascending ? d : -d;
		});
		const total = found.length;
		const rows = found.slice((page - 1) * limit, page * limit).map((t) => this.view(t, now));
		return { rows, total, page };
	}

	/** Stops a task still in progress; a task already final is returned as it is. */
	cancel(id) {
		const task = this.tasks.get(Number(id));
		if (!task) return null;
		if (!FINAL.includes(this.view(task).status)) task.cancelledAt = Date.now();
		return this.view(task);
	}

	/** The status view() would give, without building the task. */
	statusAt(task, now = Date.now()) {
		if (task.cancelledAt !== null) return 'STOPPED';
		const d = task.durationMs;
		const endAt = task.finishedAt ?? (task.stuck ? Infinity : task.createdAt + d);
		const startAt = Math.min(task.createdAt + d * QUEUED_SHARE, endAt);
		if (now < startAt) return 'CREATED';
		if (now < endAt) return 'RUNNING';
		return task.endStatus;
	}

	/**
	 * The TmsTask JSON as SelSup would answer it now; a task created with `malformed` comes out as the odd
	 * row a harsh account sometimes lists: 'noStatus' (no status field) or 'nullId' (id null).
	 */
	view(task, now = Date.now()) {
		const row = this.proper(task, now);
		if (task.malformed === 'noStatus') delete row.status;
		if (task.malformed === 'nullId') row.id = null;
		return row;
	}

	proper(task, now) {
		const t = task.json;
		const iso = (ms) => this.date(ms, task.skew);
		const d = task.durationMs;
		const endAt = task.finishedAt ?? (task.stuck ? Infinity : task.createdAt + d);
		const startAt = Math.min(task.createdAt + d * QUEUED_SHARE, endAt);
		const at = task.cancelledAt ?? now;
		const base = { ...t, createdDate: iso(task.createdAt) };
		if (task.cancelledAt !== null) {
			const started = at >= startAt;
			return {
				...base,
				status: 'STOPPED',
				message: FAILURE_MESSAGE.STOPPED,
				progress: started ? progressAt(task, at) : 0,
				startDate: started ? iso(startAt) : null,
				finishDate: iso(at),
			};
		}
		if (at < startAt) return base;
		if (at < endAt) {
			const progress = progressAt(task, at);
			return { ...base, status: 'RUNNING', progress, processedQuantity: progress * 3, startDate: iso(startAt) };
		}
		const finished = { ...base, startDate: iso(startAt), finishDate: iso(endAt) };
		if (task.endStatus !== 'FINISHED') {
			return {
				...finished,
				status: task.endStatus,
				progress: progressAt(task, endAt - 1),
				message: task.endMessage ?? FAILURE_MESSAGE[task.endStatus] ?? null,
			};
		}
		const path = task.resultPath ?? resultPath(task);
		const link = task.resultAs === 'file' ? { url: null, file: path } : { url: task.resultUrl ?? this.fileUrl(path), file: task.resultUrl ? null : path };
		return { ...finished, status: 'FINISHED', progress: 100, processedQuantity: 300, ...link };
	}
}

function progressAt(task, at) {
	const d = task.durationMs;
	const running = d * (1 - QUEUED_SHARE);
	if (running <= 0) return 99;
	const elapsed = at - task.createdAt - d * QUEUED_SHARE;
	return Math.max(0, Math.min(99, Math.floor((elapsed / running) * 100)));
}

function resultPath(task) {
	return `tasks/${task.id}/${task.result.file}.xlsx`;
}

function invalid(name, localMessage) {
	return { error: 'INVALID_PARAMETER', localMessage, params: { name } };
}

module.exports = { TaskStore, FINAL, STATUSES, MAX_LIMIT, DATE_FORMATS, resultPath };
