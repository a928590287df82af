/**
 * Fault-injection suite (issue 4): every fault in test/faults/scenarios.js against the sandbox, the node
 * run through n8n-core's real machinery. For each: what the node did, the request counts (no task
 * started twice), items in = items out, and the token absent from items, errors and log lines.
 * scripts/faults.js runs this file and prints the figures (FAULTS_REPORT names the file they go to).
 */
import { writeFileSync } from 'node:fs';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy } from 'n8n-workflow';

import { captureConsole, logLines } from './logCapture';

import { figures, FOREIGN_TOKEN, REVOKED_TOKEN, runScenario, scenarios, TOKEN } from './scenarios';
import { startSandbox } from '../../sandbox';

jest.setTimeout(30_000);

let env;
const outcomes = [];

beforeAll(async () => {
	env = {
		sb: await startSandbox({ token: TOKEN, taskDurationMs: 300 }),
		foreign: await startSandbox({ token: FOREIGN_TOKEN, taskDurationMs: 300 }),
	};
});

afterAll(async () => {
	await env?.sb.close();
	await env?.foreign.close();
	if (process.env.FAULTS_REPORT) {
		writeFileSync(process.env.FAULTS_REPORT, JSON.stringify({ outcomes, figures: figures(outcomes), logLines: logLines.length }, null, 2));
	}
});

describe.each([
	['fault', scenarios.filter((s) => s.kind === 'fault')],
	['bad input', scenarios.filter((s) => s.kind === 'badInput')],
])('%s', (_kind, list) => {
	test.each(list.map((s) => [s.id, s]))('%s', async (_id, sc) => {
		const outcome = await runScenario(sc, env);
		outcomes.push(outcome);
		expect({ id: sc.id, did: outcome.did, problems: outcome.problems }).toEqual({ id: sc.id, did: outcome.did, problems: [] });
	});
});

describe('figures', () => {
	test('the matrix is as wide as issue 4 asks', () => {
		const f = figures(outcomes);
		expect(f.faultsTried).toBeGreaterThanOrEqual(20);
		// Every fault lands in exactly one column: the three figures add up to the faults tried.
		expect(f.survivedByRetry + f.clearErrors + f.handledAsConfigured).toBe(f.faultsTried);
		expect(f.badInputsTried).toBeGreaterThanOrEqual(15);
		expect(f.refusedBeforeRequest).toBe(f.badInputsTried);
		expect(f.itemsOut).toBe(f.itemsIn);
		expect(f.duplicateTasks).toBe(0);
		expect(f.tokenLeaks).toBe(0);
	});

	test('no log line written during the suite holds a token (n8n Logger, LoggerProxy, console)', () => {
		for (const secret of [TOKEN, REVOKED_TOKEN]) {
			expect(logLines.filter((l) => l.includes(secret))).toEqual([]);
		}
		// The capture itself works on every channel (the node's paths may legitimately log nothing).
		const before = logLines.length;
		const restore = captureConsole();
		try {
			LoggerProxy.debug('probe LoggerProxy', { secret: 'probe-1' });
			Container.get(Logger).warn('probe Logger', { error: new Error('probe-2') });
			console.error('probe console', { nested: 'probe-3' });
		} finally {
			restore();
		}
		const probes = logLines.slice(before).join('\n');
		expect(probes).toMatch(/probe LoggerProxy.*probe-1/);
		expect(probes).toMatch(/probe Logger.*probe-2/);
		expect(probes).toMatch(/probe console.*probe-3/);
	});
});
