'use strict';
/**
 * Issue 24 in a real n8n (SELSUP_E2E_VERSION): the node as an AI agent's tool (AI Agent 2.2 through
 * `n8n execute`, a fake OpenAI-compatible model) on an export that takes 10 minutes. The tool returns
 * at its default bound (120 s) with the task as it stands, its id, and words that lead the model to
 * Task → Wait; the task is left running (not cancelled). Prints one `figures:` line.
 */
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { N8nInstance } = require('../../scripts/n8n/instance');
const { startSandbox } = require('../../sandbox');
const { startFakeModel } = require('./fake-model');

const VERSION = process.env.SELSUP_E2E_VERSION || '1.123.81';
const KEEP = process.env.SELSUP_E2E_KEEP === '1';
const TOKEN = 'sandbox-token-tool-SECRET-7204';
const TEST_TIMEOUT = 6 * 60 * 1000;
/** The default bound of a tool's wait (README, catalogue/wait.ts), and what n8n and a loaded machine add. */
const BOUND_MS = 120_000;
const SLACK_MS = 10_000;

const SELSUP_CRED = { id: 'selsupE2eToolCr1', name: 'SelSup API (tool)' };
const OPENAI_CRED = { id: 'selsupE2eToolAi1', name: 'Fake model (tool)' };

let ids = 0;
const nodeId = () => `20000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;
const node = (name, type, typeVersion, parameters, position, extra = {}) => ({ id: nodeId(), name, type, typeVersion, position, parameters, ...extra });

function toolWorkflow() {
	const trigger = node('Start', 'n8n-nodes-base.manualTrigger', 1, {}, [0, 0]);
	const agent = node('AI Agent', '@n8n/n8n-nodes-langchain.agent', 2.2, { promptType: 'define', text: 'Export my stock to Excel.', options: {} }, [220, 0]);
	const model = node(
		'OpenAI Chat Model',
		'@n8n/n8n-nodes-langchain.lmChatOpenAi',
		1.2,
		{ model: { __rl: true, mode: 'id', value: 'fake-model' }, options: {} },
		[140, 220],
		{ credentials: { openAiApi: { id: OPENAI_CRED.id, name: OPENAI_CRED.name } } },
	);
	// As dropped on the canvas: no options, so the tool's own bounded wait applies.
	const tool = node('SelSup stock export', 'n8n-nodes-selsup.selSupTool', 1, { resource: 'stock', operation: 'stocksFile' }, [300, 220], {
		credentials: { selSupApi: { id: SELSUP_CRED.id, name: SELSUP_CRED.name } },
	});
	const id = 'selsupE2eToolLong';
	return {
		id,
		name: 'e2e tool on a 10-minute export',
		active: false,
		nodes: [trigger, agent, model, tool],
		connections: {
			[trigger.name]: { main: [[{ node: agent.name, type: 'main', index: 0 }]] },
			[model.name]: { ai_languageModel: [[{ node: agent.name, type: 'ai_languageModel', index: 0 }]] },
			[tool.name]: { ai_tool: [[{ node: agent.name, type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		versionId: `${id}-v1`.padEnd(36, '0').slice(0, 36),
	};
}

describe(`n8n ${VERSION}: the node as an AI tool on a long export`, () => {
	let sb;
	let fake;
	let n8n;
	let resultAt = 0;

	before(async () => {
		sb = await startSandbox({ port: 0, token: TOKEN, taskDurationMs: 600_000 });
		fake = await startFakeModel({
			plan: [{ match: /Runs a SelSup background export: Excel file with the stock of products\./, args: {} }],
			answer(results) {
				resultAt = Date.now();
				return `Tool said: ${results.map((r) => r.content).join('\n')}`;
			},
		});
		n8n = await N8nInstance.create({ version: VERSION });
		await n8n.importCredentials([
			{ ...SELSUP_CRED, type: 'selSupApi', data: { apiToken: TOKEN, baseUrl: sb.url } },
			{ ...OPENAI_CRED, type: 'openAiApi', data: { apiKey: 'fake-key', url: `${fake.url}/v1` } },
		]);
	});

	after(async () => {
		if (sb) await sb.close();
		if (fake) await fake.close();
		if (n8n && !KEEP) n8n.cleanup();
	});

	it('a tool call on a 10-minute task returns within the 120 s bound, with the task id and how to go on', { timeout: TEST_TIMEOUT }, async () => {
		const w = toolWorkflow();
		await n8n.importWorkflow(w);
		const r = await n8n.execute(w.id);
		assert.ok(r.ok, `exit ${r.code}: ${String(JSON.stringify(r.error)).slice(0, 1500)}\n${String(r.stderr).slice(-2000)}`);

		const start = sb.requests.find((q) => q.path === '/api/export/stocksFile');
		assert.ok(start, 'the export was started');
		assert.ok(resultAt > 0, 'the model got the tool result');
		const toolMs = resultAt - start.time;
		const toolMessages = fake.requests.flatMap((q) => (q.body.messages || []).filter((m) => m.role === 'tool'));
		const toolText = toolMessages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))).join('\n');
		const id = 1000;
		assert.match(toolText, new RegExp(`"id":\\s*${id}\\b`), `the task id reaches the model: ${toolText.slice(0, 1500)}`);
		assert.match(toolText, /"timedOut":\s*true/);
		assert.match(toolText, new RegExp(`use Task → Wait with task ID ${id}`));
		assert.match(toolText, /"status":\s*"RUNNING"/);
		const polls = sb.requests.filter((q) => q.path === '/api/task/findTask').length;
		console.log(`figures: ${JSON.stringify({ version: VERSION, scenario: 'tool-long-task', toolMs, boundMs: BOUND_MS, taskMs: 600_000, statusChecks: polls, said: toolText.slice(0, 600) })}`);
		assert.ok(toolMs >= BOUND_MS - 1000, `the tool waited ${toolMs} ms, its bound is ${BOUND_MS} ms`);
		assert.ok(toolMs < BOUND_MS + SLACK_MS, `the tool answered after ${toolMs} ms, its bound is ${BOUND_MS} ms`);
		// Returned unfinished, not abandoned: nothing cancels it.
		assert.equal(sb.requests.filter((q) => q.path === '/api/task/cancelTask').length, 0, 'the task goes on in SelSup');
		assert.ok(!toolText.includes(TOKEN) && !r.stdout.includes(TOKEN), 'the API token leaked');
	});
});
