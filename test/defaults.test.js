/**
 * Every default of the node pinned by a committed fixture (test/fixtures/defaults.json): a saved workflow
 * runs with the defaults of the fields it never set, so changing one changes what it does. Adding a
 * route or reordering an enumeration must not move a default; a deliberate change is a visible diff of
 * the fixture.
 */

import { routes } from '../nodes/SelSup/catalogue';
import { paramProperty } from '../nodes/SelSup/description/routeProperties';
import { SelSup } from '../nodes/SelSup/SelSup.node';

const { note: _note, ...pinned } = /** @type {Record<string, any>} */ (require('./fixtures/defaults.json'));

const showOf = (p) => p.displayOptions?.show ?? {};

/** Property (and collection entry) name → default, for each resource/operation, as the editor starts them. */
function defaultsOf(properties) {
	const visible = (p, resource, operation) => {
		const show = showOf(p);
		return (!show.resource || show.resource.includes(resource)) && (!show.operation || show.operation.includes(operation));
	};
	const operations = properties.filter((p) => p.name === 'operation');
	const out = {
		resource: properties.find((p) => p.name === 'resource').default,
		operation: Object.fromEntries(operations.map((p) => [showOf(p).resource[0], p.default])),
	};
	for (const op of operations) {
		const resource = String(showOf(op).resource[0]);
		for (const { value } of op.options) {
			const entry = {};
			for (const p of properties) {
				if (['resource', 'operation', 'toolDescription'].includes(p.name) || !visible(p, resource, value)) continue;
				const show = showOf(p);
				const cond = Object.keys(show).filter((k) => k !== 'resource' && k !== 'operation');
				const key = cond.length ? `${p.name} (${cond.map((k) => `${k}=${show[k].join('|')}`).join(', ')})` : p.name;
				entry[key] = p.default;
				for (const child of p.options ?? []) {
					if (child.name !== undefined && child.default !== undefined && child.type) entry[`${key}.${child.name}`] = child.default;
				}
			}
			out[`${resource}/${value}`] = entry;
		}
	}
	return out;
}

const actual = defaultsOf(new SelSup().description.properties);

test('the same resources and operations as the fixture', () => {
	expect(Object.keys(actual).sort()).toEqual(Object.keys(pinned).sort());
});

test.each(Object.keys(pinned).map((k) => [k]))('defaults of %s', (key) => {
	expect(actual[key]).toEqual(pinned[key]);
});

test("reordering a dropdown's list or the routes does not move a default", () => {
	for (const route of routes) {
		for (const param of route.query.filter((q) => q.type === 'options' && !q.array)) {
			const reversed = { ...param, options: Object.fromEntries(Object.entries(param.options).reverse()) };
			expect(paramProperty(reversed).default).toBe(paramProperty(param).default);
		}
	}
	expect(() => paramProperty({ name: 'x', type: 'options', options: { A: 'A', B: 'B' }, description: 'x' })).toThrow(/needs a written default/);
});
