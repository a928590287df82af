import type { IExecuteFunctions } from 'n8n-workflow';

import type { TmsTask } from '../tasks/task';
import { cancelTask, isDone } from '../tasks/task';
import type { SelSupClient } from '../transport/client';

/** How long the cancels of an early end may take in all, so a failed run still ends about when it failed. */
export const CANCEL_WITHIN_MS = 2000;

/** Cancels sent at once at most: side by side, within the Concurrency option's own ceiling. */
const CANCELS_AT_ONCE = 20;

/**
 * The SelSup tasks this run started and has not yet seen end: what an early end (Stop, or the first
 * failure without Continue On Fail) would leave running in SelSup for nobody. Tasks it only waits for
 * (Task → Wait on a task from elsewhere) never come here.
 */
export class StartedTasks {
	private readonly open = new Map<string, { id: number | string; itemIndex: number }>();

	started(task: TmsTask, itemIndex: number): void {
		if (!isDone(task)) this.open.set(String(task.id), { id: task.id, itemIndex });
	}

	/** A state of a started task the run learnt: one that has ended is no longer abandoned. */
	seen(task: TmsTask): void {
		if (isDone(task)) this.open.delete(String(task.id));
	}

	/** Cancelled by the run already (On Timeout → Cancel the Task): not cancelled twice. */
	settled(task: TmsTask): void {
		this.open.delete(String(task.id));
	}

	list(): Array<{ id: number | string; itemIndex: number }> {
		return [...this.open.values()];
	}
}

export interface CancelReport {
	cancelled: Array<number | string>;
	failed: Array<{ id: number | string; reason: string }>;
}

/**
 * One cancelTask for each task the run abandons, side by side, on a signal of their own (the run's has
 * ended) bounded by CANCEL_WITHIN_MS. A cancel that fails is logged with the task's id and the reason; it
 * never replaces the error that ended the run.
 */
export async function cancelAbandoned(ctx: IExecuteFunctions, client: SelSupClient, tasks: StartedTasks): Promise<CancelReport> {
	const report: CancelReport = { cancelled: [], failed: [] };
	const open = tasks.list();
	if (open.length === 0) return report;
	const bound = AbortSignal.timeout(CANCEL_WITHIN_MS);
	const cancels = client.withSignal(bound, {
		concurrency: Math.min(open.length, CANCELS_AT_ONCE),
		adaptiveConcurrency: false,
		timeoutMs: CANCEL_WITHIN_MS,
		// A passing failure gets one more try while the bound lasts.
		retries: 1,
		baseDelayMs: 200,
		maxDelayMs: 500,
	});
	const outcomes = await Promise.all(
		open.map(async ({ id, itemIndex }) => {
			try {
				await cancelTask(cancels, id, itemIndex);
				return { id };
			} catch (error) {
				const reason = bound.aborted ? `no answer within ${CANCEL_WITHIN_MS / 1000} s` : client.scrubber.text((error as Error).message);
				ctx.logger.warn(`SelSup task ${id}, abandoned by the run, could not be cancelled: ${reason}`, { taskId: id, itemIndex });
				return { id, reason };
			}
		}),
	);
	// By task id (SelSup numbers tasks as it creates them), however the answers came.
	for (const o of outcomes.sort((a, b) => Number(a.id) - Number(b.id))) {
		if (o.reason === undefined) report.cancelled.push(o.id);
		else report.failed.push({ id: o.id, reason: o.reason });
	}
	return report;
}

/** What the cancels did, for the description of the error that ended the run. */
export function cancelNote(report: CancelReport): string {
	const parts: string[] = [];
	if (report.cancelled.length) parts.push(`SelSup task${report.cancelled.length > 1 ? 's' : ''} ${report.cancelled.join(', ')}, started by this run and still running, ${report.cancelled.length > 1 ? 'were' : 'was'} cancelled.`);
	if (report.failed.length) parts.push(`Could not cancel SelSup task${report.failed.length > 1 ? 's' : ''} ${report.failed.map((f) => f.id).join(', ')} (see the n8n log); cancel ${report.failed.length > 1 ? 'them' : 'it'} with Task → Cancel or in the SelSup cabinet.`);
	return parts.join(' ');
}
