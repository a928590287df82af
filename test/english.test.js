/**
 * English only, as n8n's verification asks: everything the editor shows (the description of every node
 * and credential the package registers), every message the node writes, and the README. SelSup's Russian
 * titles stay in the catalogue as data (`referenceTitle`), and Russian search words only in the codex aliases.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

const root = join(__dirname, '..');
const CYRILLIC = /[\u0400-\u04FF]/;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** `dist/nodes/SelSup/SelSup.node.js` → the source module it is built from. */
function sourceOf(built) {
	return join(root, built.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
}

/** Every string in a value, with the path it sits at. */
function strings(value, path, out = []) {
	if (typeof value === 'string') out.push([path, value]);
	else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
	else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, `${path}.${k}`, out);
	return out;
}

function instances(built) {
	const mod = require(sourceOf(built));
	return Object.entries(mod)
		.filter(([, C]) => typeof C === 'function')
		.map(([name, C]) => {
			const instance = new C();
			// A node's UI is its `description`; a credential's is the instance itself (fields, test request, …).
			return { name, described: 'description' in instance ? instance.description : { ...instance } };
		});
}

describe.each([...pkg.n8n.nodes, ...pkg.n8n.credentials])('%s', (built) => {
	test('its description has no Cyrillic anywhere', () => {
		const found = instances(built).flatMap(({ name, described }) => strings(described, name).filter(([, s]) => CYRILLIC.test(s)));
		expect(found).toEqual([]);
	});
});

test("the walk sees the node's UI text (a check that could fail)", () => {
	const texts = pkg.n8n.nodes.flatMap((b) => instances(b).flatMap(({ name, described }) => strings(described, name)));
	expect(texts.length).toBeGreaterThan(1000);
	expect(texts.some(([path, s]) => path.endsWith('.displayName') && s === 'Put Output File in Field')).toBe(true);
});

test('codex files: Russian only in the search aliases', () => {
	for (const built of pkg.n8n.nodes) {
		const codex = JSON.parse(readFileSync(sourceOf(built).replace(/\.ts$/, '.json'), 'utf8'));
		const { alias, ...rest } = codex;
		expect(strings(rest, 'codex').filter(([, s]) => CYRILLIC.test(s))).toEqual([]);
		expect(Array.isArray(alias ?? [])).toBe(true);
	}
	// The main node's aliases keep Russian searches finding it.
	const main = JSON.parse(readFileSync(join(root, 'nodes', 'SelSup', 'SelSup.node.json'), 'utf8'));
	expect(main.alias).toEqual(expect.arrayContaining(['остатки', 'этикетки', 'заказы']));
});

function files(dir) {
	return readdirSync(dir).flatMap((f) => {
		const p = join(dir, f);
		return statSync(p).isDirectory() ? files(p) : [p];
	});
}

test('node and credential code writes no Cyrillic: errors, hints and labels are English', () => {
	// Reference titles are catalogue data (`referenceTitle: '…'`), never shown; nothing else may hold Cyrillic.
	const offending = files(join(root, 'nodes'))
		.concat(files(join(root, 'credentials')))
		.filter((f) => f.endsWith('.ts'))
		.flatMap((f) =>
			readFileSync(f, 'utf8')
				.split('\n')
				.map((line, i) => ({ where: `${relative(root, f)}:${i + 1}`, line }))
				.filter(({ line }) => CYRILLIC.test(line) && !/^\s*referenceTitle: '[^']*',$/.test(line)),
		);
	expect(offending).toEqual([]);
});

test('the README is in English', () => {
	const lines = readFileSync(join(root, 'README.md'), 'utf8').split('\n');
	expect(lines.map((line, i) => `${i + 1}: ${line}`).filter((l) => CYRILLIC.test(l))).toEqual([]);
});
