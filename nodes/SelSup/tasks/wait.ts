import { NodeOperationError } from 'n8n-workflow';

import { taskStatusLabel } from '../catalogue';
import type { AnswerTiming, SelSupClient } from '../transport/client';
import { pause } from '../transport/pause';
import { backoffMs, isPassing } from '../transport/retry';
import { createdAt, parseSelSupDate } from './dates';
import { CheckPlanner } from './schedule';
export { pollSchedule } from './schedule';
import type { TmsTask } from './task';
import { cancelTask, FAILED_STATUSES, findTask, isDone } from './task';

import type { OnTimeout } from '../catalogue';
export type { OnTimeout } from '../catalogue';

export interface WaitSettings {
	/** Longest gap between two status checks. */
	intervalMs: number;
	/** How long to wait for the task in all. */
	timeoutMs: number;
	onTimeout: OnTimeout;
}

export interface WaitOutcome {
	task: TmsTask;
	/** Status checks made. */
	polls: number;
	timedOut: boolean;
	/** The task as cancelled on timeout (onTimeout = cancelTask). */
	cancelled: boolean;
}

/**
 * Waits for a SelSup task to end. FINISHED returns it; a failed status throws with the task's own
 * message; the timeout follows `onTimeout`. A status check that fails for a passing reason (5xx, 429,
 * network, a proxy's page) after its own retries does not end the wait: the next check comes at the next
 * slot of the schedule, at least a back-off after the failure, so an outage of SelSup's status route
 * costs no second export. An answer that cannot get better (403, 404, 400, no such task) fails at once.
 * Stops when the run's signal is aborted (Stop, or another item failing the node).
 */
export async function waitForTask(
	client: SelSupClient,
	started: TmsTask,
	settings: WaitSettings,
	itemIndex?: number,
	/** Every state of the task the wait learns (its status checks, a cancel on timeout). */
	seen: (task: TmsTask) => void = () => {},
): Promise<WaitOutcome> {
	const signal = client.signal;
	const t0 = Date.now();
	const deadline = t0 + settings.timeoutMs;
	const planner = new CheckPlanner(settings.intervalMs, t0);
	const local = serverToLocal(started, t0);
	let task = started;
	let polls = 0;
	let failedInARow = 0;
	let lastFailure: Error | undefined;
	let notBefore = 0;
	// Task → Wait found the task running already: its progress counts from that first check.
	if (started.status === 'RUNNING' && typeof started.progress === 'number' && started.progress > 0) planner.saw(sighting(started, t0, local));
	while (!isDone(task)) {
		const next = Math.min(Math.max(planner.next(), notBefore), deadline);
		try {
			await pause(next - Date.now(), signal);
		} catch {
			throw cancelledWaiting(client, task, itemIndex);
		}
		polls++;
		let answer: AnswerTiming = { sentAt: Date.now(), answeredAt: Date.now() };
		const checked = await findTask(client, task.id, itemIndex, (a) => (answer = a)).then(
			(found) => ({ found }),
			(error: Error) => ({ error }),
		);
		if ('error' in checked) {
			if (signal?.aborted) throw cancelledWaiting(client, task, itemIndex);
			if (!isPassing(checked.error)) throw checked.error;
			lastFailure = checked.error;
			failedInARow++;
			if (Date.now() >= deadline) return onTimeout(client, task, settings, polls, itemIndex, lastFailure, seen);
			// The schedule moves on as if the check had been made, at least a back-off after the failure.
			planner.failed(Date.now());
			notBefore = Date.now() + backoffMs(failedInARow - 1, client.settings);
			continue;
		}
		const found = checked.found;
		if (!found) {
			throw new NodeOperationError(client.node, `SelSup no longer knows task ${task.id}`, {
				itemIndex,
				description: 'The task was not found by /api/task/findTask. It may have been deleted in the SelSup cabinet.',
			});
		}
		task = found;
		seen(task);
		failedInARow = 0;
		lastFailure = undefined;
		notBefore = 0;
		if (isDone(task)) break;
		if (Date.now() >= deadline) return onTimeout(client, task, settings, polls, itemIndex, undefined, seen);
		// SelSup measured the progress between sending and answering the attempt that answered (not the
		// whole call, whose retries and Retry-After waits came before it): the middle is the best guess.
		const { sentAt, answeredAt } = answer;
		planner.saw({ ...sighting(task, (sentAt + answeredAt) / 2, local), plusMinusMs: (answeredAt - sentAt) / 2 });
	}
	if (FAILED_STATUSES.has(task.status)) throw taskFailed(client, task, itemIndex);
	return { task, polls, timedOut: false, cancelled: false };
}

function cancelledWaiting(client: SelSupClient, task: TmsTask, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(client.node, `The execution was cancelled while waiting for SelSup task ${task.id}`, {
		itemIndex,
		description:
			'A task this run started is cancelled in SelSup (one cancelTask each). A task it only waited for (Task → Wait) goes on, and Task → Wait or Download can pick it up later.',
	});
}

/**
 * SelSup's clock as this machine's: a task just created carries SelSup's "now" as its createdDate, which
 * gives the offset between the two clocks; otherwise they are taken to agree (a wrong guess only makes a
 * prediction early or late, and both are bounded by the schedule).
 */
function serverToLocal(started: TmsTask, receivedAt: number): (date: unknown) => number | undefined {
	const created = createdAt(started);
	const offset = started.status === 'CREATED' && created !== null ? receivedAt - created : 0;
	return (date) => {
		const ms = parseSelSupDate(date);
		return ms === null ? undefined : ms + offset;
	};
}

function sighting(task: TmsTask, at: number, local: (date: unknown) => number | undefined) {
	return { at, progress: typeof task.progress === 'number' ? task.progress : undefined, startedAt: local(task.startDate) };
}

async function onTimeout(
	client: SelSupClient,
	task: TmsTask,
	settings: WaitSettings,
	polls: number,
	itemIndex: number | undefined,
	lastFailure: Error | undefined,
	seen: (task: TmsTask) => void,
): Promise<WaitOutcome> {
	const seconds = Number((settings.timeoutMs / 1000).toFixed(1));
	if (settings.onTimeout === 'returnTask') return { task, polls, timedOut: true, cancelled: false };
	if (settings.onTimeout === 'cancelTask') {
		const cancelled = await cancelTask(client, task.id, itemIndex);
		seen(cancelled);
		return { task: cancelled, polls, timedOut: true, cancelled: true };
	}
	const message = lastFailure
		? `SelSup task ${task.id} could not be checked within ${seconds} s: the last status check failed: ${lastFailure.message}`
		: `SelSup task ${task.id} did not finish within ${seconds} s (status ${taskStatusLabel(task.status)}${progress(task)})`;
	const description =
		(lastFailure ? 'The task may still be running in SelSup. ' : '') +
		'Raise "Timeout" in the node options, or choose "Return the Task" on timeout and pick the task up later with Task → Wait or Download.';
	return Promise.reject(timeoutFailure(new NodeOperationError(client.node, message, { itemIndex, description })));
}

const timeoutFailures = new WeakSet<Error>();

function timeoutFailure(error: NodeOperationError): NodeOperationError {
	timeoutFailures.add(error);
	return error;
}

/**
 * Whether the wait failed at its Timeout (On Timeout → Fail): the seller chose to leave that task running
 * then, so an early end of the run does not cancel it.
 */
export function isTimeoutFailure(error: unknown): boolean {
	return error instanceof Error && timeoutFailures.has(error);
}

export function taskFailed(client: SelSupClient, task: TmsTask, itemIndex?: number): NodeOperationError {
	const said = typeof task.message === 'string' && task.message.trim() ? `: ${task.message.trim()}` : '';
	return new NodeOperationError(client.node, client.scrubber.text(`SelSup task ${task.id} ended with status ${taskStatusLabel(task.status)}${said}`), {
		itemIndex,
		description: 'SelSup could not complete the export. The message above is SelSup\'s own; the task can also be seen in the SelSup cabinet.',
	});
}

function progress(task: TmsTask): string {
	return typeof task.progress === 'number' ? `, ${task.progress}% done` : '';
}
