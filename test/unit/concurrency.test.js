/**
 * Concurrency's editor default and its help agree (issue 26): adding the option to read it keeps the
 * adaptive concurrency a workflow without it has; only a number from 1 to 20 fixes it. Expected values
 * from the issue and the option's help, not from the code that reads them.
 */
import { readClientSettings } from '../../nodes/SelSup/params/options';
import { SelSup } from '../../nodes/SelSup/SelSup.node';

const node = { id: '1', name: 'SelSup', type: 'n8n-nodes-selsup.selSup', typeVersion: 1, position: [0, 0], parameters: {} };
/** @returns {import('n8n-workflow').IExecuteFunctions} */
const ctx = (options) => /** @type {any} */ ({
	getNodeParameter: (name, _i, fallback) => (name === 'options' ? (options === undefined ? fallback : options) : fallback),
	getNode: () => node,
});

const property = () => {
	const options = new SelSup().description.properties.filter((p) => p.name === 'options');
	const all = options.flatMap((p) => /** @type {PropertyEntry[]} */ (p.options).filter((o) => o.name === 'concurrency'));
	expect(all.length).toBeGreaterThan(0);
	return all;
};

test('the editor pre-fills the value that means "adaptive", and the help says so', () => {
	for (const p of property()) {
		const settings = readClientSettings(ctx({ concurrency: p.default }));
		expect(settings.adaptiveConcurrency).toBe(true);
		expect(p.description).toMatch(new RegExp(`${p.default} \\(the default, as when this option is left out\\) adapts`));
		expect(p.typeOptions.minValue).toBe(p.default);
	}
});

test.each([
	['a workflow saved without the option', undefined],
	['options without Concurrency', {}],
	['Concurrency added and left at the pre-filled 0', { concurrency: 0 }],
	['Concurrency emptied', { concurrency: '' }],
])('%s: adaptive, starting at 5', (_, options) => {
	expect(readClientSettings(ctx(options))).toMatchObject({ adaptiveConcurrency: true, concurrency: 5 });
});

test.each([
	[1, 1],
	[5, 5],
	[20, 20],
])('Concurrency %s: exactly that, fixed (as a workflow that saved 5 before keeps)', (value, expected) => {
	expect(readClientSettings(ctx({ concurrency: value }))).toMatchObject({ adaptiveConcurrency: false, concurrency: expected });
});

test.each([21, -1, 2.5, 'abc'])('Concurrency %p is refused naming the option', (value) => {
	expect(() => readClientSettings(ctx({ concurrency: value }))).toThrow(/Concurrency \(concurrency\) must be 0 \(adaptive\) or a whole number/);
});
