import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RouteSpec } from '../catalogue';
import { startsWork } from '../catalogue';
import { downloadFile } from '../files/download';
import { humanize } from '../params/names';
import { defaultFileName } from '../params/read';
import { asTask } from '../tasks/task';
import { isTimeoutFailure, waitForTask } from '../tasks/wait';
import type { SelSupClient } from '../transport/client';
import type { StartedTasks } from './abandoned';
import type { Result } from './finish';
import { fileJson, finishTask } from './finish';
import type { Plan } from './plan';

type RoutePlan = Extract<Plan, { kind: 'route' }>;

/** One export route: a file, a value, or a task started (noted in `started`), waited for and downloaded. */
export async function executeRoute(
	ctx: IExecuteFunctions,
	client: SelSupClient,
	p: RoutePlan,
	itemIndex: number,
	started: StartedTasks,
): Promise<Result> {
	const { route, input } = p;
	const label = `${route.resource}/${route.operation}`;
	const call = {
		method: route.method,
		url: route.path,
		qs: route.credentialQuery ? { ...input.qs, ...(await credentialQuery(ctx, client, route, itemIndex)) } : input.qs,
		body: input.body,
		repeatable: !startsWork(route),
		label,
		itemIndex,
	};
	// Items carry what SelSup answered; which resource and operation made them is the node's setting, not data.
	const base: IDataObject = {};

	if (route.returns === 'file') {
		const file = await downloadFile(ctx, client, call, defaultFileName(route, input.values));
		return { json: { ...base, ...fileJson(file) }, file };
	}
	if (route.returns === 'value') {
		const answer = await client.json(call);
		const result = route.valueType === 'boolean' ? answer === true || answer === 'true' : answer;
		return { json: { ...base, result: client.scrubber.value(result as IDataObject) } };
	}

	const task = asTask(client, call, await client.json(call));
	started.started(task, itemIndex);
	if (!p.options.waitForCompletion) return { json: { ...base, task } };
	const outcome = await waitForTask(client, task, p.options, itemIndex, (t) => started.seen(t)).catch((error: Error) => {
		// On Timeout → Fail leaves the task running, as the seller chose.
		if (isTimeoutFailure(error)) started.settled(task);
		throw error;
	});
	if (outcome.cancelled) started.settled(outcome.task);
	return finishTask(ctx, client, outcome, p.options, defaultFileName(route, input.values), base, itemIndex);
}

/** A route's parameters kept in a credential (a site's login and password), its secrets scrubbed from then on. */
async function credentialQuery(ctx: IExecuteFunctions, client: SelSupClient, route: RouteSpec, itemIndex: number): Promise<IDataObject> {
	const { credential, params, secret } = route.credentialQuery!;
	const data = await ctx.getCredentials(credential, itemIndex);
	const qs: IDataObject = {};
	for (const name of params) {
		const value = typeof data[name] === 'string' ? (data[name] as string) : '';
		if (secret.includes(name)) client.scrubber.add(value);
		if (!value.trim()) {
			throw new NodeOperationError(ctx.getNode(), `The ${humanize(name)} in the SelSup CommerceML Site API credential is empty [item ${itemIndex}]`, {
				itemIndex,
				description: 'Open the credential and fill in the site\'s CommerceML login and password.',
			});
		}
		qs[name] = value;
	}
	return qs;
}
