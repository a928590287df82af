'use strict';
/**
 * SelSup Trigger in a running n8n under what n8n and a harsh SelSup account do to it (issue 23):
 * - On 2.x with the scheduler and durable cursors on (N8N_SCHEDULER_POLL_TIMEOUT 45 s by default), SelSup
 *   answering lists in 9 s and files in 12 s: four finished tasks each come once, with their file.
 * - On 1.x, the trigger node renamed as the editor saves it (node state stays under the old name, the
 *   workflow's static data otherwise untouched) and n8n restarted: nothing is emitted again.
 */
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');

const { N8nInstance, freePort } = require('../../scripts/n8n/instance');
const { startSandbox } = require('../../sandbox');
const { startSmtpSink, parseMessage } = require('./smtp-sink');

const VERSION = process.env.SELSUP_E2E_VERSION || '1.123.81';
const KEEP = process.env.SELSUP_E2E_KEEP === '1';
const MAJOR = Number(VERSION.split('.')[0]);
const TOKEN = 'sandbox-token-e2e-SECRET-2323';
const TEST_TIMEOUT = 10 * 60 * 1000;
const DAY = 86_400_000;
const SELSUP_CRED = { id: 'selsupApiHarsh01', name: 'SelSup API' };
const SMTP_CRED = { id: 'selsupHarshSmtp1', name: 'SMTP account' };
const DURABLE = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
};

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

/** SelSup Trigger → Send Email, the subject the item's eventId, the result file (if any) attached. */
function triggerToMail(id, triggerName, parameters) {
	return {
		id,
		name: `e2e harsh ${id}`,
		nodes: [
			{
				id: `${id}-trigger`.padEnd(36, '0').slice(0, 36),
				name: triggerName,
				type: 'n8n-nodes-selsup.selSupTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
				credentials: { selSupApi: SELSUP_CRED },
			},
			{
				id: `${id}-mail`.padEnd(36, '0').slice(0, 36),
				name: 'Send Email',
				type: 'n8n-nodes-base.emailSend',
				typeVersion: 2.1,
				position: [260, 0],
				webhookId: `${id}-hook`.padEnd(36, '0').slice(0, 36),
				parameters: {
					fromEmail: 'n8n@example.com',
					toEmail: 'seller@example.com',
					subject: '={{ $json.eventId }}',
					emailFormat: 'text',
					text: '={{ $json.id }} {{ $json.status }} {{ $json.downloadError || "" }}',
					options: { appendAttribution: false, ...(parameters.options?.downloadResult ? { attachments: 'data' } : {}) },
				},
				credentials: { smtp: SMTP_CRED },
			},
		],
		connections: { [triggerName]: { main: [[{ node: 'Send Email', type: 'main', index: 0 }]] } },
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

function harness() {
	const h = {};
	before(async () => {
		h.sb = await startSandbox({ port: 0, token: TOKEN, taskDurationMs: 60_000, dateFormat: 'zoned' });
		h.smtp = await startSmtpSink();
		h.n8n = await N8nInstance.create({ version: VERSION });
		await h.n8n.importCredentials([
			{ ...SELSUP_CRED, type: 'selSupApi', data: { apiToken: TOKEN, baseUrl: h.sb.url } },
			{ ...SMTP_CRED, type: 'smtp', data: { user: '', password: '', host: h.smtp.host, port: h.smtp.port, secure: false, disableStartTls: true } },
		]);
		h.log = () => fs.readFileSync(path.join(h.n8n.userFolder, 'n8n-start.log'), 'utf8');
		h.findTasks = () => h.sb.requests.filter((q) => q.path === '/api/task/findTask').length;
		h.mails = () => h.smtp.messages.map((m) => ({ subject: parseMessage(m.raw).subject, attachments: parseLeaves(m.raw) }));
	});
	after(async () => {
		if (h.n8n) await h.n8n.stop();
		if (h.sb) await h.sb.close();
		if (h.smtp) await h.smtp.close();
		if (h.n8n && !KEEP) h.n8n.cleanup();
		if (KEEP && h.n8n) console.log(`kept n8n user folder ${h.n8n.userFolder}`);
	});
	return h;
}

/** File names of a mail's attachments. */
function parseLeaves(raw) {
	const text = raw.toString('latin1');
	return [...text.matchAll(/filename="?([^";\r\n]+)"?/g)].map((m) => m[1]);
}

describe(`n8n ${VERSION}: SelSup Trigger with slow SelSup answers under the durable scheduler`, { skip: MAJOR < 2 && 'n8n 2.x only' }, () => {
	const h = harness();

	it('lists in 9 s, files in 12 s: four finished tasks come once each, with their file, within 6 minutes', { timeout: TEST_TIMEOUT }, async (t) => {
		const { sb } = h;
		sb.seedHistory({ tasks: 3000, overMs: 2 * DAY, failedEvery: 20 });
		const tasks = [1, 2, 3, 4].map(() => sb.createTask({ type: 'OZON_UPDATE_PRICE', stuck: true }));
		const workflow = triggerToMail('selsupHarshSlow1', 'SelSup Trigger', { event: 'taskFinished', filters: { types: ['OZON_UPDATE_PRICE'] }, options: { downloadResult: true } });
		await h.n8n.importWorkflow([workflow]);
		await h.n8n.activateWorkflow(workflow.id);
		sb.setFault('/api/task/findTask', { delayMs: 9_000 });
		sb.setFault('/files/file', { delayMs: 12_000 });
		const port = await freePort();
		const log = fs.createWriteStream(path.join(h.n8n.userFolder, 'n8n-start.log'), { flags: 'a' });
		await h.n8n.start({ port, log, env: DURABLE });
		await waitFor('the activation poll', () => h.findTasks() >= 5, 180_000);
		await sleep(12_000);
		const ended = Date.now();
		for (const task of tasks) sb.finishTask(task.id);
		await waitFor('four mails', () => h.smtp.messages.length >= 4, 6 * 60_000);
		t.diagnostic(`four mails ${Math.round((Date.now() - ended) / 1000)} s after the tasks ended`);
		const polls = h.findTasks();
		await waitFor('the next poll', () => h.findTasks() > polls, 180_000);
		await sleep(25_000);
		const mails = h.mails();
		assert.deepEqual(mails.map((m) => m.subject).sort(), tasks.map((x) => `selsup:task:${x.id}:FINISHED`).sort());
		for (const m of mails) assert.equal(m.attachments.length, 1, `${m.subject}: ${m.attachments.join(', ')}`);
		const text = h.log();
		assert.ok(!/Poll exceeded its timeout/.test(text), 'a poll was abandoned');
		assert.ok(!text.includes(TOKEN), 'the API token is in the n8n log');
	});
});

describe(`n8n ${VERSION}: SelSup Trigger renamed as the editor saves it`, { skip: MAJOR >= 2 && 'n8n 1.x (its default mode keys node state by name)' }, () => {
	const h = harness();

	it('after the rename and a restart, nothing emitted before comes again; the next task comes once', { timeout: TEST_TIMEOUT }, async () => {
		const { sb, n8n } = h;
		sb.seedHistory({ tasks: 3000, overMs: 2 * DAY, failedEvery: 20 });
		const [a, b, c] = [1, 2, 3].map(() => sb.createTask({ type: 'STOCKS_UPDATE', stuck: true }));
		const workflow = triggerToMail('selsupHarshRen01', 'SelSup Trigger', { event: 'taskFailed', filters: {}, options: {} });
		await n8n.importWorkflow([workflow]);
		await n8n.activateWorkflow(workflow.id);
		const port = await freePort();
		const log = fs.createWriteStream(path.join(n8n.userFolder, 'n8n-start.log'), { flags: 'a' });
		await n8n.start({ port, log });
		await waitFor('the activation poll', () => h.findTasks() >= 5, 120_000);
		await sleep(3000);
		sb.finishTask(a.id, { status: 'ERROR', message: 'x' });
		sb.finishTask(b.id, { status: 'ERROR', message: 'y' });
		await waitFor('two mails', () => h.smtp.messages.length >= 2, 150_000);
		await n8n.stop();

		// The editor's save: the node and its connections renamed, the static data as n8n stored it.
		const exported = path.join(n8n.userFolder, 'exported.json');
		await n8n.runChecked(['export:workflow', `--id=${workflow.id}`, `--output=${exported}`], 'export:workflow');
		const [saved] = JSON.parse(fs.readFileSync(exported, 'utf8'));
		assert.ok(JSON.stringify(saved.staticData ?? {}).includes('node:SelSup Trigger'), 'the trigger state was stored under its name');
		const renamed = 'Failed exports → Telegram';
		saved.nodes.find((n) => n.name === 'SelSup Trigger').name = renamed;
		saved.connections = { [renamed]: saved.connections['SelSup Trigger'] };
		await n8n.importWorkflow([saved]);
		await n8n.activateWorkflow(workflow.id);
		const before = h.findTasks();
		await n8n.start({ port, log });
		// The activation poll and two scheduled ones.
		await waitFor('the polls after the restart', () => h.findTasks() >= before + 7, 240_000);
		await sleep(3000);
		assert.equal(h.smtp.messages.length, 2, h.mails().map((m) => m.subject).join('\n'));
		sb.finishTask(c.id, { status: 'ERROR', message: 'z' });
		await waitFor('the third mail', () => h.smtp.messages.length >= 3, 150_000);
		const polls = h.findTasks();
		await waitFor('the next poll', () => h.findTasks() > polls, 120_000);
		await sleep(3000);
		assert.deepEqual(h.mails().map((m) => m.subject).sort(), [a, b, c].map((x) => `selsup:task:${x.id}:ERROR`).sort());
	});
});
