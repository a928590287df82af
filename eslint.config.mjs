import { createRequire } from 'node:module';

// n8n's tools live in tools/n8n-checks (see scripts/checks.js for why), so they are loaded from there.
const fromChecks = createRequire(new URL('./tools/n8n-checks/package.json', import.meta.url));
const { config } = fromChecks('@n8n/node-cli/eslint');

const HOST_ACCESS = 'Node code runs inside n8n: no environment, file system or process access (n8n verification rule).';

/**
 * Stricter than n8n's own rules, which let node code import any devDependency and do not look at n8n's
 * file helpers: node and credential code may import only n8n-workflow and its own modules, and may not
 * reach the environment or the file system through globals, n8n helpers or `$env`.
 */
const NO_HOST_ACCESS = {
	'no-restricted-imports': [
		'error',
		{ patterns: [{ regex: '^(?!\\.{1,2}/|n8n-workflow$)', message: `Only n8n-workflow and the package's own modules. ${HOST_ACCESS}` }] },
	],
	'no-restricted-globals': [
		'error',
		...['process', 'require', 'module', '__dirname', '__filename', 'global', 'globalThis'].map((name) => ({ name, message: HOST_ACCESS })),
	],
	'no-restricted-properties': [
		'error',
		...['env', '$env', 'createReadStream', 'getStoragePath', 'writeContentToFile', 'resolvePath', 'isFilePathBlocked'].map((property) => ({
			property,
			message: HOST_ACCESS,
		})),
	],
	'no-restricted-syntax': ['error', { selector: 'ImportExpression', message: `No dynamic imports. ${HOST_ACCESS}` }],
};

export default [
	{
		ignores: ['dist/**', 'node_modules/**', 'tools/**', 'test/**', 'sandbox/**', 'scripts/**', 'bench/**', 'examples/**', 'docs/**', '.e2e/**', '.demo/**', 'gulpfile.js', 'index.js', 'jest*.config.js', 'eslint.config.mjs'],
	},
	...config,
	{
		files: ['credentials/**/*.ts'],
		rules: {
			// n8n-node turns this one off in favour of the community plugin's password rule; this package keeps both.
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'error',
		},
	},
	{ files: ['nodes/**/*.ts', 'credentials/**/*.ts'], rules: NO_HOST_ACCESS },
];
