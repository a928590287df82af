/**
 * Wording a seller reads (issue 26): every label, help text, hint, placeholder and action of both nodes and
 * both credentials. "a" before a vowel sound reads wrong ("a order", "a FBS order"), and a help text that
 * only repeats its field's label tells nothing. The rules are written here from English usage, not from
 * the catalogue.
 */
import { SelSupApi } from '../credentials/SelSupApi.credentials';
import { SelSupCommerceMlApi } from '../credentials/SelSupCommerceMlApi.credentials';
import { SelSup } from '../nodes/SelSup/SelSup.node';
import { SelSupTrigger } from '../nodes/SelSup/SelSupTrigger.node';

/** Keys whose strings the editor shows. */
const SHOWN = new Set(['displayName', 'description', 'placeholder', 'hint', 'action', 'name', 'subtitle', 'errorMessage']);

/** Every shown text with the label it belongs to: `{ path, key, text, label }`. */
function texts(value, path, out = [], label) {
	if (Array.isArray(value)) value.forEach((v, i) => texts(v, `${path}[${i}]`, out, label));
	else if (value && typeof value === 'object') {
		// A field or an option: its own label is displayName, or an option's name.
		const own = typeof value.displayName === 'string' ? value.displayName : typeof value.name === 'string' && 'value' in value ? value.name : label;
		for (const [k, v] of Object.entries(value)) {
			if (typeof v === 'string' && SHOWN.has(k)) {
				// A field's `name` is its parameter name, not text; an option's `name` is its label.
				if (k === 'name' && !('value' in value)) continue;
				out.push({ path: `${path}.${k}`, key: k, text: v, label: own });
			} else texts(v, `${path}.${k}`, out, own);
		}
	}
	return out;
}

const all = [
	...texts(new SelSup().description, 'selSup'),
	...texts(new SelSupTrigger().description, 'selSupTrigger'),
	...texts({ ...new SelSupApi() }, 'selSupApi'),
	...texts({ ...new SelSupCommerceMlApi() }, 'selSupCommerceMlApi'),
];

/** Words spelled with a vowel that start with a consonant sound ("a user", "a one-line"), and the reverse. */
const CONSONANT_SOUND = /^(u[bcdfghjklmnpqrstvwxyz][aeiou]|usa|use|usu|uni|uti|ure|one|once|eu)/i;
const VOWEL_SOUND_WORDS = /^(hour|honest|honou?r|heir)/i;
/** Letters read with a vowel sound when an abbreviation is spelled out: "an FBS order", "an XML file", "an SKU". */
const VOWEL_LETTERS = /^[AEFHILMNORSX][A-Z0-9]*\b/;

function needsAn(word) {
	if (/^[A-Z]{2,}\b/.test(word) || /^[A-Z]$/.test(word)) return VOWEL_LETTERS.test(word) && !/^(URL|USB|UTC|UUID)/.test(word);
	if (VOWEL_SOUND_WORDS.test(word)) return true;
	return /^[aeiou]/i.test(word) && !CONSONANT_SOUND.test(word);
}

test('the walk sees the texts (a check that could fail)', () => {
	expect(all.length).toBeGreaterThan(1500);
	expect(all.some((t) => t.key === 'placeholder' && t.text === 'Select an order...')).toBe(true);
	expect(all.some((t) => t.path.startsWith('selSupApi') && t.key === 'hint')).toBe(true);
});

test('the rule itself: which words take "an"', () => {
	expect(['order', 'API', 'FBS', 'XML', 'SKU', 'hour', 'invoice', 'MoySklad'.toUpperCase()].map(needsAn)).toEqual([true, true, true, true, true, true, true, true]);
	expect(['user', 'unit', 'one-line', 'URL', 'supply', 'Wildberries', 'task', 'Ozon'.replace('O', 'B'), 'UTC', 'usable'].map(needsAn)).toEqual(
		Array(10).fill(false),
	);
});

function wrongArticles(list) {
	const wrong = [];
	for (const { path, text } of list) {
		for (const m of text.matchAll(/(?:^|[^\w'])([Aa]n?) ([\w-]+)/g)) {
			const [, article, word] = m;
			if ((article.toLowerCase() === 'a') === needsAn(word)) wrong.push(`${path}: "${article} ${word}" in "${text}"`);
		}
	}
	return wrong;
}

test('the check finds planted mistakes (a check that could fail)', () => {
	const planted = [
		{ path: 'x', text: 'Select a order...' },
		{ path: 'y', text: 'Whether to take a FBS order' },
		{ path: 'z', text: 'A export of an user' },
		{ path: 'ok', text: 'A user, an order, a one-line help, an FBS order, a URL' },
	];
	expect(wrongArticles(planted).map((w) => w.split(':')[0])).toEqual(['x', 'y', 'z', 'z']);
});

test('no "a" before a vowel sound, no "an" before a consonant sound', () => {
	expect(wrongArticles(all)).toEqual([]);
});

const words = (s) =>
	s
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim()
		.split(' ')
		.filter((w) => w && !['the', 'a', 'an', 'of', 'to', 'for', 'in', 'by', 'on', 'whether', 'is', 'are'].includes(w));

/** The help says nothing the label does not: every word of it is one of the label's. */
function repeatsLabel(text, labelText) {
	const help = words(text);
	const label = words(labelText);
	return help.length > 0 && help.every((w) => label.includes(w) || label.includes(w.replace(/s$/, '')));
}

test('the repeat check: planted cases (a check that could fail)', () => {
	expect(repeatsLabel('Margin from', 'Margin From')).toBe(true);
	expect(repeatsLabel('Whether to skip days without stock', 'Skip Days Without Stock')).toBe(true);
	expect(repeatsLabel('Type of order', 'Order Type')).toBe(true);
	expect(repeatsLabel('Only rows whose margin is at least this value', 'Margin From')).toBe(false);
});

test('no help text only repeats its label', () => {
	const repeats = all
		.filter((t) => (t.key === 'description' || t.key === 'hint') && t.label && repeatsLabel(t.text, t.label))
		.map((t) => `${t.path}: "${t.text}" under "${t.label}"`);
	expect(repeats).toEqual([]);
});

test('the wording issue 26 names is gone', () => {
	const joined = all.map((t) => t.text).join('\n');
	for (const bad of ['Select a order', 'in the tape', 'ID of the invoice number', 'a task of any of them is listed']) {
		expect([bad, joined.includes(bad)]).toEqual([bad, false]);
	}
	const photo = all.filter((t) => t.key === 'displayName' && t.text === 'Photography ID');
	expect(photo).toEqual([]);
});
