/**
 * Captures every log line n8n writes while the fault suite runs, so the suite can prove the token is in
 * none of them. Must be imported before the harness: the log level is read when n8n-core's Logger is
 * first built (lazily, inside the first run), and at "debug" no level is swapped for a no-op.
 *
 * - n8n's `Logger` (@n8n/backend-common, also behind n8n-workflow's `LoggerProxy` and a node's
 *   `this.logger`): its `log` is replaced by a recorder (nothing reaches the console).
 * - `console.*`: recorded while a scenario runs (see `captureConsole`).
 */
process.env.N8N_LOG_LEVEL = 'debug';

import { Logger } from '@n8n/backend-common';

export const logLines = [];

/** JSON of anything, errors included (with their own properties), cycles cut. */
export function dump(value, skipKeys = new Set()) {
	const seen = new WeakSet();
	const walk = (v, depth) => {
		if (v === null || typeof v !== 'object') return typeof v === 'function' ? `[function ${v.name}]` : v;
		if (Buffer.isBuffer(v)) return `[buffer ${v.length}]`;
		if (seen.has(v) || depth > 12) return '[seen]';
		seen.add(v);
		if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
		const out = {};
		const keys = new Set(Object.keys(v));
		if (v instanceof Error) for (const k of Object.getOwnPropertyNames(v)) keys.add(k);
		if (v instanceof Error) keys.add('cause');
		for (const k of keys) {
			if (skipKeys.has(k)) continue;
			try {
				out[k] = walk(v[k], depth + 1);
			} catch {
				out[k] = '[unreadable]';
			}
		}
		return out;
	};
	try {
		return JSON.stringify(walk(value, 0)) ?? String(value);
	} catch {
		return String(value);
	}
}

const proto = /** @type {{ log: (level: string, message: string, metadata: unknown) => void }} */ (/** @type {unknown} */ (Logger.prototype));
proto.log = function (level, message, metadata) {
	logLines.push(`[n8n ${level}] ${message} ${dump(metadata)}`);
};

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'];

/** Records console output (instead of printing it) until the returned function is called. */
export function captureConsole() {
	const saved = METHODS.map((m) => [m, console[m]]);
	for (const m of METHODS) {
		console[m] = (...args) => {
			logLines.push(`[console.${m}] ${args.map((a) => (typeof a === 'string' ? a : dump(a))).join(' ')}`);
		};
	}
	return () => {
		for (const [m, fn] of saved) console[m] = fn;
	};
}
