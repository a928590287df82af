import { NodeOperationError } from 'n8n-workflow';

import { taskStatusLabel } from '../catalogue';
import type { SelSupClient } from '../transport/client';
import { pause } from '../transport/pause';
import { backoffMs, isPassing } from '../transport/retry';
import { createdAt, parseSelSupDate } from './dates';
import { CheckPlanner } from './schedule';
export { pollSchedule } from './schedule';
import type { TmsTask } from './task';
import { cancelTask, FAILED_STATUSES, findTask, isDone } from './task';

export type OnTimeout = 'fail' | 'returnTask' | 'cancelTask';

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
		const sentAt = Date.now();
		const checked = await findTask(client, task.id, itemIndex).then(
			(found) => ({ found }),
			(error: Error) => ({ error }),
		);
		if ('error' in checked) {
			if (signal?.aborted) throw cancelledWaiting(client, task, itemIndex);
			if (!isPassing(checked.error)) throw checked.error;
			lastFailure = checked.error;
			failedInARow++;
			if (Date.now() >= deadline) return onTimeout(client, task, settings, polls, itemIndex, lastFailure);
			// The schedule moves on as if the check had been made, at least a back-off after the failure.
			planner.failed(Date.now());
			notBefore = Date.now() + backoffMs(failedInARow - 1, client.settings);
			continue;
		}
		const seen = checked.found;
		if (!seen) {
			throw new NodeOperationError(client.node, `SelSup no longer knows task ${task.id}`, {
				itemIndex,
				description: 'The task was not found by /api/task/findTask. It may have been deleted in the SelSup cabinet.',
			});
		}
		task = seen;
		failedInARow = 0;
		lastFailure = undefined;
		notBefore = 0;
		if (isDone(task)) break;
		if (Date.now() >= deadline) return onTimeout(client, task, settings, polls, itemIndex);
		// SelSup measured the progress between sending and answering: the middle is the best guess.
		const answeredAt = Date.now();
		planner.saw({ ...sighting(task, (sentAt + answeredAt) / 2, local), plusMinusMs: (answeredAt - sentAt) / 2 });
	}
	if (FAILED_STATUSES.has(task.status)) throw taskFailed(client, task, itemIndex);
	return { task, polls, timedOut: false, cancelled: false };
}

function cancelledWaiting(client: SelSupClient, task: TmsTask, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(client.node, `The execution was cancelled while waiting for SelSup task ${task.id}`, {
		itemIndex,
		description: 'The task goes on in SelSup; a Task → Wait or Download operation can pick it up later.',
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
	itemIndex?: number,
	lastFailure?: Error,
): Promise<WaitOutcome> {
	const seconds = Number((settings.timeoutMs / 1000).toFixed(1));
	if (settings.onTimeout === 'returnTask') return { task, polls, timedOut: true, cancelled: false };
	if (settings.onTimeout === 'cancelTask') {
		const cancelled = await cancelTask(client, task.id, itemIndex);
		return { task: cancelled, polls, timedOut: true, cancelled: true };
	}
	return Promise.reject(
		new NodeOperationError(
			client.node,
			lastFailure
				? `SelSup task ${task.id} could not be checked within ${seconds} s: the last status check failed: ${lastFailure.message}`
				: `SelSup task ${task.id} did not finish within ${seconds} s (status ${taskStatusLabel(task.status)}${progress(task)})`,
			{
				itemIndex,
				description:
					(lastFailure ? 'The task may still be running in SelSup. ' : '') +
					'Raise "Timeout" in the node options, or choose "Return the Task" on timeout and pick the task up later with Task → Wait or Download.',
			},
		),
	);
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
