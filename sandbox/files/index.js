'use strict';
/** The bytes, name and headers of every file the sandbox serves. */
const { canonicalQuery, rng, table } = require('./data');
const { xlsx } = require('./xlsx');
const { containerLabels } = require('./pdf');
const { edoDocument } = require('./xml');
const { imageArchive } = require('./images');
const { streamedZip } = require('./zip');
const { XLSX, OCTET } = require('../routes');

const first = (query, name) => [].concat(query[name] ?? [])[0];

function fileName(template, query) {
	return template && template.replace(/\{(\w+)\}/g, (_, name) => first(query, name) ?? '');
}

/** The Content-Disposition header a route sends, or null. */
function disposition(style, name) {
	if (!name || style === 'none') return null;
	if (style === 'plain') return `attachment; filename=${name}`;
	if (style === 'quoted') return `attachment; filename="${name}"`;
	const ext = name.includes('.') ? name.slice(name.lastIndexOf('.')) : '';
	return `attachment; filename="file${ext}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function imageFolders(route, query, rand) {
	const ids = [].concat(query.viewIds ?? []);
	if (ids.length) return ids.map((id) => ({ name: `view_${id}`, count: 2 }));
	const base = first(query, 'orderId') ?? first(query, 'photographyId');
	return [1, 2, 3].map((n) => ({ name: `${base}_Артикул-${n}`, count: 1 + Math.floor(rand() * 3) }));
}

/** { buffer, fileName, contentType, disposition } for a file route and its query (key → string[]). */
function routeFile(route, query) {
	const spec = route.file;
	const seed = `${route.path}?${canonicalQuery(query)}`;
	let buffer;
	if (spec.type === 'xlsx') {
		const t = table(spec.sheet, seed, query);
		buffer = xlsx(t.title, t.rows);
	} else if (spec.type === 'xml') {
		const id = first(query, 'deliveryId') ?? first(query, 'orderId');
		buffer = edoDocument(spec.sheet, id, table(spec.sheet === 'waybill' ? 'waybill' : 'orders', seed, query).rows);
	} else if (spec.type === 'pdf') {
		buffer = containerLabels(first(query, 'supplyId'), 2 + Math.floor(rng(seed)() * 3));
	} else {
		const rand = rng(seed);
		buffer = imageArchive(imageFolders(route, query, rand), rand);
	}
	const name = fileName(spec.name, query) || null;
	return { buffer, fileName: name, contentType: spec.contentType, disposition: disposition(spec.disposition, name) };
}

/** A finished task's result: an xlsx of the route's kind, seeded by what started the task. */
function taskFile(task) {
	const t = table(task.result.sheet, `${task.route}?${canonicalQuery(task.query)}|${task.body ?? ''}`, task.query);
	const name = `${task.result.file}.xlsx`;
	return { buffer: xlsx(t.title, t.rows), fileName: name, contentType: OCTET, disposition: disposition('quoted', name) };
}

const BIG = /^big\/(\d+)MB\.zip$/;

/** `big/<N>MB.zip`: N MiB streamed chunk by chunk; returns { length, chunks, fileName, ... } or null. */
function bigFile(path) {
	const m = BIG.exec(path);
	if (!m || Number(m[1]) < 1 || Number(m[1]) > 4000) return null;
	const name = `${m[1]}MB.zip`;
	return { ...streamedZip(Number(m[1]) * 1024 * 1024), fileName: name, contentType: 'application/zip', disposition: disposition('quoted', name) };
}

module.exports = { routeFile, taskFile, bigFile, disposition, XLSX };
