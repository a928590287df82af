#!/usr/bin/env node
'use strict';
/**
 * Browser look at what issues 23 and 24 changed in the editor (headless Chromium, the demo running), saved
 * to docs/screenshots/: SelSup Trigger with Task Finished (its Options, Download Result among them) and with
 * Task Failed (no empty Options section), and the SelSup node's Timeout option (at most 3600 s, what it does
 * as an AI tool).
 *
 * Not part of `npm test`: it needs a running demo and Chromium. Puppeteer stays outside the project:
 *   apt-get install -y chromium; npm i --prefix /tmp/pptr puppeteer-core
 *   DEMO_PORT=5691 DEMO_SANDBOX_PORT=8791 DEMO_SMTP_PORT=2531 npm run demo      (in another shell)
 *   PUPPETEER_DIR=/tmp/pptr DEMO_PORT=5691 node test/browser/trigger-and-timeout.js
 * Prints what each view showed; exits 1 when a view does not show what it should.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const PORT = Number(process.env.DEMO_PORT || 5678);
const BASE = `http://localhost:${PORT}`;
const OWNER = { email: 'demo@example.com', password: 'SelSupDemo2025' };
const OUT = process.env.SHOTS_DIR || path.join(ROOT, 'docs', 'screenshots');
const CREDENTIAL = { selSupApi: { id: 'selsupApiDemo001', name: 'SelSup API' } };
const puppeteer = require(path.join(process.env.PUPPETEER_DIR || '/tmp/pptr', 'node_modules', 'puppeteer-core'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const NODE_ID = 'b0000000-0000-4000-8000-000000000001';

/** A workflow of one node (the trigger, or the SelSup node after a Manual Trigger). */
function workflow(name, node) {
	const nodes = [{ id: NODE_ID, credentials: CREDENTIAL, typeVersion: 1, position: [260, 0], ...node }];
	const connections = {};
	if (node.type === 'n8n-nodes-selsup.selSup') {
		nodes.unshift({ id: 'b0000000-0000-4000-8000-000000000002', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} });
		connections.Start = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
	}
	return { name: `Look: ${name}`, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

const failures = [];
const expect = (what, ok) => {
	console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
	if (!ok) failures.push(what);
};

async function main() {
	fs.mkdirSync(OUT, { recursive: true });
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'look-chromium-'));
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		userDataDir: profile,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
			'--disable-component-update', '--disable-sync', '--window-size=1440,900'],
		defaultViewport: { width: 1440, height: 900 },
	});
	const page = await browser.newPage();
	const shot = async (name) => {
		await sleep(700);
		await page.screenshot({ path: path.join(OUT, `${name}.png`) });
		console.log(`     screenshot docs/screenshots/${name}.png`);
	};
	const text = () => page.evaluate(() => /** @type {any} */ (globalThis).document.body.innerText);
	const open = async (name, node) => {
		const created = await page.evaluate(
			async (b) => {
				const res = await fetch('/rest/workflows', {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'browser-id': /** @type {any} */ (globalThis).localStorage.getItem('n8n-browserId') || 'look' },
					body: JSON.stringify(b),
				});
				return { status: res.status, body: await res.json().catch(() => null) };
			},
			workflow(name, node),
		);
		if (created.status !== 200) throw new Error(`creating the workflow answered ${created.status}`);
		await page.goto(`${BASE}/workflow/${created.body.data.id}/${NODE_ID}`, { waitUntil: 'networkidle2' });
		await page.waitForSelector('[data-test-id="ndv"], .ndv-wrapper, [data-test-id="node-parameters"]', { timeout: 60000 });
		await sleep(1500);
	};
	const step = async (name, fn) => {
		try {
			await fn();
		} catch (error) {
			expect(`${name}: ${error.message}`, false);
		}
	};
	try {
		await page.goto(`${BASE}/signin`, { waitUntil: 'networkidle2' });
		const login = await page.evaluate(async (owner) => {
			const res = await fetch('/rest/login', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password }),
			});
			return res.status;
		}, OWNER);
		if (login !== 200) throw new Error(`login answered ${login}`);

		await step('trigger, task finished', async () => {
			await open('SelSup Trigger, Task Finished', { name: 'SelSup Trigger', type: 'n8n-nodes-selsup.selSupTrigger', parameters: { event: 'taskFinished', options: { downloadResult: true } } });
			await shot('trigger-task-finished-options');
			const shown = await text();
			expect('Task Finished: the Options section with Download Result', shown.includes('Options') && shown.includes('Download Result'));
		});
		await step('trigger, task failed', async () => {
			await open('SelSup Trigger, Task Failed', { name: 'SelSup Trigger', type: 'n8n-nodes-selsup.selSupTrigger', parameters: { event: 'taskFailed' } });
			await shot('trigger-task-failed-no-options');
			const shown = await text();
			expect('Task Failed: no Options section (no Add Option, no Download Result)', !shown.includes('Add Option') && !shown.includes('Download Result'));
		});
		await step('timeout option', async () => {
			await open('Stock export, Timeout', { name: 'SelSup', type: 'n8n-nodes-selsup.selSup', parameters: { resource: 'stock', operation: 'stocksFile', options: { waitTimeout: 900 } } });
			await page.hover('[data-test-id="parameter-input-waitTimeout"]').catch(() => {});
			await shot('stock-export-timeout');
			const shown = await text();
			expect('Timeout (Seconds) shown with its value', shown.includes('Timeout (Seconds)'));
		});
	} finally {
		await browser.close();
		fs.rmSync(profile, { recursive: true, force: true });
	}
	if (failures.length) {
		console.error(`${failures.length} view(s) did not show what they should`);
		process.exit(1);
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
