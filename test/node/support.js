const nock = require('nock');

import { SelSupApi } from '../../credentials/SelSupApi.credentials';
import { SelSup } from '../../nodes/SelSup/SelSup.node';

import { runNode } from '../helpers/harness';

export const TOKEN = 'tok-SECRET-4f9a2c';
export const BASE = 'http://selsup.test';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The start of an xlsx: a ZIP whose first entry is a workbook part. */
export function xlsxBytes(extra = 'rows') {
	const header = Buffer.alloc(30);
	header.writeUInt32LE(0x04034b50, 0);
	const name = 'xl/workbook.xml';
	header.writeUInt16LE(name.length, 26);
	return Buffer.concat([header, Buffer.from(name), Buffer.from(extra), Buffer.alloc(32)]);
}

export { setupNock } from '../helpers/nock';

export function run(parameters, extra = {}) {
	const { baseUrl, ...rest } = extra;
	return runNode({
		nodeType: new SelSup(),
		credentialsType: new SelSupApi(),
		credentials: { apiToken: TOKEN, baseUrl: baseUrl ?? BASE },
		parameters: parameters,
		...rest,
	});
}

/**
 * Any request to the base host not matched by a more specific interceptor lands here and is recorded;
 * a test expecting no request asserts `hits` stays empty. Register it after the specific ones.
 */
export function catchAll(host = BASE) {
	const hits = [];
	const record = function (uri) {
		hits.push({ method: this.req.method, path: uri, headers: this.req.headers, at: Date.now() });
		return [599, 'unexpected request'];
	};
	nock(host)
		.persist()
		.get(() => true)
		.query(true)
		.reply(record)
		.post(() => true)
		.query(true)
		.reply(record);
	return { hits };
}

/** Everything of an error a user or a log could see, as text. */
export function errorText(error) {
	if (!error) return '';
	const e = error;
	const parts = [e.message, e.description, e.context, e.messages, e.stack];
	let cause = e.cause;
	for (let depth = 0; cause && depth < 5; depth++) {
		parts.push(cause instanceof Error ? { message: cause.message, stack: cause.stack } : cause);
		cause = cause.cause;
	}
	let whole = '';
	try {
		whole = JSON.stringify(error);
	} catch {
		whole = String(error);
	}
	return JSON.stringify(parts) + whole;
}

export function expectNoToken(result) {
	expect(errorText(result.error)).not.toContain(TOKEN);
	expect(JSON.stringify(result.items)).not.toContain(TOKEN);
}
