/**
 * The two lint configs. eslint.config.mjs must stay n8n's template (strict mode and `n8n-node cloud-support`
 * compare it with the one in @n8n/node-cli); the package's stricter rules live in eslint.extra.config.mjs
 * (`npm run lint:extra`). Each extra rule is planted once in a copy of a real node module, and the extra lint
 * must catch it.
 */
import { execFile } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..');
const normalise = (text) => text.replace(/\s+/g, ' ').trim();

test('eslint.config.mjs is byte for byte the template of n8n-node', () => {
	const template = readFileSync(
		join(root, 'node_modules', '@n8n', 'node-cli', 'dist', 'template', 'templates', 'shared', 'default', 'eslint.config.mjs'),
		'utf8',
	);
	expect(readFileSync(join(root, 'eslint.config.mjs'), 'utf8')).toBe(template);
	// What the template says, written out here too: a changed template in a new node-cli shows up as a failure.
	expect(normalise(template)).toBe("import { config } from '@n8n/node-cli/eslint'; export default config;");
});

test('package.json keeps strict mode on, and lint runs n8n-node itself', () => {
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	expect(pkg.n8n.strict).toBe(true);
	expect(pkg.scripts.lint).toBe('n8n-node lint');
	expect(pkg.scripts.release).toBe('n8n-node release');
	expect(pkg.scripts.prepublishOnly).toBe('n8n-node prerelease');
});

describe("eslint.extra.config.mjs catches what n8n's config lets through", () => {
	// A real module of the node, linted under its own path: each copy differs from it only by one planted line.
	const path = join(root, 'nodes', 'SelSup', 'files', 'mime.ts');
	const original = readFileSync(path, 'utf8');
	const planted = [
		['no-restricted-imports', "import { get } from 'lodash';"],
		['no-restricted-globals', 'export const everything = globalThis;'],
		['no-restricted-properties', 'export const where = (helpers: { getStoragePath(): string }) => helpers.getStoragePath();'],
		['no-restricted-properties', 'export const variables = (workflow: { $env: unknown }) => workflow.$env;'],
		['no-restricted-syntax', "export const later = () => import('./contentDisposition');"],
	];
	let reported;

	beforeAll(async () => {
		// ESLint loads its config with a dynamic import, which jest's module sandbox refuses: lint in a process of its own,
		// with the config `npm run lint:extra` uses, all copies in one run.
		const texts = [original, ...planted.map(([, line]) => `${line}\n${original}`)];
		const script = `
			const { ESLint } = require('eslint');
			const [config, file, texts] = JSON.parse(process.argv[1]);
			const eslint = new ESLint({ overrideConfigFile: config });
			Promise.all(texts.map((text) => eslint.lintText(text, { filePath: file }))).then((results) =>
				process.stdout.write(JSON.stringify(results.map(([r]) => r.messages.map((m) => m.ruleId || 'fatal: ' + m.message)))));`;
		const input = JSON.stringify([join(root, 'eslint.extra.config.mjs'), path, texts]);
		reported = await new Promise((resolve, reject) =>
			execFile(process.execPath, ['-e', script, input], { cwd: root, maxBuffer: 16 << 20 }, (error, stdout) =>
				error ? reject(error) : resolve(JSON.parse(stdout)),
			),
		);
	}, 120000);

	test('the unchanged module passes', () => {
		expect(reported[0]).toEqual([]);
	});

	test.each(planted.map(([rule, line], i) => [rule, line, i + 1]))('%s: %s', (rule, _line, i) => {
		expect(reported[i]).toContain(rule);
	});
});
