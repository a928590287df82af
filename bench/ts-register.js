'use strict';
/**
 * Loads the TypeScript sources and the tests' JavaScript (test/helpers/harness.js, written with ES module
 * syntax) in plain Node, transpiling each module with the project's own TypeScript (no type check).
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const TEST_DIR = path.resolve(__dirname, '..', 'test') + path.sep;

function compile(module, filename) {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, {
		fileName: filename,
		compilerOptions: {
			module: ts.ModuleKind.CommonJS,
			target: ts.ScriptTarget.ES2022,
			esModuleInterop: true,
			allowJs: true,
			sourceMap: false,
		},
	});
	module._compile(outputText, filename);
}

require.extensions['.ts'] = compile;
const plainJs = require.extensions['.js'];
require.extensions['.js'] = (module, filename) => (filename.startsWith(TEST_DIR) ? compile(module, filename) : plainJs(module, filename));
