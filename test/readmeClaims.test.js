const { readFileSync, readdirSync } = require('fs');
const { join } = require('path');

const { routes, productFilterFields } = require('../nodes/SelSup/catalogue');
const reference = require('./fixtures/reference-services.json');

/**
 * What the README and docs/ say about the marketplace lists must be what the catalogue offers: one claim,
 * checked field by field against the reference's Service enumeration, and no sentence that says otherwise.
 */
const root = join(__dirname, '..');
const texts = [
	{ file: 'README.md', text: readFileSync(join(root, 'README.md'), 'utf8') },
	...readdirSync(join(root, 'docs'))
		.filter((f) => f.endsWith('.md'))
		.map((f) => ({ file: `docs/${f}`, text: readFileSync(join(root, 'docs', f), 'utf8') })),
];
// Markdown wraps lines: read each file as one line of words.
const flat = (t) => t.replace(/\s+/g, ' ');

/** Every catalogue field that offers marketplaces: its options include Wildberries. */
const marketplaceFields = [...routes.flatMap((r) => r.query), ...productFilterFields].filter(
	(p) => p.options && Object.prototype.hasOwnProperty.call(p.options, 'WILDBERRIES'),
);

describe('the docs on marketplace lists', () => {
	const claims = texts.flatMap(({ file, text }) =>
		[...flat(text).matchAll(/Every marketplace field \(([^)]*)\) offers all (\d+) services/g)].map((m) => ({
			file,
			fields: [...m[1].matchAll(/`([A-Za-z]+)`/g)].map((f) => f[1]),
			count: Number(m[2]),
		})),
	);

	test('make the claim once', () => {
		expect(claims).toHaveLength(1);
	});

	test('name every marketplace field of the catalogue, and no other', () => {
		const names = [...new Set(marketplaceFields.map((p) => p.name))].sort();
		expect(names.length).toBeGreaterThan(0);
		expect([...claims[0].fields].sort()).toEqual(names);
	});

	test('give the number of services each of those fields offers, the reference\'s whole enumeration', () => {
		expect(claims[0].count).toBe(reference.codes.length);
		for (const p of marketplaceFields) expect({ field: p.name, codes: Object.keys(p.options).sort() }).toEqual({ field: p.name, codes: [...reference.codes].sort() });
	});

	test('never say a marketplace list offers only some services', () => {
		for (const { file, text } of texts) {
			expect({ file, found: flat(text).match(/offers? only (?:the )?(?:services|marketplaces)[^.]*/gi) }).toEqual({ file, found: null });
		}
	});
});
