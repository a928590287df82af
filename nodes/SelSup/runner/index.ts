import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readClientSettings } from '../params/options';
import { SelSupClient } from '../transport/client';
import { cancelAbandoned, cancelNote, StartedTasks } from './abandoned';
import type { Result } from './finish';
import { shapeOutput, withItem } from './output';
import type { Plan, Settled } from './plan';
import { planItems } from './plan';
import { executeRoute } from './route';
import { TASK_OPERATIONS } from './taskOperations';

/**
 * Runs the node: every item's input is checked first (bad input fails before any request), then all
 * items run side by side (the client caps requests in flight), and outputs come back in input order,
 * each paired to its item. Without Continue On Fail the first failed item fails the node at once: the
 * run's own signal is aborted, so no request starts after it and the other items stop waiting. A run that
 * ends early (that failure, or Stop) then cancels the SelSup tasks it started and had not yet seen end,
 * so they do not run on for nobody; with Continue On Fail every item runs to its end and abandons nothing.
 */
export async function run(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const continueOnFail = ctx.continueOnFail();

	const plans = planItems(ctx, resource, operation, items.length);
	if (!continueOnFail) {
		const bad = plans.find((p) => 'error' in p);
		if (bad && 'error' in bad) throw bad.error;
	}

	const stop = new AbortController();
	const execution = ctx.getExecutionCancelSignal();
	const onStop = () => stop.abort();
	if (execution?.aborted) stop.abort();
	else execution?.addEventListener('abort', onStop, { once: true });

	let client: SelSupClient | undefined;
	let clientError: Error | undefined;
	// Reading the options inside the promise: a bad one is then a rejection like a bad credential.
	const created = (async () => SelSupClient.create(ctx, readClientSettings(ctx), stop.signal))();
	if (continueOnFail) {
		// A bad credential or option then fails every item, each as its own error item.
		await created.then(
			(c) => (client = c),
			(e: Error) => (clientError = e),
		);
	} else {
		client = await created;
	}

	const started = new StartedTasks();
	let raced: Array<Settled<Result>> | { failure: Error };
	try {
		let failFast: (failure: { failure: Error }) => void = () => {};
		const failed = new Promise<{ failure: Error }>((resolve) => (failFast = resolve));
		const running = Promise.all(
			plans.map(async (p, i): Promise<Settled<Result>> => {
				if ('error' in p) return p;
				if (!client) return { error: clientError! };
				try {
					return { value: await executeItem(ctx, client, p.value, i, started) };
				} catch (error) {
					if (!continueOnFail && !stop.signal.aborted) {
						stop.abort();
						failFast({ failure: withItem(ctx, client.scrub(error as Error), i) });
					}
					return { error: error as Error };
				}
			}),
		);
		raced = continueOnFail ? await running : await Promise.race([running, failed]);
	} finally {
		execution?.removeEventListener('abort', onStop);
		// Whatever is still in flight of this run ends now.
		stop.abort();
	}
	if (!Array.isArray(raced)) {
		// The first failure without Continue On Fail: the tasks the others started are cancelled first.
		await cancelOnEarlyEnd(ctx, client, started, raced.failure);
		throw raced.failure;
	}
	const results = raced;
	// Stop: the waits it cut short ended with the cancellation; the tasks this run started are cancelled
	// (a Stop that came once every item had its result abandons nothing).
	const stopped = execution?.aborted ? results.find((r): r is { error: Error } => 'error' in r) : undefined;
	if (stopped) await cancelOnEarlyEnd(ctx, client, started, stopped.error);
	return [shapeOutput(ctx, client, plans, results, { resource, operation, continueOnFail })];
}

function executeItem(ctx: IExecuteFunctions, client: SelSupClient, p: Plan, itemIndex: number, started: StartedTasks): Promise<Result> {
	if (p.kind === 'task') return TASK_OPERATIONS[p.spec.operation](ctx, client, p, itemIndex);
	return executeRoute(ctx, client, p, itemIndex, started);
}

/** Cancels what the run abandons; what the cancels did goes into the description of the error that ended it. */
async function cancelOnEarlyEnd(ctx: IExecuteFunctions, client: SelSupClient | undefined, started: StartedTasks, ending: Error | undefined) {
	if (!client) return;
	const report = await cancelAbandoned(ctx, client, started);
	const note = cancelNote(report);
	if (!note || !ending) return;
	const e = ending as Error & { description?: string | null };
	e.description = e.description ? `${e.description} ${note}` : note;
}
