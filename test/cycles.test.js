const fs = require('fs');
const os = require('os');
const path = require('path');
const { findCycles } = require('../scripts/cycles');

const NODES = path.join(__dirname, '..', 'nodes');

describe('import graph of nodes/ (scripts/cycles.js)', () => {
	it('has no circle', () => {
		expect(findCycles(NODES)).toEqual([]);
	});

	it('finds a circle planted in a copy of the transport: attempt.ts importing the retry policy back', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'selsup-cycles-'));
		try {
			fs.cpSync(path.join(NODES, 'SelSup', 'transport'), dir, { recursive: true });
			const attempt = path.join(dir, 'attempt.ts');
			fs.writeFileSync(attempt, `import type { RetrySettings } from './retry';\n${fs.readFileSync(attempt, 'utf8')}`);
			expect(findCycles(dir)).toEqual([['attempt.ts', 'retry.ts', 'attempt.ts']]);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('follows multi-line, export-from and index imports, and not commented ones', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'selsup-cycles-'));
		try {
			fs.mkdirSync(path.join(dir, 'b'));
			fs.writeFileSync(path.join(dir, 'a.ts'), "import {\n\tx,\n} from './b';\n// import { z } from './c';\nexport const y = x;\n");
			fs.writeFileSync(path.join(dir, 'b', 'index.ts'), "export * from '../c';\n");
			fs.writeFileSync(path.join(dir, 'c.ts'), "export const x = 1;\n/* import { y } from './a'; */\n");
			expect(findCycles(dir)).toEqual([]);
			fs.appendFileSync(path.join(dir, 'c.ts'), "export { y } from './a';\n");
			expect(findCycles(dir)).toEqual([['a.ts', path.join('b', 'index.ts'), 'c.ts', 'a.ts']]);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
