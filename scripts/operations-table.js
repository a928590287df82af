#!/usr/bin/env node
// Rewrites the operation table in README.md from the built catalogue (run `npm run build` first), so the
// docs list exactly the routes the node has. test/readme.test.ts fails when they drift apart.
const fs = require('fs');
const path = require('path');
const { routes } = require('../dist/nodes/SelSup/catalogue');

const kind = { file: 'file', task: 'task → file', value: 'value' };
const rows = routes.map((r) => {
	const fromCredential = r.credentialQuery ? [`${r.credentialQuery.params.map((n) => `\`${n}\``).join(', ')} from the SelSup CommerceML Site API credential`] : [];
	const required = [...r.query.filter((p) => p.required).map((p) => `\`${p.name}\``), ...fromCredential].join(', ');
	return `| ${r.resource} | \`${r.operation}\` | ${r.action} | ${r.method} \`${r.path}\` | ${kind[r.returns]} | ${required} |`;
});
const table = [
	'| Resource | Operation | Action | Route | Returns | Required |',
	'|---|---|---|---|---|---|',
	...rows,
	'| task | `get` | Get a task | GET `/api/task/findTask` | task JSON | `taskId` |',
	'| task | `getMany` | Get many tasks | GET `/api/task/findTask` (paged) | one item per task | |',
	'| task | `wait` | Wait for a task | GET `/api/task/findTask` (polled) | file | `taskId` |',
	'| task | `download` | Download a task result | GET task `url` (or `/files/file?path=<file>`) | file | `taskId` |',
	'| task | `cancel` | Cancel a task | POST `/api/task/cancelTask` | task JSON | `taskId` |',
].join('\n');

const readme = path.join(__dirname, '..', 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const start = '<!-- operations:start -->';
const end = '<!-- operations:end -->';
const next = text.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n${table}\n${end}`);
fs.writeFileSync(readme, next);
console.log(`README.md: ${routes.length} routes + 5 task operations`);
