'use strict';
/**
 * Loads `.ts` files (test/helpers/harness.ts) in plain Node by transpiling them with the project's
 * own TypeScript, module by module (no type check; `npx tsc --noEmit` does that elsewhere).
 */
const fs = require('fs');
const ts = require('typescript');

require.extensions['.ts'] = function compileTs(module, filename) {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, {
		fileName: filename,
		compilerOptions: {
			module: ts.ModuleKind.CommonJS,
			target: ts.ScriptTarget.ES2022,
			esModuleInterop: true,
			sourceMap: false,
		},
	});
	module._compile(outputText, filename);
};
