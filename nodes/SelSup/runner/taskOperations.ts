import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { TaskOperation } from '../catalogue';
import { taskStatusLabel } from '../catalogue';
import { listTasks } from '../tasks/list';
import { simplifyTask } from '../tasks/simplify';
import type { TmsTask } from '../tasks/task';
import { cancelTask, FAILED_STATUSES, findTask, FINISHED } from '../tasks/task';
import { taskFailed, waitForTask } from '../tasks/wait';
import type { SelSupClient } from '../transport/client';
import type { Result } from './finish';
import { finishTask } from './finish';
import type { TaskPlan } from './plan';

/**
 * The Task resource: tasks started earlier, here or elsewhere (the cabinet, a marketplace sync). The run
 * did not start them, so an early end never cancels them; only Task → Cancel does, when asked.
 */
type TaskHandler = (ctx: IExecuteFunctions, client: SelSupClient, p: TaskPlan, itemIndex: number) => Promise<Result>;

/** The task's fields at the top level of the item, or only the few Simplify keeps. */
function taskJson(task: TmsTask, p: TaskPlan, client: SelSupClient): IDataObject {
	return p.simplify ? simplifyTask(task, client) : { ...task };
}

async function existingTask(client: SelSupClient, p: TaskPlan, itemIndex: number): Promise<TmsTask> {
	const task = await findTask(client, p.taskId, itemIndex);
	if (!task) {
		throw new NodeOperationError(client.node, `SelSup has no task ${p.taskId}`, {
			itemIndex,
			description: 'Check the task ID: it is the "id" of the task a SelSup node or the SelSup cabinet gave.',
		});
	}
	return task;
}

/** One handler per Task operation of the catalogue: a new entry without one does not compile. */
export const TASK_OPERATIONS: Record<TaskOperation, TaskHandler> = {
	get: async (_ctx, client, p, itemIndex) => ({ json: taskJson(await existingTask(client, p, itemIndex), p, client) }),
	getMany: async (_ctx, client, p, itemIndex) => ({
		json: {},
		many: (await listTasks(client, p.list.filters, p.list.max, itemIndex)).map((task) => taskJson(task, p, client)),
	}),
	cancel: async (_ctx, client, p, itemIndex) => ({ json: taskJson(await cancelTask(client, p.taskId, itemIndex), p, client) }),
	download: async (ctx, client, p, itemIndex) => {
		const task = await existingTask(client, p, itemIndex);
		if (FAILED_STATUSES.has(task.status)) throw taskFailed(client, task, itemIndex);
		if (task.status !== FINISHED) {
			throw new NodeOperationError(client.node, `SelSup task ${task.id} has not finished yet (status ${taskStatusLabel(task.status)})`, {
				itemIndex,
				description: 'Use the Task → Wait operation to wait for it and download its file.',
			});
		}
		const outcome = { task, polls: 0, timedOut: false, cancelled: false };
		return finishTask(ctx, client, outcome, { ...p.options, downloadResult: true }, `task-${task.id}.xlsx`, {}, itemIndex);
	},
	wait: async (ctx, client, p, itemIndex) => {
		const task = await existingTask(client, p, itemIndex);
		const outcome = await waitForTask(client, task, p.options, itemIndex);
		return finishTask(ctx, client, outcome, p.options, `task-${task.id}.xlsx`, {}, itemIndex);
	},
};
