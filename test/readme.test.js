import { readFileSync } from 'fs';
import { join } from 'path';

import { routes, taskOperations } from '../nodes/SelSup/catalogue';

// The README's operation table is generated from the catalogue; this catches a catalogue change without
// `node scripts/operations-table.js`.
test('the README lists every route with its resource, operation and path', () => {
	const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
	for (const r of routes) {
		expect(readme).toContain(`| ${r.resource} | \`${r.operation}\` | ${r.action} | ${r.method} \`${r.path}\``);
	}
	for (const t of taskOperations) expect(readme).toContain(`| task | \`${t.operation}\` | ${t.action} | ${t.method} ${t.call}`);
	expect(taskOperations.map((t) => t.operation).sort()).toEqual(['cancel', 'download', 'get', 'getMany', 'wait']);
});
