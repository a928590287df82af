'use strict';
/**
 * A tiny SMTP server on 127.0.0.1 that accepts every message and keeps it
 * (no TLS, AUTH PLAIN/LOGIN accepted with any password), plus a minimal MIME
 * decoder for multipart messages with attachments (RFC 2045/2047/2231).
 */
const net = require('net');

function startSmtpSink({ port = 0, host = '127.0.0.1' } = {}) {
	const messages = [];
	const waiters = [];
	const server = net.createServer((socket) => {
		socket.setEncoding('latin1'); // bytes in, bytes kept: the message is decoded later
		let buffer = '';
		let inData = false;
		let data = [];
		let envelope = { from: null, to: [] };
		let authStep = null;
		const send = (line) => socket.write(`${line}\r\n`);
		send('220 selsup-e2e-smtp ESMTP ready');
		socket.on('data', (chunk) => {
			buffer += chunk;
			let idx;
			while ((idx = buffer.indexOf('\r\n')) >= 0) {
				const line = buffer.slice(0, idx);
				buffer = buffer.slice(idx + 2);
				if (inData) {
					if (line === '.') {
						inData = false;
						const raw = Buffer.from(data.join('\r\n') + '\r\n', 'latin1');
						const msg = { ...envelope, raw };
						messages.push(msg);
						waiters.splice(0).forEach((w) => w(msg));
						data = [];
						envelope = { from: null, to: [] };
						send('250 OK: queued');
					} else {
						data.push(line.startsWith('..') ? line.slice(1) : line);
					}
					continue;
				}
				if (authStep === 'user') {
					authStep = 'pass';
					send('334 UGFzc3dvcmQ6');
					continue;
				}
				if (authStep === 'pass') {
					authStep = null;
					send('235 2.7.0 Authentication successful');
					continue;
				}
				const cmd = line.slice(0, 4).toUpperCase();
				if (cmd === 'EHLO') {
					socket.write('250-selsup-e2e-smtp\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 52428800\r\n');
				} else if (cmd === 'HELO') send('250 selsup-e2e-smtp');
				else if (cmd === 'AUTH') {
					const parts = line.split(' ');
					if (parts[1] && parts[1].toUpperCase() === 'LOGIN') {
						if (parts[2]) {
							authStep = 'pass';
							send('334 UGFzc3dvcmQ6');
						} else {
							authStep = 'user';
							send('334 VXNlcm5hbWU6');
						}
					} else send('235 2.7.0 Authentication successful');
				} else if (cmd === 'MAIL') {
					envelope.from = (line.match(/<([^>]*)>/) || [])[1] || null;
					send('250 OK');
				} else if (cmd === 'RCPT') {
					envelope.to.push((line.match(/<([^>]*)>/) || [])[1]);
					send('250 OK');
				} else if (cmd === 'DATA') {
					inData = true;
					send('354 End data with <CR><LF>.<CR><LF>');
				} else if (cmd === 'RSET') {
					envelope = { from: null, to: [] };
					send('250 OK');
				} else if (cmd === 'NOOP') send('250 OK');
				else if (cmd === 'QUIT') {
					send('221 Bye');
					socket.end();
				} else send('502 Command not implemented');
			}
		});
		socket.on('error', () => {});
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			resolve({
				host,
				port: /** @type {import('node:net').AddressInfo} */ (server.address()).port,
				messages,
				/** Resolves with the next message (or the first already received, if any is unread). */
				waitForMessage(timeoutMs = 30000, { after = 0 } = {}) {
					if (messages.length > after) return Promise.resolve(messages[after]);
					return new Promise((res, rej) => {
						const t = setTimeout(() => rej(new Error('no mail arrived at the SMTP sink')), timeoutMs);
						waiters.push((m) => {
							clearTimeout(t);
							res(m);
						});
					});
				},
				close: () => new Promise((res) => server.close(() => res())),
			});
		});
	});
}

// ---------------------------------------------------------------- MIME

function splitHeaderBody(buf) {
	const s = buf.toString('latin1');
	let i = s.indexOf('\r\n\r\n');
	let sep = 4;
	if (i < 0) {
		i = s.indexOf('\n\n');
		sep = 2;
	}
	if (i < 0) return { headerText: s, body: Buffer.alloc(0) };
	return { headerText: s.slice(0, i), body: buf.subarray(i + sep) };
}

function parseHeaders(text) {
	const headers = {};
	const unfolded = text.replace(/\r?\n[ \t]+/g, ' ');
	for (const line of unfolded.split(/\r?\n/)) {
		const c = line.indexOf(':');
		if (c <= 0) continue;
		const name = line.slice(0, c).trim().toLowerCase();
		const value = line.slice(c + 1).trim();
		if (headers[name] === undefined) headers[name] = value;
	}
	return headers;
}

/** RFC 2047 encoded words (B and Q), header bytes taken as latin1 then re-read as UTF-8. */
function decodeWords(value) {
	const joined = value.replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1');
	const decoded = joined.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset, enc, text) => {
		let bytes;
		if (enc.toUpperCase() === 'B') bytes = Buffer.from(text, 'base64');
		else
			bytes = Buffer.from(
				text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))),
				'latin1',
			);
		return new TextDecoder(charset.toLowerCase().replace(/\*.*$/, '')).decode(bytes);
	});
	// Raw 8-bit UTF-8 in headers (SMTPUTF8) arrives as latin1 chars: re-read them.
	return /[\x80-\xff]/.test(decoded) ? Buffer.from(decoded, 'latin1').toString('utf8') : decoded;
}

/** Parameters of a structured header, with RFC 2231 continuations and charsets. */
function parseParams(value) {
	const parts = [];
	let cur = '';
	let q = false;
	for (const ch of value) {
		if (ch === '"') q = !q;
		if (ch === ';' && !q) {
			parts.push(cur);
			cur = '';
		} else cur += ch;
	}
	parts.push(cur);
	const main = parts.shift().trim().toLowerCase();
	const raw = {};
	for (const p of parts) {
		const e = p.indexOf('=');
		if (e < 0) continue;
		const k = p.slice(0, e).trim().toLowerCase();
		let v = p.slice(e + 1).trim();
		if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
		raw[k] = v;
	}
	const params = {};
	const continued = {};
	for (const [k, v] of Object.entries(raw)) {
		const m = k.match(/^([^*]+)\*(\d+)?(\*)?$/);
		if (!m) {
			params[k] = decodeWords(v);
			continue;
		}
		const [, name, index, star] = m;
		if (index === undefined) {
			// name*=charset'lang'pct-encoded
			params[name] = decode2231(v);
			continue;
		}
		(continued[name] = continued[name] || []).push({ index: Number(index), v, encoded: Boolean(star) });
	}
	for (const [name, segs] of Object.entries(continued)) {
		segs.sort((a, b) => a.index - b.index);
		let charset = 'utf-8';
		const bytes = [];
		segs.forEach((s, i) => {
			let v = s.v;
			if (s.encoded && i === 0) {
				const m = v.match(/^([^']*)'[^']*'(.*)$/);
				if (m) {
					charset = m[1] || charset;
					v = m[2];
				}
			}
			bytes.push(s.encoded ? pctBytes(v) : Buffer.from(v, 'latin1'));
		});
		params[name] = new TextDecoder(charset.toLowerCase()).decode(Buffer.concat(bytes));
	}
	return { value: main, params };
}

function pctBytes(s) {
	const out = [];
	for (let i = 0; i < s.length; i++) {
		if (s[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
			out.push(parseInt(s.slice(i + 1, i + 3), 16));
			i += 2;
		} else out.push(s.charCodeAt(i) & 0xff);
	}
	return Buffer.from(out);
}

function decode2231(v) {
	const m = v.match(/^([^']*)'[^']*'(.*)$/);
	if (!m) return decodeWords(v);
	return new TextDecoder((m[1] || 'utf-8').toLowerCase()).decode(pctBytes(m[2]));
}

function decodeBody(body, encoding) {
	const enc = (encoding || '7bit').toLowerCase();
	if (enc === 'base64') return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
	if (enc === 'quoted-printable') {
		const s = body.toString('latin1').replace(/=\r?\n/g, '');
		return pctBytes(s.replace(/=([0-9A-Fa-f]{2})/g, '%$1').replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
	}
	return body;
}

/** Parse a raw message into { headers, subject, parts: [{ contentType, fileName, disposition, content }] }. */
function parseMessage(raw) {
	const leaves = [];
	const walk = (buf) => {
		const { headerText, body } = splitHeaderBody(buf);
		const headers = parseHeaders(headerText);
		const ct = parseParams(headers['content-type'] || 'text/plain');
		if (ct.value.startsWith('multipart/') && ct.params.boundary) {
			const s = body.toString('latin1');
			const delim = `--${ct.params.boundary}`;
			const chunks = s.split(delim).slice(1);
			for (const chunk of chunks) {
				if (chunk.startsWith('--')) break;
				const part = chunk.replace(/^\r?\n/, '').replace(/\r?\n$/, '');
				walk(Buffer.from(part, 'latin1'));
			}
			return headers;
		}
		const cd = headers['content-disposition'] ? parseParams(headers['content-disposition']) : { value: '', params: {} };
		leaves.push({
			headers,
			contentType: ct.value,
			disposition: cd.value,
			fileName: cd.params.filename || ct.params.name,
			content: decodeBody(body, headers['content-transfer-encoding']),
		});
		return headers;
	};
	const headers = walk(raw);
	return {
		headers,
		subject: headers.subject ? decodeWords(headers.subject) : undefined,
		parts: leaves,
		attachments: leaves.filter((p) => p.disposition === 'attachment' || (p.fileName && p.disposition !== 'inline')),
	};
}

module.exports = { startSmtpSink, parseMessage, parseParams, decodeWords };
