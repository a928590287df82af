import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { OnTimeout, ParamSpec } from '../catalogue';
import { MAX_WAIT_TIMEOUT_S, TOOL_WAIT_DEFAULTS, WAIT_DEFAULTS } from '../catalogue';
import type { ClientSettings } from '../transport/client';
import { DEFAULT_SETTINGS } from '../transport/client';
import type { WaitSettings } from '../tasks/wait';
import { badInput } from './validate';

export interface ItemOptions extends WaitSettings {
	waitForCompletion: boolean;
	downloadResult: boolean;
}

/**
 * The limits of the request and wait options, held in code as well as in the editor (an expression
 * bypasses the editor's minimum): a 10 ms poll or 1000 requests in flight are a load test on SelSup, not
 * an export. `label` is the field as the editor shows it.
 */
export const OPTION_LIMITS = {
	concurrency: { label: 'Concurrency', min: 1, max: 20, whole: true, also: '0 (adaptive) or ' },
	retries: { label: 'Retries', min: 0, max: 10, whole: true },
	maxRetryWait: { label: 'Max Retry Wait (Seconds)', min: 0.001, max: Infinity, whole: false },
	requestTimeout: { label: 'Request Timeout (Seconds)', min: 1, max: Infinity, whole: false },
	pollInterval: { label: 'Poll Interval (Seconds)', min: 1, max: Infinity, whole: false },
	waitTimeout: { label: 'Timeout (Seconds)', min: 1, max: MAX_WAIT_TIMEOUT_S, whole: false },
} as const;

type Limited = keyof typeof OPTION_LIMITS;

function options(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const value = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function limited(ctx: IExecuteFunctions, itemIndex: number, name: Limited, raw: unknown, fallback: number): number {
	if (raw === undefined || raw === null || raw === '') return fallback;
	const { label, min, max, whole } = OPTION_LIMITS[name];
	const also = 'also' in OPTION_LIMITS[name] ? OPTION_LIMITS[name].also : '';
	const n = typeof raw === 'number' ? raw : Number(raw);
	if (!Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n))) {
		const kind = whole ? 'a whole number' : 'a number';
		const range = max === Infinity ? `of at least ${min}` : `from ${min} to ${max}`;
		const field = { name, label, type: 'number', description: '' } as ParamSpec;
		throw badInput(ctx.getNode(), itemIndex, field, `must be ${also}${kind} ${range}, but got ${JSON.stringify(raw)}`, `Fix "${label}" under Options.`);
	}
	return n;
}

/** Request settings, shared by all items of a run (they share one connection budget). */
export function readClientSettings(ctx: IExecuteFunctions): Partial<ClientSettings> {
	const o = options(ctx, 0);
	// Left out, or 0 (the editor's default, "adaptive"): start at the default and adapt to SelSup's answers.
	// Set from 1 to 20: exactly that, fixed.
	const fixedConcurrency = o.concurrency !== undefined && o.concurrency !== null && o.concurrency !== '' && o.concurrency !== 0 && o.concurrency !== '0';
	return {
		concurrency: fixedConcurrency ? limited(ctx, 0, 'concurrency', o.concurrency, DEFAULT_SETTINGS.concurrency) : DEFAULT_SETTINGS.concurrency,
		adaptiveConcurrency: !fixedConcurrency,
		retries: limited(ctx, 0, 'retries', o.retries, DEFAULT_SETTINGS.retries),
		maxDelayMs: limited(ctx, 0, 'maxRetryWait', o.maxRetryWait, DEFAULT_SETTINGS.maxDelayMs / 1000) * 1000,
		timeoutMs: limited(ctx, 0, 'requestTimeout', o.requestTimeout, DEFAULT_SETTINGS.timeoutMs / 1000) * 1000,
	};
}

const ON_TIMEOUT: OnTimeout[] = ['fail', 'returnTask', 'cancelTask'];

/**
 * Whether the node runs as an AI agent's tool: n8n runs the tool version as the node type's name + "Tool"
 * (selSupTool), as its '@tool' display condition reads it.
 */
export function usedAsTool(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/** How an item waits when it takes no wait options (or none are set): the written defaults. */
export function defaultItemOptions(tool = false): ItemOptions {
	const defaults = tool ? { ...WAIT_DEFAULTS, ...TOOL_WAIT_DEFAULTS } : WAIT_DEFAULTS;
	return {
		intervalMs: defaults.pollIntervalS * 1000,
		timeoutMs: defaults.timeoutS * 1000,
		onTimeout: defaults.onTimeout,
		waitForCompletion: true,
		downloadResult: true,
	};
}

/** How this item waits for its task; as an AI tool, a bounded wait that returns the task when it is reached. */
export function readItemOptions(ctx: IExecuteFunctions, itemIndex: number): ItemOptions {
	const o = options(ctx, itemIndex);
	const defaults = defaultItemOptions(usedAsTool(ctx));
	const onTimeout = (o.onTimeout ?? defaults.onTimeout) as OnTimeout;
	if (!ON_TIMEOUT.includes(onTimeout)) {
		throw badInput(ctx.getNode(), itemIndex, 'onTimeout', `has the unknown value ${JSON.stringify(o.onTimeout)}`, `Allowed values: ${ON_TIMEOUT.join(', ')}.`);
	}
	return {
		intervalMs: limited(ctx, itemIndex, 'pollInterval', o.pollInterval, defaults.intervalMs / 1000) * 1000,
		timeoutMs: limited(ctx, itemIndex, 'waitTimeout', o.waitTimeout, defaults.timeoutMs / 1000) * 1000,
		onTimeout,
		waitForCompletion: o.waitForCompletion !== false,
		downloadResult: o.downloadResult !== false,
	};
}
