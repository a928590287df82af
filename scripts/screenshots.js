#!/usr/bin/env node
'use strict';
/**
 * Screenshots of the SelSup node in the demo's editor (npm run demo), for docs/screenshots/.
 *
 *   npm i --prefix /tmp/pptr puppeteer-core        (outside the project: no puppeteer in package.json)
 *   PUPPETEER_DIR=/tmp/pptr DEMO_URL=http://localhost:5678 node scripts/screenshots.js
 *
 * Uses Debian's chromium (CHROMIUM, default /usr/bin/chromium), headless, with a fresh profile. Shots:
 * the nodes panel for "SelSup", Product → Export products → Add Filter and Sort By, Task → Get Many with
 * Simplify after a run, and a credential test with a wrong token.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const PPTR = process.env.PUPPETEER_DIR || '/tmp/pptr';
const puppeteer = require(path.join(PPTR, 'node_modules', 'puppeteer-core'));

const URL_BASE = (process.env.DEMO_URL || 'http://localhost:5678').replace(/\/+$/, '');
const OUT = path.join(__dirname, '..', 'docs', 'screenshots');
const OWNER = { email: 'demo@example.com', password: 'SelSupDemo2025' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
	fs.mkdirSync(OUT, { recursive: true });
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'selsup-shots-'));
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		userDataDir: profile,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
			'--disable-component-update', '--disable-sync', '--window-size=1440,900'],
		defaultViewport: { width: 1440, height: 900 },
	});
	const page = await browser.newPage();
	const shot = async (name) => {
		await sleep(700);
		await page.screenshot({ path: path.join(OUT, `${name}.png`) });
		console.log(`[shots] ${name}.png`);
	};
	const clickText = async (text, scope = '') => {
		const el = await page.waitForSelector(`${scope} ::-p-text(${text})`, { visible: true, timeout: 15000 });
		await el.click();
		return el;
	};
	const step = async (name, fn) => {
		try {
			await fn();
		} catch (error) {
			console.error(`[shots] ${name} failed: ${error.message}`);
			await page.screenshot({ path: path.join(os.tmpdir(), `selsup-shot-failed-${name.replace(/\W+/g, '-')}.png`) });
		}
	};
	const searchFor = async (text) => {
		await page.keyboard.press('Tab');
		const input = await page.waitForSelector('[data-test-id="node-creator-search-bar"] input, [data-test-id="node-creator-search-bar"]', { visible: true });
		await input.type(text);
		await sleep(800);
	};
	/** Manual Trigger first (an empty canvas offers triggers only), then SelSup's actions. */
	const openSelSupActions = async (searchShot) => {
		await sleep(2500);
		await searchFor('Manual');
		await page.keyboard.press('Enter');
		await sleep(1500);
		await page.keyboard.press('Escape');
		await sleep(800);
		await searchFor('SelSup');
		if (searchShot) await shot(searchShot);
		await page.keyboard.press('Enter');
		await sleep(1200);
	};
	try {
		await page.goto(`${URL_BASE}/signin`, { waitUntil: 'networkidle2' });
		const login = await page.evaluate(async (owner) => {
			const r = await fetch('/rest/login', {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password }),
			});
			return r.status;
		}, OWNER);
		console.log(`[shots] login ${login}`);

		// 1. The nodes panel for "SelSup" (after a Manual Trigger, so the panel offers actions): the entry's
		// actions under a header with its description.
		await page.goto(`${URL_BASE}/workflow/new`, { waitUntil: 'networkidle2' });
		await openSelSupActions('nodes-panel-search');
		await shot('nodes-panel-selsup');

		// 2. Product → Export products to Excel → Add Filter, then Sort By.
		await step('export products', async () => {
			await clickText('Export products to Excel');
			await sleep(2500);
			await clickText('Add Filter');
			await shot('export-products-add-filter');
			await clickText('Sort By', '.el-select-dropdown, .el-popper');
			await sleep(1000);
			const sortBy = await page.waitForSelector('[data-test-id="parameter-input-sortBy"]', { visible: true });
			await sortBy.click();
			await sleep(800);
			await shot('export-products-sort-by');
		});

		// 3. Task → Get Many with Simplify, run.
		await step('get many', async () => {
		await page.goto(`${URL_BASE}/workflow/new`, { waitUntil: 'networkidle2' });
		await openSelSupActions();
		await clickText('Get many tasks');
		await sleep(2500);
		const run = await page.$('[data-test-id="node-execute-button"]');
		if (run) {
			await run.click();
			await sleep(4000);
		}
		await shot('task-get-many-simplify');
		});

		// 4. A credential test with a wrong token: a new SelSup API credential.
		await step('credential', async () => {
		await page.goto(`${URL_BASE}/home/credentials`, { waitUntil: 'networkidle2' });
		await sleep(2000);
		const create = await page.$('[data-test-id="resources-list-add"], [data-test-id="add-resource-credential"], [data-test-id="add-resource"]');
		if (create) await create.click();
		else await clickText('Create');
		await sleep(1000);
		const credSearch = await page.waitForSelector('[data-test-id="credential-select-modal"] input, .el-dialog input', { visible: true });
		await credSearch.type('SelSup');
		await sleep(800);
		await clickText('SelSup API', '[data-test-id="credential-select-modal"]');
		await clickText('Continue', '[data-test-id="credential-select-modal"]');
		await sleep(1500);
		const token = await page.waitForSelector('[data-test-id="parameter-input-apiToken"] input', { visible: true });
		await token.type('wrong-token-for-the-screenshot');
		const base = await page.$('[data-test-id="parameter-input-baseUrl"] input');
		const sandbox = process.env.DEMO_SANDBOX_URL;
		if (base && sandbox) {
			await base.click({ clickCount: 3 });
			await base.type(sandbox);
		}
		await clickText('Save', '[data-test-id="editCredential-modal"]');
		await sleep(4000);
		await shot('credential-wrong-token');
		});
	} finally {
		await browser.close();
		fs.rmSync(profile, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
