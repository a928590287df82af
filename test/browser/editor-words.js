#!/usr/bin/env node
'use strict';
/**
 * Browser look at issue 26's changes in the demo's editor (headless Chromium), each saved to
 * docs/screenshots/: Task → Get Many's Simplify table after a run (type and status in words, the link
 * absolute), Export Order Products' first list (Add Filter) and More Options with Sort By's help, a field
 * that a workflow saved before the split keeps in Filters, Download Ozon Container Labels' supply picker
 * (Ozon only), the warehouse dropdown (marketplace labels), Concurrency added (0 = adaptive), and the
 * SelSup API credential's hint under API Token.
 *
 * Not part of `npm test`: it needs a running demo and Chromium. Puppeteer stays outside the project:
 *   apt-get install -y chromium; npm i --prefix /tmp/pptr-wt26 puppeteer-core
 *   DEMO_PORT=5691 DEMO_SANDBOX_PORT=8791 DEMO_SMTP_PORT=2531 npm run demo      (in another shell)
 *   PUPPETEER_DIR=/tmp/pptr-wt26 DEMO_PORT=5691 DEMO_SANDBOX_PORT=8791 node test/browser/editor-words.js
 * Prints what each view showed; exits 1 when a view does not show what the issue asks for.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const PORT = Number(process.env.DEMO_PORT || 5678);
const BASE = `http://localhost:${PORT}`;
const SANDBOX = `http://127.0.0.1:${Number(process.env.DEMO_SANDBOX_PORT || 8787)}`;
const OWNER = { email: 'demo@example.com', password: 'SelSupDemo2025' };
// SHOTS_DIR: somewhere else than docs/screenshots/ (a look at another n8n version).
const OUT = process.env.SHOTS_DIR || path.join(ROOT, 'docs', 'screenshots');
const CREDENTIAL = { selSupApi: { id: 'selsupApiDemo001', name: 'SelSup API' } };
const puppeteer = require(path.join(process.env.PUPPETEER_DIR || '/tmp/pptr-wt26', 'node_modules', 'puppeteer-core'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A two-node workflow: Manual Trigger → SelSup with these parameters. */
function workflow(name, parameters) {
	return {
		name: `Issue 26: ${name}`,
		nodes: [
			{ id: 'a0000000-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'a0000000-0000-4000-8000-000000000002',
				name: 'SelSup',
				type: 'n8n-nodes-selsup.selSup',
				typeVersion: 1,
				position: [260, 0],
				parameters,
				credentials: CREDENTIAL,
			},
		],
		connections: { Start: { main: [[{ node: 'SelSup', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

const failures = [];
const expect = (what, ok) => {
	console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
	if (!ok) failures.push(what);
};

async function main() {
	fs.mkdirSync(OUT, { recursive: true });
	// Tasks for Get Many to list, of SelSup's own types: one finished, one failed (the sandbox's control API).
	for (const task of [
		{ type: 'ABC_REPORT_FILE_TASK', status: 'FINISHED', durationMs: 0 },
		{ type: 'OZON_UPDATE_PRICE', status: 'ERROR', durationMs: 0 },
	]) {
		const res = await fetch(`${SANDBOX}/__sandbox/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(task) });
		if (!res.ok) throw new Error(`the sandbox did not make a task: ${res.status}`);
	}
	await sleep(500);

	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'words-chromium-'));
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
	const step = async (name, fn) => {
		try {
			await fn();
		} catch (error) {
			expect(`${name}: ${error.message}`, false);
			await page.screenshot({ path: path.join(os.tmpdir(), `words-failed-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
		}
	};
	const rest = (method, url, body) =>
		page.evaluate(
			async (m, u, b) => {
				const res = await fetch(u, {
					method: m,
					headers: { 'content-type': 'application/json', 'browser-id': /** @type {any} */ (globalThis).localStorage.getItem('n8n-browserId') || 'words' },
					body: b === undefined ? undefined : JSON.stringify(b),
				});
				return { status: res.status, body: await res.json().catch(() => null) };
			},
			method,
			url,
			body,
		);
	/** Creates the workflow and opens its SelSup node's panel. */
	const open = async (name, parameters) => {
		const created = await rest('POST', '/rest/workflows', workflow(name, parameters));
		if (created.status !== 200) throw new Error(`creating the workflow answered ${created.status}`);
		const id = created.body.data.id;
		await page.goto(`${BASE}/workflow/${id}/a0000000-0000-4000-8000-000000000002`, { waitUntil: 'networkidle2' });
		await page.waitForSelector('[data-test-id="ndv"], .ndv-wrapper, [data-test-id="node-parameters"]', { timeout: 60000 });
		await sleep(1500);
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

		await step('task get many', async () => {
			// Wide enough for the whole Simplify table, the link column included.
			await page.setViewport({ width: 2400, height: 900 });
			// The two tasks made above are the newest.
			await open('Task Get Many', { resource: 'task', operation: 'getMany', limit: 2 });
			const run = await page.waitForSelector('[data-test-id="node-execute-button"]', { visible: true, timeout: 15000 });
			await run.click();
			await page.waitForFunction(() => /** @type {any} */ (globalThis).document.body.innerText.includes('statusLabel') || /** @type {any} */ (globalThis).document.body.innerText.includes('typeLabel'), { timeout: 30000 });
			await sleep(1000);
			await shot('task-get-many-simplify');
			const shown = await text();
			// The table is wider than the panel: the link column is scrolled into view for a second shot.
			await page.evaluate(() => {
				const cells = [.../** @type {any} */ (globalThis).document.querySelectorAll('th')].filter((th) => th.textContent.trim() === 'url');
				cells[cells.length - 1]?.scrollIntoView({ inline: 'end', block: 'nearest' });
			});
			await shot('task-get-many-simplify-link');
			await page.setViewport({ width: 1440, height: 900 });
			expect('Get Many (Simplify): typeLabel and statusLabel columns', shown.includes('typeLabel') && shown.includes('statusLabel'));
			expect('Get Many (Simplify): type and status in words ("ABC Report File", "Ozon Update Price", "Error")', shown.includes('ABC Report File') && shown.includes('Ozon Update Price') && shown.includes('Error'));
			expect('Get Many (Simplify): an absolute result link', shown.includes(`${SANDBOX}/files/file?path=`));
		});

		await step('order products filters', async () => {
			await open('Export Order Products', { resource: 'order', operation: 'getOrderProduct' });
			// The collection's "Add Filter" is the placeholder of its select.
			const add = await page.waitForSelector('[data-test-id="ndv"] input[placeholder="Add Filter"], input[placeholder="Add Filter"]', { visible: true, timeout: 15000 });
			await add.click();
			await sleep(1000);
			const entries = await page.$$eval('.el-select-dropdown__item, [role="option"]', (els) => els.filter((e) => e.offsetParent).map((e) => e.textContent.trim()));
			await shot('order-products-add-filter');
			console.log(`     Add Filter offers ${entries.length}: ${entries.join(' | ')}`);
			expect('Export Order Products: at most 25 entries under Add Filter', entries.length > 0 && entries.length <= 25);
			expect('Export Order Products: no paging or PDF switch under Add Filter', !entries.some((e) => /^(Limit|Page|Count All|Print Product Label)$/.test(e)));
			await page.keyboard.press('Escape');
		});

		await step('order products more options', async () => {
			await open('Export Order Products, sorted', { resource: 'order', operation: 'getOrderProduct', moreOptions: { sortBy: 'CREATEDDATE', limit: 100 } });
			const sortBy = await page.waitForSelector('[data-test-id="parameter-input-sortBy"]', { visible: true, timeout: 15000 });
			await sortBy.click();
			await sleep(1000);
			await shot('order-products-sort-by');
			const shown = await text();
			expect('Sort By: "Created in SelSup" and "Created on Marketplace" with their help', shown.includes('Created in SelSup') && shown.includes('created on the marketplace'));
			await page.keyboard.press('Escape');
		});

		await step('saved before the split', async () => {
			await open('Export Order Products, saved before', { resource: 'order', operation: 'getOrderProduct', additionalFields: { service: 'OZON', limit: 50, productLabel: true } });
			await sleep(500);
			await shot('order-products-saved-before-split');
			const shown = await text();
			expect('a workflow saved before the split shows its Limit and Print Product Label in Filters', shown.includes('Limit') && shown.includes('Print Product Label'));
		});

		await step('ozon supply picker', async () => {
			await open('Ozon container labels', { resource: 'supply', operation: 'ozonContainerLabels' });
			const rlc = await page.waitForSelector('[data-test-id="resource-locator-input"], [data-test-id="rlc-input"]', { timeout: 30000 });
			await rlc.click();
			await page.waitForFunction(() => /** @type {any} */ (globalThis).document.querySelectorAll('[data-test-id="rlc-item"]').length > 0, { timeout: 30000 });
			await sleep(800);
			const items = await page.$$eval('[data-test-id="rlc-item"]', (els) => els.map((el) => el.textContent.trim()));
			await shot('ozon-container-labels-supply-picker');
			console.log(`     supplies listed: ${items.length}; first: ${items.slice(0, 3).join(' | ')}`);
			expect('Download Ozon Container Labels lists Ozon supplies only', items.length > 0 && items.every((t) => t.includes('Ozon')));
			await page.keyboard.press('Escape');
		});

		await step('warehouse dropdown', async () => {
			await open('Warehouses', { resource: 'order', operation: 'getOrderProduct', additionalFields: { warehouseId: '' } });
			const field = await page.waitForSelector('[data-test-id="parameter-input-warehouseId"]', { visible: true, timeout: 15000 });
			await field.click();
			await page.waitForFunction(() => /** @type {any} */ (globalThis).document.body.innerText.includes('(Wildberries)'), { timeout: 20000 });
			await sleep(600);
			await shot('warehouse-dropdown-labels');
			const shown = await text();
			expect('warehouse options end in the service labels, not the codes', shown.includes('(Wildberries)') && shown.includes('(Ozon)') && !shown.includes('(WILDBERRIES)'));
			await page.keyboard.press('Escape');
		});

		await step('concurrency', async () => {
			await open('Concurrency', { resource: 'stock', operation: 'stocksFile', options: { concurrency: 0 } });
			await page.waitForSelector('[data-test-id="parameter-input-concurrency"]', { visible: true, timeout: 15000 });
			await sleep(500);
			await shot('concurrency-adaptive');
			const shown = await text();
			expect('Concurrency added: pre-filled 0 with the hint "0 = adaptive"', shown.includes('0 = adaptive'));
		});

		await step('credential hint', async () => {
			// The demo's own SelSup API credential: n8n opens its form from /home/credentials/<id>.
			await page.goto(`${BASE}/home/credentials/${CREDENTIAL.selSupApi.id}`, { waitUntil: 'networkidle2' });
			await page.waitForSelector('[data-test-id="parameter-input-apiToken"]', { visible: true, timeout: 15000 });
			await sleep(1000);
			await shot('credential-token-hint');
			const shown = await text();
			expect('the credential says where a token comes from, under the field', shown.includes('Where to get it: in the SelSup cabinet open Integrations → API'));
		});
	} finally {
		await browser.close();
		fs.rmSync(profile, { recursive: true, force: true });
	}
	if (failures.length) {
		console.error(`${failures.length} view(s) did not show what was expected`);
		process.exit(1);
	}
}

main().catch((e) => {
	console.error(`editor check failed: ${e.message}`);
	process.exit(1);
});
