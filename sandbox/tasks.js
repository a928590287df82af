'use strict';
/**
 * SelSup background tasks (TmsTask). A task's state is computed from the time elapsed since it
 * was created rather than advanced by timers, so nothing keeps the process busy and a client
 * polling at any rate sees a consistent CREATED → RUNNING → final progression.
 */

const FINAL = ['FINISHED', 'ERROR', 'EXCEPTION', 'INTERRUPTED', 'STOPPED'];
const FAILURE_MESSAGE = {
	ERROR: 'Ошибка при выполнении задачи',
	EXCEPTION: 'Внутренняя ошибка сервера при выполнении задачи',
	INTERRUPTED: 'Задача прервана',
	STOPPED: 'Задача остановлена пользователем',
};
// Share of the duration a task spends in CREATED (queued) before RUNNING.
const QUEUED_SHARE = 0.2;

class TaskStore {
	constructor({ durationMs, fileUrl }) {
		this.durationMs = durationMs;
		// (path) → url of a file in storage, relative or absolute depending on the sandbox options.
		this.fileUrl = fileUrl;
		this.reset();
	}

	reset() {
		this.tasks = new Map();
		this.nextId = 1000;
	}

	/** fault: the task fields of a route fault (taskStatus, taskMessage, taskStuck, taskMs, resultUrl, resultPath). */
	create(route, query, body, fault = {}) {
		const id = this.nextId++;
		const org = [].concat(query.organizationId ?? [])[0];
		const task = {
			id,
			route: route.path,
			query,
			body,
			result: route.result,
			createdAt: Date.now(),
			durationMs: fault.taskMs ?? this.durationMs,
			endStatus: fault.taskStatus ?? 'FINISHED',
			endMessage: fault.taskMessage,
			stuck: !!fault.taskStuck,
			resultUrl: fault.resultUrl,
			resultPath: fault.resultPath,
			cancelledAt: null,
			json: {
				id,
				status: 'CREATED',
				type: route.name,
				name: route.title,
				clientId: 1,
				entityId: null,
				progress: 0,
				processedQuantity: 0,
				organizationId: org !== undefined ? Number(org) : 11,
				priority: 0,
				properties: null,
				message: null,
				messageParams: null,
				createdDate: null,
				startDate: null,
				finishDate: null,
				url: null,
				inputFileUrl: null,
				retryNumber: 0,
				userId: 1,
				retryDate: null,
				debug: false,
				forcedStart: false,
				service: null,
				lang: 'ru',
			},
		};
		this.tasks.set(id, task);
		// The answer to the request that started it is always CREATED, even with a zero duration.
		return { ...task.json, createdDate: new Date(task.createdAt).toISOString() };
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

	/** Stops a task still in progress; a task already final is returned as it is. */
	cancel(id) {
		const task = this.tasks.get(Number(id));
		if (!task) return null;
		if (!FINAL.includes(this.view(task).status)) task.cancelledAt = Date.now();
		return this.view(task);
	}

	/** The TmsTask JSON as SelSup would answer it now. */
	view(task, now = Date.now()) {
		const t = task.json;
		const iso = (ms) => new Date(ms).toISOString();
		const d = task.durationMs;
		const startAt = task.createdAt + d * QUEUED_SHARE;
		const endAt = task.createdAt + d;
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
		if (task.stuck || at < endAt) {
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
		return {
			...finished,
			status: 'FINISHED',
			progress: 100,
			processedQuantity: 300,
			url: task.resultUrl ?? this.fileUrl(task.resultPath ?? resultPath(task)),
		};
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

module.exports = { TaskStore, FINAL, resultPath };
