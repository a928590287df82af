'use strict';
/**
 * A fake OpenAI-compatible chat model for the AI agent e2e tests: n8n's OpenAI Chat Model node talks to it
 * through the credential's Base URL (`POST <base>/chat/completions`).
 *
 * Script: when the last message is the user's, it asks for one call of every tool whose description
 * matches a `plan` entry (with that entry's arguments); once the tool results are in, it answers with a
 * final text made by `answer(toolResults)`. Every request is kept in `requests` for the test to check.
 * Answers plain JSON, or server-sent events when the request asks for `stream: true`.
 */
const http = require('http');

async function startFakeModel({ plan, answer }) {
	const requests = [];
	const server = http.createServer(async (req, res) => {
		const chunks = [];
		for await (const c of req) chunks.push(c);
		const text = Buffer.concat(chunks).toString('utf8');
		let body = {};
		try {
			body = JSON.parse(text || '{}');
		} catch {
			/* kept as text below */
		}
		requests.push({ method: req.method, path: req.url, headers: req.headers, body, raw: text });
		if (req.method === 'GET' && /\/models$/.test(req.url)) {
			return send(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', owned_by: 'e2e' }] });
		}
		if (req.method !== 'POST' || !/\/chat\/completions$/.test(req.url)) return send(res, 404, { error: { message: 'not found' } });

		const messages = Array.isArray(body.messages) ? body.messages : [];
		const toolResults = messages.filter((m) => m.role === 'tool').map((m) => ({ id: m.tool_call_id, content: contentOf(m.content) }));
		let message;
		if (toolResults.length === 0) {
			const tools = (body.tools || []).map((t) => t.function).filter(Boolean);
			const calls = [];
			for (const step of plan) {
				const tool = tools.find((t) => step.match.test(t.description || ''));
				if (tool) calls.push({ id: `call_${calls.length + 1}`, type: 'function', function: { name: tool.name, arguments: JSON.stringify(step.args || {}) } });
			}
			message = calls.length
				? { role: 'assistant', content: null, tool_calls: calls }
				: { role: 'assistant', content: `No matching tool among: ${tools.map((t) => t.name).join(', ') || 'none'}` };
		} else {
			message = { role: 'assistant', content: answer(toolResults) };
		}
		if (body.stream) return stream(res, body.model, message);
		send(res, 200, {
			id: `chatcmpl-${requests.length}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model: body.model || 'fake-model',
			choices: [{ index: 0, message, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' }],
			usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
		});
	});
	await /** @type {Promise<void>} */ (new Promise((resolve) => server.listen(0, '127.0.0.1', resolve)));
	const url = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
	return {
		url,
		requests,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

function contentOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((p) => (typeof p === 'string' ? p : p.text || '')).join('');
	return JSON.stringify(content);
}

function send(res, status, value) {
	const data = Buffer.from(JSON.stringify(value));
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': data.length });
	res.end(data);
}

function stream(res, model, message) {
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	const base = { id: 'chatcmpl-stream', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: model || 'fake-model' };
	const chunk = (delta, finish = null) => res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
	if (message.tool_calls) {
		chunk({ role: 'assistant', content: null, tool_calls: message.tool_calls.map((c, index) => ({ index, ...c })) });
		chunk({}, 'tool_calls');
	} else {
		chunk({ role: 'assistant', content: message.content });
		chunk({}, 'stop');
	}
	res.write('data: [DONE]\n\n');
	res.end();
}

module.exports = { startFakeModel };
