// The tests are JavaScript (n8n's template lints every .ts file with the rules for node code), typed with
// JSDoc and checked by TypeScript with tsconfig.test.json: a catalogue field renamed in the node's
// sources fails here, in the test files that use it, before any test runs against it.
const path = require('path');
const ts = require('typescript');

const ROOT = path.join(__dirname, '..');
const TYPES = path.join(ROOT, 'nodes', 'SelSup', 'catalogue', 'types.ts');

jest.setTimeout(240_000);

/**
 * Type errors of the tests' program (tsconfig.test.json), with `replace` applied to files as they are read.
 * @param {{ only?: string[], replace?: Record<string, (text: string) => string> }} [options] `only`: these files (and the typings) instead of all
 */
function typeErrors({ only, replace = {} } = {}) {
	const file = path.join(ROOT, 'tsconfig.test.json');
	const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
	if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
	const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, file);
	const host = ts.createCompilerHost(parsed.options);
	const read = host.readFile.bind(host);
	host.readFile = (name) => {
		const text = read(name);
		const edit = replace[path.resolve(name)];
		return text === undefined || !edit ? text : edit(text);
	};
	const declarations = parsed.fileNames.filter((f) => f.endsWith('.d.ts'));
	const rootNames = only ? [...only.map((f) => path.join(ROOT, f)), ...declarations] : parsed.fileNames;
	const program = ts.createProgram({ rootNames, options: parsed.options, host });
	return ts.getPreEmitDiagnostics(program).map((d) => {
		const where = d.file ? `${path.relative(ROOT, d.file.fileName)}(${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1})` : '';
		return `${where}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
	});
}

test('test/, bench/, scripts/n8n/ and the sandbox typings type-check (tsconfig.test.json)', () => {
	expect(typeErrors()).toEqual([]);
});

test("a catalogue field renamed in catalogue/types.ts fails in the tests that read it", () => {
	// RouteSpec.summary → RouteSpec.shortSummary, in the compiler's view of the file only.
	const errors = typeErrors({
		only: ['test/description.test.js'],
		replace: { [TYPES]: (text) => text.replace(/^(\t)summary: string;$/m, '$1shortSummary: string;') },
	});
	expect(errors).toContainEqual(expect.stringMatching(/^test\/description\.test\.js\(\d+\): TS2339 Property 'summary' does not exist on type 'RouteSpec'/));
	// The catalogue's own route lists fail too: the rename reached the compiler.
	expect(errors).toContainEqual(expect.stringMatching(/^nodes\/SelSup\/catalogue\/.*TS2353 .*'summary' does not exist in type 'RouteSpec'/));
});
