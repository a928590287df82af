import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ClientSettings } from '../transport/client';
import { DEFAULT_SETTINGS } from '../transport/client';
import type { OnTimeout, WaitSettings } from '../tasks/wait';
import { badInput } from './validate';

export interface ItemOptions extends WaitSettings {
	waitForCompletion: boolean;
	downloadResult: boolean;
}

function options(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const value = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function positive(ctx: IExecuteFunctions, itemIndex: number, name: string, raw: unknown, fallback: number, min: number): number {
	if (raw === undefined || raw === null || raw === '') return fallback;
	const n = typeof raw === 'number' ? raw : Number(raw);
	if (!Number.isFinite(n) || n < min) {
		const bound = min > 0 && min < 1 ? 'above 0' : `of at least ${min}`;
		throw badInput(ctx.getNode(), itemIndex, name, `must be a number ${bound}, but got ${JSON.stringify(raw)}`, 'Fix it under Options.');
	}
	return n;
}

/** Request settings, shared by all items of a run (they share one connection budget). */
export function readClientSettings(ctx: IExecuteFunctions): Partial<ClientSettings> {
	const o = options(ctx, 0);
	return {
		concurrency: Math.floor(positive(ctx, 0, 'concurrency', o.concurrency, DEFAULT_SETTINGS.concurrency, 1)),
		// Set by the seller: exactly that, fixed. Left out: start there and adapt to SelSup's answers.
		adaptiveConcurrency: o.concurrency === undefined || o.concurrency === null || o.concurrency === '',
		retries: Math.floor(positive(ctx, 0, 'retries', o.retries, DEFAULT_SETTINGS.retries, 0)),
		maxDelayMs: positive(ctx, 0, 'maxRetryWait', o.maxRetryWait, DEFAULT_SETTINGS.maxDelayMs / 1000, 0.001) * 1000,
		timeoutMs: positive(ctx, 0, 'requestTimeout', o.requestTimeout, DEFAULT_SETTINGS.timeoutMs / 1000, 0.001) * 1000,
	};
}

const ON_TIMEOUT: OnTimeout[] = ['fail', 'returnTask', 'cancelTask'];

/** How this item waits for its task. */
export function readItemOptions(ctx: IExecuteFunctions, itemIndex: number): ItemOptions {
	const o = options(ctx, itemIndex);
	const onTimeout = (o.onTimeout ?? 'fail') as OnTimeout;
	if (!ON_TIMEOUT.includes(onTimeout)) {
		throw badInput(ctx.getNode(), itemIndex, 'onTimeout', `has the unknown value ${JSON.stringify(o.onTimeout)}`, `Allowed values: ${ON_TIMEOUT.join(', ')}.`);
	}
	return {
		intervalMs: positive(ctx, itemIndex, 'pollInterval', o.pollInterval, 5, 0.001) * 1000,
		timeoutMs: positive(ctx, itemIndex, 'waitTimeout', o.waitTimeout, 900, 0.001) * 1000,
		onTimeout,
		waitForCompletion: o.waitForCompletion !== false,
		downloadResult: o.downloadResult !== false,
	};
}
