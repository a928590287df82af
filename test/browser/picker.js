#!/usr/bin/env node
'use strict';
/**
 * Browser check of the order picker in the demo's editor: signs in, opens the SelSup node of the
 * example "Order documents to Google Drive", opens Order ID's "From List", types a search and checks
 * that the sandbox's matching orders are listed (and that the editor asked the node's listSearch).
 * Saves docs/screenshots/order-picker-search.png.
 *
 * Not part of `npm test`: it needs a running demo and Chromium. Puppeteer stays outside the project:
 *   apt-get install -y chromium; npm i --prefix /tmp/pptr18 puppeteer-core
 *   DEMO_PORT=5718 DEMO_SANDBOX_PORT=8818 DEMO_SMTP_PORT=2548 npm run demo      (in another shell)
 *   PUPPETEER_DIR=/tmp/pptr18 DEMO_PORT=5718 node test/browser/picker.js
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const PORT = Number(process.env.DEMO_PORT || 5678);
const BASE = `http://localhost:${PORT}`;
const OWNER = { email: 'demo@example.com', password: 'SelSupDemo2025' };
const SEARCH = process.env.PICKER_SEARCH || 'опт';
const SHOT = path.join(ROOT, 'docs', 'screenshots', 'order-picker-search.png');
const puppeteer = require(path.join(process.env.PUPPETEER_DIR || '/tmp/pptr18', 'node_modules', 'puppeteer-core'));

const example = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'order-documents-to-google-drive.json'), 'utf8'));
const invoiceNode = example.nodes.find((n) => n.parameters && n.parameters.operation === 'downloadInvoice');

async function main() {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'picker-chromium-'));
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		userDataDir: profile,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--window-size=1440,900',
		],
		defaultViewport: { width: 1440, height: 900 },
	});
	try {
		const page = await browser.newPage();
		const searches = [];
		page.on('request', (r) => {
			if (r.url().includes('resource-locator-results')) searches.push(`${r.url()} ${r.postData() || ''}`);
		});
		// Signing in through the REST API sets the session cookie the editor uses.
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

		// n8n opens a node's panel from /workflow/<id>/<node id>.
		await page.goto(`${BASE}/workflow/${example.id}/${invoiceNode.id}`, { waitUntil: 'networkidle2' });
		const rlc = await page.waitForSelector('[data-test-id="resource-locator-input"], [data-test-id="rlc-input"]', { timeout: 60000 });
		await rlc.click();
		const search = await page.waitForSelector('[data-test-id="rlc-search"] input, [data-test-id="rlc-search"]', { timeout: 30000 });
		await search.type(SEARCH, { delay: 60 });
		// Results are debounced and then fetched from the node's listSearch.
		await page.waitForFunction(
			// @ts-expect-error -- runs in the editor's page, where `document` exists (the tests' types are Node's)
			(text) => [...document.querySelectorAll('[data-test-id="rlc-item"]')].some((el) => el.textContent.toLowerCase().includes(text)),
			{ timeout: 30000 },
			SEARCH.toLowerCase(),
		);
		await new Promise((r) => setTimeout(r, 800));
		const items = await page.$$eval('[data-test-id="rlc-item"]', (els) => els.map((el) => el.textContent.trim()));
		fs.mkdirSync(path.dirname(SHOT), { recursive: true });
		await page.screenshot({ path: SHOT });

		// n8n 1.x posts {methodName, filter, …}; the last request carries the typed text.
		const searched = searches.some((s) => decodeURIComponent(s).includes('searchOrders') && decodeURIComponent(s).includes(SEARCH));
		// n8n keeps the current choice at the top of the list; the rest are the search results.
		const found = items.filter((t) => t !== invoiceNode.parameters.orderId.cachedResultName);
		const matching = found.filter((t) => t.toLowerCase().includes(SEARCH.toLowerCase()));
		console.log(`listSearch requests: ${searches.length}; last: ${decodeURIComponent(searches[searches.length - 1] || '').slice(0, 300)}`);
		console.log(`items shown (${items.length}, the first is the current choice):\n  ${items.join('\n  ')}`);
		console.log(`screenshot: ${path.relative(ROOT, SHOT)}`);
		if (!matching.length || matching.length !== found.length) throw new Error('the list does not show only the matching orders');
		if (!searches.length || !searched) throw new Error('the editor did not ask the node for the list');
	} finally {
		await browser.close();
		fs.rmSync(profile, { recursive: true, force: true });
	}
}

main().catch((e) => {
	console.error(`picker check failed: ${e.message}`);
	process.exit(1);
});
