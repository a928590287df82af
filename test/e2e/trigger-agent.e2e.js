'use strict';
/**
 * SelSup Trigger and the node as an AI agent's tool, on one real n8n version (SELSUP_E2E_VERSION),
 * against the SelSup sandbox, the SMTP sink and a fake OpenAI-compatible model (fake-model.js).
 *
 * - AI Agent 2.2 through `n8n execute`: the model calls Task → Get Many (status ERROR) and a file
 *   operation as tools, gets their JSON, and answers with the failed task's id.
 * - SelSup Trigger in a running n8n (`n8n start`, workflow active): examples/selsup-task-failed-email.json
 *   sends one mail per failed task; after a restart nothing is sent twice and a task that failed while
 *   n8n was down is sent once; Fetch Test Event through n8n's REST API gives the latest failed task.
 * - On 2.x with the durable scheduler (N8N_SCHEDULER_ENABLED, N8N_SCHEDULER_POLL_TRIGGERS_ENABLED,
 *   N8N_POLLER_DURABLE_CURSORS_ENABLED): a busy account with Java dates and a task stuck for three days;
 *   one mail per failed task, nothing from before activation, no replay after a restart.
 * - On 2.x, in the same running n8n: AI Agent 3.1 (2.41's default) behind a Webhook answers through
 *   Respond to Webhook, with the tool result reaching the model (`n8n execute` hands 3.x empty tool results).
 */
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');

const { N8nInstance, httpRequest, freePort, REPO_ROOT } = require('../../scripts/n8n/instance');
const { startSandbox } = require('../../sandbox');
const { startSmtpSink, parseMessage } = require('./smtp-sink');
const { startFakeModel } = require('./fake-model');

const VERSION = process.env.SELSUP_E2E_VERSION || '1.123.81';
const KEEP = process.env.SELSUP_E2E_KEEP === '1';
const MAJOR = Number(VERSION.split('.')[0]);
const TOKEN = 'sandbox-token-e2e-SECRET-5531';
const TEST_TIMEOUT = 8 * 60 * 1000;
/** The order ID the fake model hands the order tool. */
const PICKED_ORDER = 48258;

const SELSUP_CRED = { id: 'selsupApiDemo001', name: 'SelSup API' };
const SMTP_CRED = { id: 'selsupE2eSmtp002', name: 'SMTP account' };
const OPENAI_CRED = { id: 'selsupE2eOpenAi1', name: 'Fake model' };

let ids = 0;
const nodeId = () => `10000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;
const node = (name, type, typeVersion, parameters, position, extra = {}) => ({ id: nodeId(), name, type, typeVersion, position, parameters, ...extra });

/** The SelSup node as the agent's tools: the failed-task list and a file operation. */
function toolNodes() {
	const cred = { selSupApi: { id: SELSUP_CRED.id, name: SELSUP_CRED.name } };
	return [
		node(
			'SelSup failed tasks',
			'n8n-nodes-selsup.selSupTool',
			1,
			{ resource: 'task', operation: 'getMany', limit: "={{ $fromAI('limit', 'How many tasks to list at most', 'number') }}", filters: { status: 'ERROR' } },
			[300, 220],
			{ credentials: cred },
		),
		node('SelSup brands sample', 'n8n-nodes-selsup.selSupTool', 1, { resource: 'reference', operation: 'brandsFile' }, [460, 220], { credentials: cred }),
		// The order picker (a resource locator) with the ID left to the model, as the editor's AI button stores it.
		node(
			'SelSup Ozon invoice',
			'n8n-nodes-selsup.selSupTool',
			1,
			{ resource: 'order', operation: 'ozonInvoice', orderId: { __rl: true, mode: 'id', value: "={{ $fromAI('orderId', 'ID of the SelSup order', 'number') }}" } },
			[620, 220],
			{ credentials: cred },
		),
	];
}

function agentWorkflow(id, name, trigger, agentVersion, prompt, tail = []) {
	const agent = node('AI Agent', '@n8n/n8n-nodes-langchain.agent', agentVersion, { promptType: 'define', text: prompt, options: {} }, [220, 0]);
	const model = node(
		'OpenAI Chat Model',
		'@n8n/n8n-nodes-langchain.lmChatOpenAi',
		1.2,
		{ model: { __rl: true, mode: 'id', value: 'fake-model' }, options: {} },
		[140, 220],
		{ credentials: { openAiApi: { id: OPENAI_CRED.id, name: OPENAI_CRED.name } } },
	);
	const tools = toolNodes();
	const nodes = [trigger, agent, model, ...tools, ...tail];
	/** @type {Record<string, object>} */
	const connections = {
		[trigger.name]: { main: [[{ node: agent.name, type: 'main', index: 0 }]] },
		[model.name]: { ai_languageModel: [[{ node: agent.name, type: 'ai_languageModel', index: 0 }]] },
	};
	for (const t of tools) connections[t.name] = { ai_tool: [[{ node: agent.name, type: 'ai_tool', index: 0 }]] };
	if (tail.length) connections[agent.name] = { main: [[{ node: tail[0].name, type: 'main', index: 0 }]] };
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {}, versionId: `${id}-v1`.padEnd(36, '0').slice(0, 36) };
}

/** The fake model's script: call both tools, then name the failed tasks and the file it was told about. */
function modelScript() {
	return {
		plan: [
			{ match: /^Only reads: changes nothing\. Lists SelSup background tasks/, args: { limit: 10 } },
			{ match: /^Only reads: changes nothing\. Downloads from SelSup: Sample Excel file for importing brands/, args: {} },
			{ match: /^Only reads: changes nothing\. Downloads from SelSup: Excel invoice for shipping an order to Ozon/, args: { orderId: PICKED_ORDER } },
		],
		answer(results) {
			const failed = [];
			let file = '';
			for (const r of results) {
				let value;
				try {
					value = JSON.parse(r.content);
				} catch {
					value = undefined;
				}
				for (const item of [].concat(value ?? [])) {
					const json = item && item.json ? item.json : item;
					if (json && json.status === 'ERROR') failed.push(`${json.id} (${json.message})`);
					if (json && json.fileName) file = `${json.fileName}, ${json.mimeType}, ${json.fileSize} bytes`;
				}
			}
			return `Failed SelSup tasks: ${failed.join('; ') || 'none'}. Brands sample: ${file || 'none'}.`;
		},
	};
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, fn, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(500);
	}
}

/** Everything the fake model received: tool results and tool descriptions included. */
function modelSaw(fake) {
	return fake.requests.map((r) => r.raw).join('\n');
}

function checkAgentRun(fake, failedTask, answer, extraTexts = []) {
	// The model got our tool descriptions and both tool results.
	const first = fake.requests.find((r) => Array.isArray(r.body.tools));
	assert.ok(first, 'the model was offered tools');
	const descriptions = first.body.tools.map((t) => t.function.description);
	assert.ok(descriptions.some((d) => /^Only reads: changes nothing\. Lists SelSup background tasks/.test(d)), descriptions.join('\n'));
	const toolMessages = fake.requests.flatMap((r) => (r.body.messages || []).filter((m) => m.role === 'tool'));
	const toolText = toolMessages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))).join('\n');
	assert.match(toolText, new RegExp(`"id":\\s*${failedTask.id}\\b`), `tool results: ${toolText.slice(0, 1500)}`);
	assert.match(toolText, /"fileName":\s*"[^"]+\.xlsx"/);
	assert.match(toolText, /"mimeType":\s*"application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet"/);
	assert.match(toolText, /"fileSize":\s*\d+/);
	// $fromAI inside the order picker's value is a tool parameter the model fills.
	const invoiceTool = first.body.tools.find((t) => /^Only reads: changes nothing\. Downloads from SelSup: Excel invoice for shipping an order to Ozon/.test(t.function.description));
	assert.ok(invoiceTool, 'the order tool was offered');
	assert.ok(invoiceTool.function.parameters?.properties?.orderId, JSON.stringify(invoiceTool.function.parameters));
	// No file bytes for the model: an xlsx in base64 starts with UEsDB.
	assert.doesNotMatch(toolText, /UEsDB/);
	// The final answer names the failed task.
	assert.match(String(answer), new RegExp(`\\b${failedTask.id}\\b`));
	// The token is nowhere.
	for (const text of [modelSaw(fake), String(answer), ...extraTexts]) assert.ok(!text.includes(TOKEN), 'the API token leaked');
}

describe(`n8n ${VERSION}: SelSup Trigger and the node as an AI agent's tool`, () => {
	let sb;
	let smtp;
	let fake;
	let n8n;

	before(async () => {
		sb = await startSandbox({ port: 0, token: TOKEN, taskDurationMs: 60_000 });
		smtp = await startSmtpSink();
		fake = await startFakeModel(modelScript());
		n8n = await N8nInstance.create({ version: VERSION });
		await n8n.importCredentials([
			{ ...SELSUP_CRED, type: 'selSupApi', data: { apiToken: TOKEN, baseUrl: sb.url } },
			{ ...SMTP_CRED, type: 'smtp', data: { user: '', password: '', host: smtp.host, port: smtp.port, secure: false, disableStartTls: true } },
			{ ...OPENAI_CRED, type: 'openAiApi', data: { apiKey: 'fake-key', url: `${fake.url}/v1` } },
		]);
	});

	after(async () => {
		if (n8n) await n8n.stop();
		if (sb) await sb.close();
		if (smtp) await smtp.close();
		if (fake) await fake.close();
		if (n8n && !KEEP) n8n.cleanup();
		if (KEEP && n8n) console.log(`kept n8n user folder ${n8n.userFolder}`);
	});

	it('AI Agent 2.2 (n8n execute): Task → Get Many with status ERROR and a file operation as tools', { timeout: TEST_TIMEOUT }, async () => {
		sb.reset();
		fake.requests.length = 0;
		const failed = sb.createTask({ type: 'OZON_UPDATE_PRICE', durationMs: 0, status: 'ERROR', message: 'Price below the minimum' });
		sb.createTask({ type: 'STOCKS_UPDATE', durationMs: 0 });
		const workflow = agentWorkflow(
			'selsupE2eAgent22',
			'e2e agent 2.2 with SelSup tools',
			node('Start', 'n8n-nodes-base.manualTrigger', 1, {}, [0, 0]),
			2.2,
			'Which SelSup tasks failed? Give their ids.',
		);
		await n8n.importWorkflow(workflow);
		// 1.x also keeps binary data in memory (base64 in the item) when told to: the model must not get it either way.
		for (const mode of MAJOR >= 2 ? ['filesystem'] : ['filesystem', 'default']) {
			fake.requests.length = 0;
			sb.requests.length = 0;
			const r = await n8n.execute(workflow.id, { env: { N8N_DEFAULT_BINARY_DATA_MODE: mode } });
			assert.ok(r.ok, `${mode}: exit ${r.code}: ${String(JSON.stringify(r.error)).slice(0, 1500)}\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
			const answer = N8nInstance.items(r.runData, 'AI Agent')[0].json.output;
			checkAgentRun(fake, failed, answer, [r.stdout, r.stderr]);
			const findTask = sb.requests.filter((q) => q.path === '/api/task/findTask');
			assert.ok(findTask.some((q) => q.query.status?.[0] === 'ERROR' && q.query.limit?.[0] === '10'), JSON.stringify(findTask.map((q) => q.query)));
			assert.ok(sb.requests.some((q) => q.path === '/api/export/brandsFile'), 'the file tool ran');
			const invoice = sb.requests.filter((q) => q.path === '/api/export/ozonInvoice').map((q) => q.query);
			assert.deepEqual(invoice, [{ orderId: [String(PICKED_ORDER)] }], 'the model\'s orderId reached SelSup');
		}
	});

	it('SelSup Trigger in a running n8n: one run per failed task, none twice after a restart; Fetch Test Event via REST', { timeout: TEST_TIMEOUT }, async () => {
		sb.reset();
		const example = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'selsup-task-failed-email.json'), 'utf8'));
		example.nodes.find((n) => n.type === 'n8n-nodes-base.emailSend').credentials.smtp = { id: SMTP_CRED.id, name: SMTP_CRED.name };
		// Keep the manual run's data, as the editor shows it after Fetch Test Event.
		example.settings = { ...example.settings, saveManualExecutions: true };
		const triggerName = example.nodes.find((n) => n.type === 'n8n-nodes-selsup.selSupTrigger').name;
		const workflows = [example];
		if (MAJOR >= 2) {
			workflows.push(
				agentWorkflow(
					'selsupE2eAgent31',
					'e2e agent 3.1 behind a webhook',
					node('Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path: 'selsup-agent', responseMode: 'responseNode', options: {} }, [0, 0], {
						webhookId: '20000000-0000-4000-8000-000000000031',
					}),
					3.1,
					'={{ $json.body.question }}',
					[node('Respond to Webhook', 'n8n-nodes-base.respondToWebhook', 1.1, { respondWith: 'json', responseBody: '={{ { "answer": $json.output } }}', options: {} }, [520, 0])],
				),
			);
		}
		await n8n.importWorkflow(workflows);
		for (const w of workflows) await n8n.activateWorkflow(w.id);

		// The past: tasks that failed before activation are not mailed.
		sb.createTask({ type: 'STOCKS_UPDATE', durationMs: 0, status: 'ERROR', message: 'Old failure' });
		const [a, b, c, d] = [1, 2, 3, 4].map((i) => sb.createTask({ type: 'WILDBERRIES_CARD_UPDATE', organizationId: 11 + (i % 2), stuck: true }));
		const port = await freePort();
		const log = fs.createWriteStream(path.join(n8n.userFolder, 'n8n-start.log'), { flags: 'a' });
		const findTasks = () => sb.requests.filter((q) => q.path === '/api/task/findTask').length;
		let { url } = await n8n.start({ port, log });
		// The activation poll: the window and the four in-progress statuses.
		await waitFor('the activation poll', () => findTasks() >= 5, 60_000);
		await sleep(3000);
		assert.equal(smtp.messages.length, 0, 'nothing from before activation');

		// Two fail, one finishes: the next scheduled poll mails the two, once each.
		sb.finishTask(a.id, { status: 'ERROR', message: 'Card rejected by moderation' });
		sb.finishTask(b.id, { status: 'INTERRUPTED', message: 'Marketplace unavailable' });
		sb.finishTask(c.id);
		await waitFor('two mails', () => smtp.messages.length >= 2, 150_000);
		await sleep(5000);
		const subjects = () => smtp.messages.map((m) => parseMessage(m.raw).subject);
		assert.deepEqual(subjects().sort(), [`SelSup task ${a.id} failed (WILDBERRIES_CARD_UPDATE, ERROR)`, `SelSup task ${b.id} failed (WILDBERRIES_CARD_UPDATE, INTERRUPTED)`].sort());

		// n8n stops; a task fails meanwhile; n8n starts: that one is mailed once, the others not again.
		await n8n.stop();
		sb.finishTask(d.id, { status: 'EXCEPTION', message: 'Internal error' });
		const pollsBefore = findTasks();
		({ url } = await n8n.start({ port, log }));
		await waitFor('the poll after the restart', () => findTasks() >= pollsBefore + 1, 60_000);
		await waitFor('the mail for the task that failed while n8n was down', () => smtp.messages.length >= 3, 60_000);
		await sleep(5000);
		const after = subjects();
		assert.equal(after.length, 3, after.join('\n'));
		assert.equal(after.filter((s) => s.includes(`task ${d.id} `)).length, 1);
		assert.equal(new Set(after).size, 3, 'a mail came twice');

		// Fetch Test Event through the REST API: the task that failed last.
		const cookie = await n8n.ownerCookie(url);
		const test = await n8n.fetchTestEvent(url, cookie, example, triggerName);
		const items = test.runData?.[triggerName]?.[0]?.data?.main?.[0] ?? [];
		assert.equal(items.length, 1, JSON.stringify(test.execution).slice(0, 1500));
		assert.equal(items[0].json.id, d.id);
		assert.equal(items[0].json.event, 'taskFailed');
		assert.equal(items[0].json.status, 'EXCEPTION');

		if (MAJOR >= 2) {
			// AI Agent 3.1 behind a webhook, in this running n8n.
			fake.requests.length = 0;
			const res = await httpRequest(`${url}/webhook/selsup-agent`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ question: 'Which SelSup tasks failed? Give their ids.' }),
			});
			assert.equal(res.status, 200, res.body.slice(0, 1000));
			const answer = JSON.parse(res.body).answer;
			checkAgentRun(fake, a, answer, [res.body]);
			assert.ok(sb.requests.some((q) => q.path === '/api/export/ozonInvoice' && q.query.orderId?.[0] === String(PICKED_ORDER)), 'the model\'s orderId reached SelSup');
		}
		const logText = fs.readFileSync(path.join(n8n.userFolder, 'n8n-start.log'), 'utf8');
		assert.ok(!logText.includes(TOKEN), 'the API token is in the n8n log');
	});
});

const DURABLE = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
};

describe(`n8n ${VERSION}: SelSup Trigger under the durable scheduler, on a busy account with Java dates`, {
	skip: MAJOR < 2 && 'n8n 2.x only',
}, () => {
	let sb;
	let smtp;
	let n8n;
	const DAY = 86_400_000;

	before(async () => {
		sb = await startSandbox({ port: 0, token: TOKEN, taskDurationMs: 60_000, dateFormat: 'zoned' });
		smtp = await startSmtpSink();
		n8n = await N8nInstance.create({ version: VERSION });
		await n8n.importCredentials([
			{ ...SELSUP_CRED, type: 'selSupApi', data: { apiToken: TOKEN, baseUrl: sb.url } },
			{ ...SMTP_CRED, type: 'smtp', data: { user: '', password: '', host: smtp.host, port: smtp.port, secure: false, disableStartTls: true } },
		]);
	});

	after(async () => {
		if (n8n) await n8n.stop();
		if (sb) await sb.close();
		if (smtp) await smtp.close();
		if (n8n && !KEEP) n8n.cleanup();
	});

	it('one mail per failed task, none from before activation, none twice after a restart', { timeout: 2 * TEST_TIMEOUT }, async (t) => {
		// 3,000 tasks over two days (one in 20 failed), one RUNNING for three days, one since yesterday.
		const history = sb.seedHistory({ tasks: 3000, overMs: 2 * DAY, failedEvery: 20, stuckAgoMs: 3 * DAY });
		const dayOld = sb.createTask({ type: 'OZON_UPDATE_PRICE', stuck: true, createdAgoMs: DAY });
		const later = sb.createTask({ type: 'STOCKS_UPDATE', stuck: true });
		const example = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'selsup-task-failed-email.json'), 'utf8'));
		example.nodes.find((n) => n.type === 'n8n-nodes-base.emailSend').credentials.smtp = { id: SMTP_CRED.id, name: SMTP_CRED.name };
		await n8n.importWorkflow([example]);
		await n8n.activateWorkflow(example.id);

		const port = await freePort();
		const log = fs.createWriteStream(path.join(n8n.userFolder, 'n8n-start.log'), { flags: 'a' });
		const findTasks = () => sb.requests.filter((q) => q.path === '/api/task/findTask').length;
		const subjects = () => smtp.messages.map((m) => parseMessage(m.raw).subject);
		await n8n.start({ port, log, env: DURABLE });
		// The check at activation (5 lists: one window, four statuses in progress). The durable scheduler does
		// not keep its node state, and its first scheduled poll comes up to a minute later: the two tasks end
		// in between, which is what the trigger's copy of its starting line (trigger/start.ts) is for.
		await waitFor('the activation poll', () => findTasks() >= 5, 120_000);
		await sleep(1000);
		t.diagnostic(`tasks ended ${findTasks() === 5 ? 'before' : 'after'} the first scheduled poll`);
		sb.finishTask(dayOld.id, { status: 'ERROR', message: 'Price below the minimum' });
		sb.finishTask(history.stuck, { status: 'INTERRUPTED', message: 'Marketplace unavailable' });
		await waitFor('two mails', () => smtp.messages.length >= 2, 240_000);
		// One more scheduled poll: nothing comes again.
		const polls = findTasks();
		await waitFor('the next poll', () => findTasks() > polls, 240_000);
		await sleep(5000);
		assert.deepEqual(
			subjects().sort(),
			[`SelSup task ${dayOld.id} failed (OZON_UPDATE_PRICE, ERROR)`, `SelSup task ${history.stuck} failed (WILDBERRIES_STOCKS_IMPORT_TASK, INTERRUPTED)`].sort(),
		);

		await n8n.stop();
		sb.finishTask(later.id, { status: 'EXCEPTION', message: 'Internal error' });
		const before = findTasks();
		await n8n.start({ port, log, env: DURABLE });
		await waitFor('the mail for the task that failed while n8n was down', () => smtp.messages.length >= 3, 240_000);
		const again = findTasks();
		await waitFor('the next poll', () => findTasks() > again, 240_000);
		await sleep(5000);
		const all = subjects();
		assert.equal(all.length, 3, all.join('\n'));
		assert.equal(new Set(all).size, 3, 'a mail came twice');
		assert.ok(all.some((s) => s.includes(`task ${later.id} failed (STOCKS_UPDATE, EXCEPTION)`)), all.join('\n'));
		assert.ok(findTasks() > before);
		const logText = fs.readFileSync(path.join(n8n.userFolder, 'n8n-start.log'), 'utf8');
		assert.ok(!logText.includes(TOKEN), 'the API token is in the n8n log');
	});
});
