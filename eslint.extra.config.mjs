// `npm run lint:extra`: n8n's own config (what `n8n-node lint` runs, from eslint.config.mjs, which strict mode
// requires to stay n8n's template) plus the rules this package holds itself to on top of it.
import { config } from '@n8n/node-cli/eslint';

const HOST_ACCESS = 'Node code runs inside n8n: no environment, file system or process access (n8n verification rule).';

/**
 * n8n's rules let node code import any devDependency and do not look at n8n's file helpers: here node and
 * credential code may import only n8n-workflow and its own modules, and may not reach the environment or the
 * file system through globals, n8n helpers or `$env`.
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
