/**
 * Issue 24: the node as an AI agent's tool (n8n runs it as the type selSupTool) waits a bounded time by
 * default, then returns the task as it stands with words that lead the model to the Task tools; Timeout
 * has a maximum in every mode.
 */
import { SelSupApi } from '../../credentials/SelSupApi.credentials';
import { defaultItemOptions, readItemOptions } from '../../nodes/SelSup/params/options';
import { SelSup } from '../../nodes/SelSup/SelSup.node';
import { startSandbox } from '../../sandbox';
import { runNode } from '../helpers/harness';
import { run, setupNock, TOKEN } from './support';

setupNock();

/** What n8n makes of the node as a tool: the same node under the name + "Tool". */
function toolNode() {
	const node = new SelSup();
	node.description = { ...node.description, name: `${node.description.name}Tool` };
	return node;
}

function runTool(parameters, extra) {
	return runNode({ nodeType: toolNode(), credentialsType: new SelSupApi(), credentials: { apiToken: TOKEN, baseUrl: extra.baseUrl }, parameters, ...extra });
}

/**
 * A context with only what reading the wait options needs.
 * @returns {import('n8n-workflow').IExecuteFunctions}
 */
function fakeCtx(type, options) {
	return /** @type {any} */ ({
		getNode: () => ({ name: 'SelSup', type, typeVersion: 1, parameters: {} }),
		getNodeParameter: (name) => (name === 'options' ? options : undefined),
	});
}

describe('the wait options by mode', () => {
	it('as a tool: 120 s, then the task is returned; in a workflow: 900 s, then it fails (the README\'s figures)', () => {
		expect(readItemOptions(fakeCtx('n8n-nodes-selsup.selSupTool', {}), 0)).toMatchObject({ timeoutMs: 120_000, onTimeout: 'returnTask', intervalMs: 5000 });
		expect(readItemOptions(fakeCtx('n8n-nodes-selsup.selSup', {}), 0)).toMatchObject({ timeoutMs: 900_000, onTimeout: 'fail', intervalMs: 5000 });
		expect(defaultItemOptions()).toEqual({ intervalMs: 5000, timeoutMs: 900_000, onTimeout: 'fail', waitForCompletion: true, downloadResult: true });
	});

	it('what the seller sets still counts as a tool', () => {
		expect(readItemOptions(fakeCtx('n8n-nodes-selsup.selSupTool', { waitTimeout: 600, onTimeout: 'fail' }), 0)).toMatchObject({ timeoutMs: 600_000, onTimeout: 'fail' });
	});

	it('Timeout is at most 3600 s in every mode, refused in code like the other limits', () => {
		for (const type of ['n8n-nodes-selsup.selSup', 'n8n-nodes-selsup.selSupTool']) {
			expect(readItemOptions(fakeCtx(type, { waitTimeout: 3600 }), 0).timeoutMs).toBe(3_600_000);
			expect(() => readItemOptions(fakeCtx(type, { waitTimeout: 3601 }), 0)).toThrow(/Timeout \(Seconds\).*must be a number from 1 to 3600, but got 3601/);
		}
	});
});

describe('a tool call on a long task', () => {
	let sb;
	beforeAll(async () => {
		sb = await startSandbox({ token: TOKEN, taskDurationMs: 600_000 });
	});
	afterAll(() => sb.close());

	it('returns at the bound with the task id, its progress and how to go on; the task is not cancelled', async () => {
		const t0 = Date.now();
		const result = await runTool({ resource: 'stock', operation: 'stocksFile', options: { pollInterval: 1, waitTimeout: 3 } }, { baseUrl: sb.url });
		const took = Date.now() - t0;
		expect(result.error).toBeUndefined();
		expect(took).toBeGreaterThanOrEqual(3000);
		expect(took).toBeLessThan(5000);
		const { json } = result.items[0];
		expect(json).toMatchObject({ timedOut: true, cancelled: false, task: { id: 1000 } });
		expect(['CREATED', 'RUNNING']).toContain(json.task.status);
		expect(json.next).toMatch(/^SelSup task 1000 is still running \(status (Created|Running)(, \d+% done)?\) after 3 s of waiting\./);
		expect(json.next).toMatch(/use Task → Wait with task ID 1000/);
		expect(sb.requests.filter((r) => r.path === '/api/task/cancelTask')).toEqual([]);
	});

	it('in a workflow the same wait fails with the task id (its default On Timeout)', async () => {
		sb.reset();
		const result = await run({ resource: 'stock', operation: 'stocksFile', options: { pollInterval: 1, waitTimeout: 2 } }, { baseUrl: sb.url });
		expect(result.error?.message).toMatch(/^SelSup task 1000 did not finish within 2 s/);
		// On Timeout → Fail leaves it running, for Task → Wait later: not an abandoned task.
		expect(sb.requests.filter((r) => r.path === '/api/task/cancelTask')).toEqual([]);
	});
});
