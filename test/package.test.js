/**
 * What `npm publish` would ship: only what n8n loads (compiled nodes and credentials, codex files, icons)
 * plus README, LICENSE and CHANGELOG. And the shipped node code reaches no environment, file system or
 * process: it requires only n8n-workflow and its own modules (n8n verification rules).
 */
import { execFileSync } from 'child_process';
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Everything a file in the tarball may be. A new node `nodes/SelSup/<Name>.node.ts` fits without a change here. */
const ALLOWED = [
	/^package\.json$/,
	/^README\.md$/,
	/^LICENSE$/,
	/^CHANGELOG\.md$/,
	/^index\.js$/,
	/^dist\/credentials\/\w+\.credentials\.js$/,
	/^dist\/icons\/[\w.-]+\.svg$/,
	/^dist\/nodes\/SelSup\/\w+\.node\.(js|json)$/,
	/^dist\/nodes\/SelSup\/[\w.-]+\.svg$/,
	// The node's own modules, in any folder (a trigger node's helpers included); never .d.ts or .map.
	/^dist\/nodes\/SelSup\/([\w-]+\/)*\w+\.js$/,
];

let packed;

beforeAll(() => {
	// The tarball is built from dist/: build it when it is missing or older than the sources.
	execFileSync(process.execPath, [join(root, 'scripts', 'bootstrap.js'), '--build'], { cwd: root, stdio: 'ignore' });
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: root,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	packed = JSON.parse(out)[0]
		.files.map((f) => f.path)
		.sort();
}, 120000);

test('the tarball holds only what n8n loads, plus README, LICENSE and CHANGELOG', () => {
	expect(packed.filter((f) => !ALLOWED.some((re) => re.test(f)))).toEqual([]);
	for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/icons/selsup.svg', 'dist/icons/selsup.dark.svg']) {
		expect(packed).toContain(f);
	}
});

test('no type declarations, source maps, tests, sandbox, scripts or a second package.json', () => {
	expect(packed.filter((f) => /\.d\.ts$|\.map$|^dist\/package\.json$|^(test|sandbox|scripts|tools|bench|examples|docs)\//.test(f))).toEqual([]);
});

test('every node and credential n8n registers is in it, each node with its codex file', () => {
	for (const f of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(packed).toContain(f);
	for (const f of pkg.n8n.nodes) expect(packed).toContain(f.replace(/\.js$/, '.json'));
	expect(pkg.n8n.strict).toBe(true);
});

test('no runtime dependencies; n8n-workflow the only peer', () => {
	expect(pkg.dependencies ?? {}).toEqual({});
	expect(Object.keys(pkg.peerDependencies ?? {})).toEqual(['n8n-workflow']);
});

test('author has a name and an email; repository, homepage and bugs name the same repository', () => {
	expect(pkg.author?.name).toBeTruthy();
	expect(pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+$/);
	const repo = /github\.com\/([\w.-]+\/[\w.-]+?)(\.git)?$/.exec(pkg.repository?.url ?? '')?.[1];
	expect(repo).toBeTruthy();
	expect(pkg.homepage).toBe(`https://github.com/${repo}#readme`);
	expect(pkg.bugs?.url).toBe(`https://github.com/${repo}/issues`);
	// The codex and the credential link the same repository, so the owner is set in package.json alone.
	const codex = readFileSync(join(root, 'nodes', 'SelSup', 'SelSup.node.json'), 'utf8');
	const credential = readFileSync(join(root, 'credentials', 'SelSupApi.credentials.ts'), 'utf8');
	for (const text of [codex, credential]) {
		const linked = [...text.matchAll(/https:\/\/github\.com\/([\w.-]+\/[\w.-]+)/g)].map((m) => m[1]);
		expect(linked.length).toBeGreaterThan(0);
		expect(new Set(linked)).toEqual(new Set([repo]));
	}
});

function jsFiles(dir) {
	return readdirSync(dir).flatMap((f) => {
		const p = join(dir, f);
		return statSync(p).isDirectory() ? jsFiles(p) : p.endsWith('.js') ? [p] : [];
	});
}

test('shipped node code requires only n8n-workflow and its own modules, and touches no env, file system or process', () => {
	const problems = [];
	for (const file of [...jsFiles(join(root, 'dist', 'nodes')), ...jsFiles(join(root, 'dist', 'credentials'))]) {
		const code = readFileSync(file, 'utf8');
		for (const [, mod] of code.matchAll(/require\(["']([^"']+)["']\)/g)) {
			if (!mod.startsWith('.') && mod !== 'n8n-workflow') problems.push(`${file}: require("${mod}")`);
		}
		for (const re of [
			/\bprocess\s*[.[]/,
			/\b__dirname\b/,
			/\b__filename\b/,
			/\$env\b/,
			/\bimport\(/,
			/\bglobalThis\b/,
			/\.(createReadStream|getStoragePath|writeContentToFile)\b/,
		]) {
			if (re.test(code)) problems.push(`${file}: ${re}`);
		}
	}
	expect(problems).toEqual([]);
	expect(jsFiles(join(root, 'dist', 'nodes')).length).toBeGreaterThan(10);
});
