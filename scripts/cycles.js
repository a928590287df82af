#!/usr/bin/env node
// Import cycles among the TypeScript sources under a folder (default nodes/): every relative
// `import … from`, `export … from` and `import('…')`, type-only ones included (a type import is a
// dependency of the design even when the compiler erases it). Prints each circle and exits 1 when
// there is one. Node built-ins only: no dependency for this.
const fs = require('fs');
const path = require('path');

const SPECIFIER = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir) {
	const out = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		if (entry.isDirectory()) out.push(...sourceFiles(p));
		else if (/\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) out.push(p);
	}
	return out;
}

function resolve(from, specifier) {
	if (!specifier.startsWith('.')) return undefined;
	const base = path.resolve(path.dirname(from), specifier);
	for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
		if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
	}
	return undefined;
}

/** The files each source file imports (relative imports that resolve to a .ts file). */
function importGraph(dir) {
	const graph = new Map();
	for (const file of sourceFiles(dir)) {
		// Comments would offer imports that are not there.
		const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
		const deps = new Set();
		for (const m of text.matchAll(SPECIFIER)) {
			const target = resolve(file, m[1] ?? m[2] ?? m[3]);
			if (target && target.endsWith('.ts')) deps.add(target);
		}
		graph.set(file, [...deps].sort());
	}
	return graph;
}

/** Every elementary circle found by a depth-first walk, each once, as a list of files (first repeated last). */
function findCycles(dir) {
	const graph = importGraph(dir);
	const cycles = [];
	const seen = new Set();
	const state = new Map(); // 1: on the walk's path, 2: done
	const stack = [];
	const visit = (file) => {
		state.set(file, 1);
		stack.push(file);
		for (const dep of graph.get(file) ?? []) {
			if (state.get(dep) === 1) {
				const circle = stack.slice(stack.indexOf(dep));
				const key = [...circle].sort().join('|');
				if (!seen.has(key)) {
					seen.add(key);
					cycles.push([...circle, dep].map((f) => path.relative(dir, f)));
				}
			} else if (!state.has(dep)) visit(dep);
		}
		stack.pop();
		state.set(file, 2);
	};
	for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
	return cycles;
}

module.exports = { findCycles, importGraph };

if (require.main === module) {
	const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'nodes'));
	const cycles = findCycles(dir);
	for (const c of cycles) console.log(`import cycle: ${c.join(' → ')}`);
	console.log(cycles.length ? `${cycles.length} import cycle(s) under ${path.relative(process.cwd(), dir) || '.'}` : `no import cycles under ${path.relative(process.cwd(), dir) || '.'}`);
	process.exitCode = cycles.length ? 1 : 0;
}
