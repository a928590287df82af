#!/usr/bin/env node
// Rewrites the operation table in README.md from the built catalogue (run `npm run build` first), so the
// docs list exactly the routes the node has. test/readme.test.js fails when they drift apart.
const fs = require('fs');
const path = require('path');
const { routes, taskOperations } = require('../dist/nodes/SelSup/catalogue');

const kind = { file: 'file', task: 'task → file', value: 'value' };
const rows = routes.map((r) => {
	const fromCredential = r.credentialQuery ? [`${r.credentialQuery.params.map((n) => `\`${n}\``).join(', ')} from the SelSup CommerceML Site API credential`] : [];
	const required = [...r.query.filter((p) => p.required).map((p) => `\`${p.name}\``), ...fromCredential].join(', ');
	return `| ${r.resource} | \`${r.operation}\` | ${r.action} | ${r.method} \`${r.path}\` | ${kind[r.returns]} | ${required} |`;
});
const taskKind = { task: 'task JSON', taskList: 'one item per task', file: 'file' };
const taskRows = taskOperations.map(
	(t) => `| task | \`${t.operation}\` | ${t.action} | ${t.method} ${t.call} | ${taskKind[t.returns]} | ${t.taskId ? '`taskId`' : ''} |`,
);
const table = [
	'| Resource | Operation | Action | Route | Returns | Required |',
	'|---|---|---|---|---|---|',
	...rows,
	...taskRows,
].join('\n');

const readme = path.join(__dirname, '..', 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const start = '<!-- operations:start -->';
const end = '<!-- operations:end -->';
const next = text.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n${table}\n${end}`);
fs.writeFileSync(readme, next);
console.log(`README.md: ${routes.length} routes + ${taskOperations.length} task operations`);
