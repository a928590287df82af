import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ParamSpec, RouteSpec } from '../catalogue';
import { productFilterFields } from '../catalogue';
import type { Sendable } from './validate';
import { badInput, validateFilterObject, validateParam } from './validate';

export interface RouteInput {
	qs: IDataObject;
	body?: IDataObject;
	/** Parameter values as sent, for file names like `waybill-{deliveryId}.xml`. */
	values: Record<string, Sendable>;
}

/**
 * Reads and checks one item's parameters for a route. Every problem is reported here, naming the field
 * and the item, so that no request is sent with bad input.
 */
export function readRouteInput(ctx: IExecuteFunctions, route: RouteSpec, itemIndex: number): RouteInput {
	const check = { node: ctx.getNode(), itemIndex, timezone: ctx.getTimezone() };
	const qs: IDataObject = {};
	const values: Record<string, Sendable> = {};
	const collection = (name: string, used: boolean): IDataObject => {
		const value = used ? (ctx.getNodeParameter(name, itemIndex, {}) as IDataObject) : {};
		if (!value || typeof value !== 'object' || Array.isArray(value)) throw badInput(check.node, itemIndex, name, 'must be an object');
		return value;
	};
	const optional = collection('additionalFields', route.query.some((p) => !p.required));
	const more = collection('moreOptions', route.query.some((p) => p.more));
	for (const param of route.query) {
		// A field moved to More Options is still read where a workflow saved before the move keeps it.
		const from = param.more && more[param.name] !== undefined ? 'moreOptions' : 'additionalFields';
		const raw = readRaw(ctx, param, from === 'moreOptions' ? more : optional, from, itemIndex);
		const value = validateParam(check, param, raw);
		if (value === undefined) continue;
		qs[param.name] = value;
		values[param.name] = value;
	}

	let body: IDataObject | undefined;
	if (route.body === 'productFilter') {
		const mode = ctx.getNodeParameter('filterInput', itemIndex, 'fields') as string;
		if (mode === 'json') {
			body = validateFilterObject(check, productFilterFields, ctx.getNodeParameter('filterJson', itemIndex, '{}'), 'filterJson');
		} else {
			const fields = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
			body = {};
			// Technical fields are not offered as filter fields (n8n drops values it does not offer); JSON takes them.
			for (const param of productFilterFields.filter((f) => !f.technical)) {
				const value = validateParam(check, param, fields?.[param.name]);
				if (value !== undefined) body[param.name] = value;
			}
		}
	}
	return { qs, body, values };
}

/**
 * A parameter as the workflow gives it. A picked ID may be a resource-locator value
 * (`{"__rl": true, "mode": "list", "value": 12345}`) or, as in workflows made before the picker, the
 * plain ID: n8n's extractValue hands back the ID in both cases, for a field or one in Additional Fields.
 */
function readRaw(ctx: IExecuteFunctions, param: ParamSpec, optional: IDataObject, collection: string, itemIndex: number): unknown {
	if (!param.pick) return param.required ? ctx.getNodeParameter(param.name, itemIndex, '') : optional[param.name];
	if (param.required) return ctx.getNodeParameter(param.name, itemIndex, '', { extractValue: true });
	if (optional[param.name] === undefined) return undefined;
	return ctx.getNodeParameter(`${collection}.${param.name}`, itemIndex, '', { extractValue: true });
}

/** A route's default file name with its `{param}` placeholders filled in. */
export function defaultFileName(route: RouteSpec, values: Record<string, Sendable>): string {
	const template = route.fileName ?? `${route.operation}.xlsx`;
	return template.replace(/\{(\w+)\}/g, (_, name: string) => {
		const v = values[name];
		return v === undefined ? '' : Array.isArray(v) ? v.join('-') : String(v).toLowerCase().replace(/_/g, '-');
	}).replace(/-+\./, '.');
}
