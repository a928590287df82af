import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ParamSpec } from '../catalogue';
import { humanize, isIdParam } from './names';

/** A value as it goes to SelSup. */
export type Sendable = string | number | boolean | Array<string | number>;

/** A field by its API name, or by its catalogue entry (whose label is what the seller sees). */
type Field = string | ParamSpec;
const apiName = (field: Field) => (typeof field === 'string' ? field : field.name);
const labelOf = (field: Field) => (typeof field === 'string' ? humanize(field) : (field.label ?? humanize(field.name)));

/** Bad input: names the field, the item and what was wrong, before any request is sent. */
export function badInput(node: INode, itemIndex: number, field: Field, problem: string, hint?: string): NodeOperationError {
	return new NodeOperationError(node, `${labelOf(field)} (${apiName(field)}) ${problem} [item ${itemIndex}]`, {
		itemIndex,
		description: hint ?? `Fix the "${labelOf(field)}" field of this operation.`,
	});
}

export function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

function describe(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (value && typeof value === 'object') return 'an object';
	const text = typeof value === 'string' ? `"${value}"` : String(value);
	return text.length > 60 ? `${text.slice(0, 57)}…"` : text;
}

interface Context {
	node: INode;
	itemIndex: number;
	timezone: string;
}

/**
 * Checks one parameter against its catalogue entry and returns what is sent: whole numbers as numbers,
 * arrays as arrays (sent as repeated keys), dates as ISO 8601 in UTC. Undefined means "leave it out".
 */
export function validateParam(ctx: Context, param: ParamSpec, raw: unknown): Sendable | undefined {
	if (isEmpty(raw)) {
		if (param.required) throw badInput(ctx.node, ctx.itemIndex, param, 'is required but empty');
		return undefined;
	}
	if (param.array) {
		const values = toList(raw);
		if (values.length === 0) {
			if (param.required) throw badInput(ctx.node, ctx.itemIndex, param, 'is required but empty');
			return undefined;
		}
		return values.map((v) => single(ctx, param, v, true) as string | number);
	}
	return single(ctx, param, raw, false);
}

/** A list from an expression's array, a comma / newline separated text, or a single value. */
function toList(raw: unknown): unknown[] {
	const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[,;\n]/) : [raw];
	return list.map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => !isEmpty(v));
}

function single(ctx: Context, param: ParamSpec, raw: unknown, inList: boolean): Sendable {
	const { node, itemIndex } = ctx;
	const name: Field = param;
	if (Array.isArray(raw) || (raw !== null && typeof raw === 'object' && !isDateLike(raw))) {
		throw badInput(node, itemIndex, name, `must be ${inList ? 'a list of single values' : 'a single value'}, but got ${describe(raw)}`);
	}
	switch (param.type) {
		case 'integer':
			return wholeNumber(ctx, name, raw);
		case 'number': {
			const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim().replace(',', '.')) : NaN;
			if (!Number.isFinite(n)) throw badInput(node, itemIndex, name, `must be a number, but got ${describe(raw)}`);
			return n;
		}
		case 'boolean': {
			if (typeof raw === 'boolean') return raw;
			const text = String(raw).trim().toLowerCase();
			if (text === 'true' || text === '1') return true;
			if (text === 'false' || text === '0') return false;
			throw badInput(node, itemIndex, name, `must be true or false, but got ${describe(raw)}`);
		}
		case 'options': {
			const text = String(raw).trim();
			const allowed = Object.keys(param.options ?? {});
			const match = allowed.find((o) => o === text) ?? allowed.find((o) => o.toLowerCase() === text.toLowerCase());
			if (!match) {
				const shown = allowed.length > 8 ? `${allowed.slice(0, 8).join(', ')}, … (${allowed.length} in all)` : allowed.join(', ');
				throw badInput(
					node,
					itemIndex,
					name,
					`has the unknown value ${describe(raw)}`,
					`The valid values are SelSup's codes listed in the "${labelOf(name)}" dropdown of this node (and in SelSup's API reference for ${apiName(name)}): ${shown}.`,
				);
			}
			return match;
		}
		case 'dateTime':
			return isoDate(ctx, name, raw);
		case 'string':
			if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
				throw badInput(node, itemIndex, name, `must be text, but got ${describe(raw)}`);
			}
			return String(raw);
	}
}

function wholeNumber(ctx: Context, name: Field, raw: unknown): number {
	const { node, itemIndex } = ctx;
	let n: number;
	if (typeof raw === 'number') {
		n = raw;
	} else if (typeof raw === 'string' && /^[+-]?\d+$/.test(raw.trim())) {
		n = Number(raw.trim());
		if (!Number.isSafeInteger(n)) {
			throw badInput(node, itemIndex, name, `is too large: ${describe(raw)} has more digits than a SelSup ID can have`);
		}
	} else {
		throw badInput(node, itemIndex, name, `must be a whole number, but got ${describe(raw)}`);
	}
	if (!Number.isInteger(n)) throw badInput(node, itemIndex, name, `must be a whole number, but got ${describe(raw)}`);
	if (!Number.isSafeInteger(n)) throw badInput(node, itemIndex, name, `is too large: ${describe(raw)}`);
	if (isIdParam(apiName(name)) && n <= 0) throw badInput(node, itemIndex, name, `must be an ID above zero, but got ${describe(raw)}`);
	return n;
}

function isDateLike(value: unknown): boolean {
	return value instanceof Date || (value !== null && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function');
}

/**
 * A date as SelSup takes it (`2024-01-15T10:30:00Z`). n8n's date picker gives local wall-clock time
 * without an offset: that is read in the workflow's time zone.
 */
function isoDate(ctx: Context, name: Field, raw: unknown): string {
	let ms: number;
	if (raw instanceof Date) {
		ms = raw.getTime();
	} else if (raw !== null && typeof raw === 'object' && typeof (raw as { toMillis?: unknown }).toMillis === 'function') {
		ms = (raw as { toMillis: () => number }).toMillis();
	} else if (typeof raw === 'number') {
		ms = raw;
	} else {
		const text = String(raw).trim();
		const local = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/.exec(text);
		if (local) {
			const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0'] = local;
			const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, +frac.padEnd(3, '0'));
			const check = new Date(wall);
			if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) {
				throw badInput(ctx.node, ctx.itemIndex, name, `is not a valid date: ${describe(raw)}`, 'Use a date like 2024-01-15 or 2024-01-15T10:30:00.');
			}
			ms = wall - offsetMs(ctx.timezone, wall);
		} else if (/^\d{4}-\d{2}-\d{2}T.+([zZ]|[+-]\d{2}:?\d{2})$/.test(text)) {
			ms = Date.parse(text);
		} else {
			ms = NaN;
		}
	}
	if (!Number.isFinite(ms)) {
		throw badInput(ctx.node, ctx.itemIndex, name, `is not a valid date: ${describe(raw)}`, 'Use a date like 2024-01-15 or 2024-01-15T10:30:00.');
	}
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The offset of `timezone` at a moment, from Intl (n8n-workflow brings no time zone library we may import). */
function offsetMs(timezone: string, utcGuess: number): number {
	try {
		const parts = new Intl.DateTimeFormat('en-US', {
			timeZone: timezone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		}).formatToParts(new Date(utcGuess));
		const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
		const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
		return asUtc - Math.floor(utcGuess / 1000) * 1000;
	} catch {
		return 0;
	}
}

/** Validates a ProductFilter given as JSON text or an object: known fields by their type, others as they are. */
export function validateFilterObject(
	ctx: Context,
	fields: readonly ParamSpec[],
	raw: unknown,
	field: string,
): IDataObject {
	let value = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return {};
		try {
			value = JSON.parse(raw);
		} catch (error) {
			throw badInput(ctx.node, ctx.itemIndex, field, `is not valid JSON: ${(error as Error).message}`, 'Write the filter as a JSON object, e.g. {"query": "dress", "organizations": [12]}.');
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw badInput(ctx.node, ctx.itemIndex, field, `must be a JSON object, but got ${describe(value)}`);
	}
	const out: IDataObject = {};
	const byName = new Map(fields.map((f) => [f.name, f]));
	for (const [key, v] of Object.entries(value as IDataObject)) {
		const spec = byName.get(key);
		if (!spec) {
			out[key] = v;
			continue;
		}
		const checked = validateParam(ctx, { ...spec, required: false }, v);
		if (checked !== undefined) out[key] = checked;
	}
	return out;
}
