#!/usr/bin/env node
'use strict';
/**
 * npm run demo — the SelSup node in a real n8n, against the SelSup sandbox, in one command.
 *
 * On a fresh clone: npm ci (node_modules missing), npm run build (dist missing or stale),
 * n8n 1.123.81 into the cache (scripts/n8n/install.sh). Then:
 *   - the SelSup sandbox on http://127.0.0.1:8787 (token sandbox-token),
 *   - an SMTP sink on 127.0.0.1:2525 that prints the mails n8n sends,
 *   - n8n on http://localhost:5678 with user folder .demo/n8n, the credentials
 *     "SelSup API" (the sandbox) and "SMTP account" (the sink) and the workflows of
 *     examples/ imported, and an owner account set up so the editor opens at once.
 * Ctrl-C stops everything.
 *
 * Env: DEMO_N8N_VERSION (1.123.81), DEMO_PORT (5678), DEMO_SANDBOX_PORT (8787), DEMO_SMTP_PORT (2525),
 *      DEMO_EXIT_AFTER_CHECK=1 (start, check, stop: for scripted runs).
 */
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const VERSION = process.env.DEMO_N8N_VERSION || '1.123.81';
const PORT = Number(process.env.DEMO_PORT || 5678);
const SANDBOX_PORT = Number(process.env.DEMO_SANDBOX_PORT || 8787);
const SMTP_PORT = Number(process.env.DEMO_SMTP_PORT || 2525);
const TOKEN = 'sandbox-token';
const OWNER = { email: 'demo@example.com', firstName: 'SelSup', lastName: 'Demo', password: 'SelSupDemo2025' };
const DEMO_DIR = path.join(ROOT, '.demo');

function step(text) {
	console.log(`\n[demo] ${text}`);
}

async function main() {
	if (!fs.existsSync(path.join(ROOT, 'node_modules'))) {
		step('node_modules is missing: npm ci');
		execFileSync('npm', ['ci'], { cwd: ROOT, stdio: 'inherit' });
	}
	// Requires below need nothing from node_modules, but the build does.
	const { N8nInstance, ensureBuilt, install, isInstalled, httpRequest } = require('./n8n/instance');
	step('making sure dist/ is built');
	ensureBuilt();
	step(
		isInstalled(VERSION)
			? `checking the cached n8n ${VERSION} (scripts/n8n/install.sh smoke-checks it)`
			: `installing n8n ${VERSION} (a few minutes, once; cache: scripts/n8n/install.sh)`,
	);
	await install(VERSION);

	const { startSandbox } = require(path.join(ROOT, 'sandbox'));
	const { startSmtpSink, parseMessage } = require(path.join(ROOT, 'test', 'e2e', 'smtp-sink'));

	step(`starting the SelSup sandbox on port ${SANDBOX_PORT}`);
	const sandbox = await startSandbox({ port: SANDBOX_PORT, host: '127.0.0.1', token: TOKEN, taskDurationMs: 3000 }).catch((e) => {
		throw new Error(`the sandbox could not listen on ${SANDBOX_PORT} (${e.code || e.message}); set DEMO_SANDBOX_PORT`);
	});
	const smtp = await startSmtpSink({ port: SMTP_PORT }).catch((e) => {
		throw new Error(`the SMTP sink could not listen on ${SMTP_PORT} (${e.code || e.message}); set DEMO_SMTP_PORT`);
	});
	let seen = 0;
	const mailTimer = setInterval(() => {
		while (seen < smtp.messages.length) {
			const m = smtp.messages[seen++];
			const msg = parseMessage(m.raw);
			const files = msg.attachments.map((a) => `${a.fileName} (${a.content.length} bytes)`).join(', ') || 'no attachments';
			console.log(`[demo] mail to ${m.to.join(', ')}: "${msg.subject}" with ${files}`);
		}
	}, 1000);

	fs.mkdirSync(DEMO_DIR, { recursive: true });
	const userFolder = path.join(DEMO_DIR, 'n8n');
	fs.mkdirSync(userFolder, { recursive: true });
	const n8n = new N8nInstance({ version: VERSION, userFolder, encryptionKey: 'selsup-demo-encryption-key-not-secret' });
	n8n.linkPackage();

	step('importing the credentials and the example workflows');
	await n8n.importCredentials([
		{ id: 'selsupApiDemo001', name: 'SelSup API', type: 'selSupApi', data: { apiToken: TOKEN, baseUrl: sandbox.url } },
		{
			id: 'selsupSmtpDemo01',
			name: 'SMTP account',
			type: 'smtp',
			data: { user: '', password: '', host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true },
		},
	]);
	const examples = fs
		.readdirSync(path.join(ROOT, 'examples'))
		.filter((f) => f.endsWith('.json'))
		.map((f) => JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8')));
	// Bind the SMTP node to the demo sink's credential (the examples name it only).
	for (const w of examples) {
		for (const node of w.nodes) {
			if (node.credentials && node.credentials.smtp) node.credentials.smtp = { id: 'selsupSmtpDemo01', name: 'SMTP account' };
		}
	}
	await n8n.importWorkflow(examples);
	// The trigger example runs for real: a task failed in the sandbox is mailed to the sink.
	const triggerExamples = examples.filter((w) => w.nodes.some((node) => node.type === 'n8n-nodes-selsup.selSupTrigger'));
	for (const w of triggerExamples) await n8n.activateWorkflow(w.id);

	step(`starting n8n ${VERSION} on port ${PORT} (log: .demo/n8n.log)`);
	const log = fs.createWriteStream(path.join(DEMO_DIR, 'n8n.log'), { flags: 'a' });
	const { url } = await n8n.start({ port: PORT, log, env: { N8N_HOST: 'localhost', N8N_EDITOR_BASE_URL: `http://localhost:${PORT}` } });

	let stopping = false;
	const stop = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		console.log('\n[demo] stopping n8n and the sandbox…');
		clearInterval(mailTimer);
		await n8n.stop();
		await sandbox.close();
		await smtp.close();
		log.end();
		process.exit(code);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));
	n8n.server.on('exit', (c) => {
		if (!stopping) {
			console.error(`[demo] n8n exited (${c}); see .demo/n8n.log`);
			stop(1);
		}
	});

	step('setting up the owner account');
	const setup = await httpRequest(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	let cookie = setup.status === 200 ? cookieOf(setup) : undefined;
	if (!cookie) {
		// Set up in an earlier run: log in instead.
		const login = await httpRequest(`${url}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password }),
		});
		cookie = login.status === 200 ? cookieOf(login) : undefined;
		if (!cookie) console.log(`[demo] owner setup answered ${setup.status}, login ${login.status}: open the editor and sign up yourself`);
	}
	if (cookie) {
		const list = await httpRequest(`${url}/rest/workflows`, { headers: { cookie } });
		const names = list.status === 200 ? (JSON.parse(list.body).data || []).map((w) => w.name) : [];
		console.log(`[demo] workflows in the editor (GET /rest/workflows → ${list.status}): ${names.join(' | ') || 'none'}`);
	}
	// What the editor's node panel is built from: the package's nodes must be in it.
	const types = await httpRequest(`${url}/types/nodes.json`, { headers: cookie ? { cookie } : {} });
	let ours = [];
	try {
		ours = [...new Set(JSON.parse(types.body).map((t) => t.name).filter((n) => n.startsWith('n8n-nodes-selsup.')))];
	} catch {
		/* not JSON: reported below */
	}
	if (ours.includes('n8n-nodes-selsup.selSup')) console.log(`[demo] the editor lists: ${ours.join(', ')}`);
	else console.log(`[demo] the editor does NOT list n8n-nodes-selsup.selSup (GET /types/nodes.json → ${types.status}); see .demo/n8n.log`);
	const listed = ours.includes('n8n-nodes-selsup.selSup');

	console.log(`
[demo] ready.
  n8n editor:      http://localhost:${PORT}
  sign in with:    ${OWNER.email} / ${OWNER.password}
  SelSup sandbox:  ${sandbox.url} (token ${TOKEN}; requests: ${sandbox.url}/__sandbox/requests)
  SMTP sink:       127.0.0.1:${smtp.port} (mails are printed here)
  credentials:     "SelSup API" → the sandbox, "SMTP account" → the sink
  Open a SelSup workflow and click "Execute workflow". Ctrl-C stops everything.
  "E-mail me when a SelSup task fails" is active: fail a task in the sandbox and its mail shows here
  within a minute:
    curl -X POST ${sandbox.url}/__sandbox/tasks -d '{"type":"OZON_UPDATE_PRICE","status":"ERROR","durationMs":0}'
  "Order documents to Google Drive" needs a Google Drive credential of your own: without one, run its
  SelSup nodes one by one ("Execute step") to see the files.`);

	if (process.env.DEMO_EXIT_AFTER_CHECK === '1') await stop(cookie && listed ? 0 : 1);
}

function cookieOf(res) {
	const set = res.headers['set-cookie'];
	if (!set) return undefined;
	return [].concat(set).map((c) => c.split(';')[0]).join('; ');
}

main().catch((e) => {
	console.error(`[demo] ${e.message || e}`);
	process.exit(1);
});
