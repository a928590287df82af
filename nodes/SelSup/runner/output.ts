import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { SelSupClient } from '../transport/client';
import type { Result } from './finish';
import type { Plan, Settled } from './plan';

/**
 * Every item's result in input order, each paired to its item; a failed one is an error item with
 * Continue On Fail, and fails the node without it.
 */
export function shapeOutput(
	ctx: IExecuteFunctions,
	client: SelSupClient | undefined,
	plans: Array<Settled<Plan>>,
	results: Array<Settled<Result>>,
	names: { resource: string; operation: string; continueOnFail: boolean },
): INodeExecutionData[] {
	const items = ctx.getInputData();
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const r = results[i];
		if ('error' in r) {
			const error = client ? client.scrub(r.error as Error & { description?: string }) : r.error;
			// Reached without Continue On Fail only after Stop: every item ended with the cancellation.
			if (!names.continueOnFail) throw withItem(ctx, error, i);
			out.push({ json: errorJson(error, names.resource, names.operation, i), pairedItem: { item: i } });
			continue;
		}
		if (r.value.many) {
			for (const json of r.value.many) out.push({ json, pairedItem: { item: i } });
			continue;
		}
		const { json, file } = r.value;
		const item: INodeExecutionData = { json, pairedItem: { item: i } };
		const incoming = items[i].binary;
		if (file) {
			const p = (plans[i] as { value: Plan }).value;
			const field = 'binaryProperty' in p ? p.binaryProperty : 'data';
			item.binary = { ...(incoming ?? {}), [field]: file.binary } as IBinaryKeyData;
		} else if (incoming) {
			item.binary = incoming;
		}
		out.push(item);
	}
	return out;
}

function errorJson(error: Error & { description?: string | null; httpCode?: string | null }, resource: string, operation: string, itemIndex: number): IDataObject {
	const json: IDataObject = { error: error.message, resource, operation, itemIndex };
	if (error.description) json.description = error.description;
	if (error.httpCode) json.httpCode = error.httpCode;
	return json;
}

export function withItem(ctx: IExecuteFunctions, error: Error, itemIndex: number): Error {
	const e = error as Error & { context?: IDataObject };
	if (e.context && e.context.itemIndex === undefined) e.context.itemIndex = itemIndex;
	if (!(e instanceof NodeOperationError) && !('httpCode' in e)) {
		return new NodeOperationError(ctx.getNode(), e, { itemIndex });
	}
	return e;
}
