import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { ApplicationError } from 'n8n-workflow';

import type { ParamSpec, PickKind, RouteSpec, TaskOperationSpec } from '../catalogue';
import { commonProductFilters, productFilterFields, resources, routes, taskOperations } from '../catalogue';
import { displayNameOf, isTextId, titleCase } from '../params/names';

/** Lists (multi-select) take the plain account lists. */
const LOAD_METHOD = { organizations: 'getOrganizations', warehouses: 'getWarehouses' } as const;
/** Required dropdowns start on a "choose" entry, so an unset field asks to choose instead of showing an error. */
const LOAD_METHOD_REQUIRED = { organizations: 'getOrganizationsToChoose', warehouses: 'getWarehousesToChoose' } as const;
/** Optional dropdowns start empty; their lists begin with an "any" entry so that empty is a valid choice. */
const LOAD_METHOD_OPTIONAL = { organizations: 'getOrganizationsOrAny', warehouses: 'getWarehousesOrAny' } as const;
/** Resource locators: the list method of each kind of picked ID. */
const SEARCH_METHOD = { order: 'searchOrders', supply: 'searchSupplies', photoSession: 'searchPhotoSessions' } as const;
const PICK_NOUN = { order: 'order', supply: 'supply', photoSession: 'photo session' } as const;
const PICK_PLACEHOLDER = { order: 'Select an order...', supply: 'Select a supply...', photoSession: 'Select a photo session...' } as const;
const LOAD_HINT =
	'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';

/** Dropdown entries: alphabetical, or in the catalogue's order where that order means something (marketplaces first). */
function optionsOf(param: ParamSpec): INodePropertyOptions[] {
	const help = param.optionHelp;
	const options: INodePropertyOptions[] = Object.entries(param.options ?? {}).map(([value, name]) => {
		if (help && !help[value]) throw new ApplicationError(`Catalogue: "${param.name}" has no help for its value ${value}`);
		return help ? { name, value, description: help[value] } : { name, value };
	});
	return param.ordered ? options : options.sort((a, b) => a.name.localeCompare(b.name));
}

/** The parameter's help plus, for lists, how several values are given. */
function describeParam(param: ParamSpec): string {
	let text = param.description;
	if (param.array && param.type !== 'options' && !param.load) text += '. Several values: separate with commas, or give a list in an expression';
	return text;
}

/**
 * A picked ID: "From List" searches the account's records, "By ID" takes the number (or an expression).
 * No "By URL": no public source shows a SelSup cabinet link that carries the ID.
 */
function locatorProperty(param: ParamSpec, pick: PickKind): INodeProperties {
	const noun = PICK_NOUN[pick];
	return {
		displayName: displayNameOf(param),
		name: param.name,
		description: param.description,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: PICK_PLACEHOLDER[pick],
				typeOptions: { searchListMethod: SEARCH_METHOD[pick], searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 123456',
				validation: [
					{ type: 'regex', properties: { regex: '\\s*[1-9]\\d*\\s*', errorMessage: `Not a valid ${noun} ID: a whole number above zero` } },
				],
			},
		],
	};
}

/** One n8n field for a catalogue parameter, typed as a seller expects to fill it. */
export function paramProperty(param: ParamSpec): INodeProperties {
	if (param.pick) return locatorProperty(param, param.pick);
	const base = {
		displayName: displayNameOf(param),
		name: param.name,
		description: describeParam(param),
	};
	if (param.load) {
		return {
			...base,
			type: param.array ? 'multiOptions' : 'options',
			typeOptions: {
				loadOptionsMethod: param.array
					? LOAD_METHOD[param.load]
					: param.required
						? LOAD_METHOD_REQUIRED[param.load]
						: LOAD_METHOD_OPTIONAL[param.load],
			},
			default: param.array ? [] : '',
			description: `${LOAD_HINT}. ${describeParam(param)}`,
		} as INodeProperties;
	}
	if (param.type === 'options') {
		const options = optionsOf(param);
		if (param.array) return { ...base, type: 'multiOptions', options, default: [] };
		const values = Object.keys(param.options ?? {});
		if (param.default === undefined || !values.includes(param.default)) {
			// A catalogue error, caught by every test run: a dropdown's default is written, never derived.
			throw new ApplicationError(`Catalogue: the options parameter "${param.name}" needs a written default among its options`);
		}
		return { ...base, type: 'options', options, default: param.default };
	}
	if (param.type === 'boolean') return { ...base, type: 'boolean', default: false };
	if (param.type === 'dateTime') return { ...base, type: 'dateTime', default: '' };
	if (param.type === 'string' || param.array || isTextId(param)) {
		const prop: INodeProperties = { ...base, type: 'string', default: '' };
		if (isTextId(param) && !param.array) prop.placeholder = 'e.g. 123456';
		if (param.array) prop.placeholder = param.type === 'string' ? 'e.g. ART-001, ART-002' : 'e.g. 12, 34';
		return prop;
	}
	return { ...base, type: 'number', default: 0 };
}

function show(route: RouteSpec) {
	return { show: { resource: [route.resource], operation: [route.operation] } };
}

/** The operation dropdown of each resource: one English label, used in the dropdown and the actions panel. */
function operationProperties(): INodeProperties[] {
	return resources.map(({ value, defaultOperation }) => {
		const ofResource: Array<RouteSpec | TaskOperationSpec> = value === 'task' ? [...taskOperations] : routes.filter((r) => r.resource === value);
		if (!ofResource.some((r) => r.operation === defaultOperation)) {
			throw new ApplicationError(`Catalogue: resource "${value}" opens with "${defaultOperation}", which it does not have`);
		}
		return {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [value] } },
			options: ofResource
				.map((r) => ({
					name: titleCase(r.action),
					value: r.operation,
					action: r.action,
					description: r.summary,
				}))
				.sort((a, b) => a.name.localeCompare(b.name)),
			default: defaultOperation,
		} satisfies INodeProperties;
	});
}

/** Collection entries in the editor's (alphabetical) order. */
const byLabel = (a: INodeProperties, b: INodeProperties) => a.displayName.localeCompare(b.displayName);

/**
 * A field moved to More Options stays in Additional Fields too, shown only where a saved workflow has a
 * value there: n8n drops a collection's values its options do not list (getNodeParameters), so without it
 * a workflow saved before the move would lose the value. The Add Field list never offers it.
 */
function legacyEntry(param: ParamSpec): INodeProperties {
	return { ...paramProperty(param), displayOptions: { show: { [param.name]: [{ _cnd: { exists: true } }] } } };
}

/**
 * Required parameters as fields, optional ones in a collection, the ProductFilter body as fields or JSON.
 * A route with fields marked `more` gets two layers: the filters a seller sets first under Add Filter,
 * the rest (paging, counting, sorting, PDF-only switches, rarely used filters) under More Options.
 */
function parameterProperties(): INodeProperties[] {
	const props: INodeProperties[] = [];
	for (const route of routes) {
		for (const param of route.query.filter((p) => p.required)) {
			props.push({ ...paramProperty(param), required: true, displayOptions: show(route) });
		}
		const optional = route.query.filter((p) => !p.required && !p.more);
		const more = route.query.filter((p) => !p.required && p.more);
		if (optional.length) {
			props.push({
				displayName: more.length ? 'Filters' : 'Additional Fields',
				name: 'additionalFields',
				type: 'collection',
				placeholder: more.length ? 'Add Filter' : 'Add Field',
				default: {},
				displayOptions: show(route),
				options: [...optional.map(paramProperty).sort(byLabel), ...more.map(legacyEntry).sort(byLabel)],
			});
		}
		if (more.length) {
			props.push({
				displayName: 'More Options',
				name: 'moreOptions',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				description:
					'Less used filters, paging and sorting of what SelSup exports, and switches that matter only when SelSup prints the orders as PDF (labels, the order tape)',
				displayOptions: show(route),
				options: more.map(paramProperty).sort(byLabel),
			});
		}
		if (route.body === 'productFilter') props.push(...filterProperties(route));
	}
	return props;
}

/** The filters sellers use first, then the others alphabetically; technical ones only through Filter (JSON). */
function filterFieldOptions(): INodeProperties[] {
	const offered = productFilterFields.filter((f) => !f.technical);
	const rank = (f: ParamSpec) => {
		const i = commonProductFilters.indexOf(f.name);
		return i === -1 ? commonProductFilters.length : i;
	};
	return [...offered]
		.sort((a, b) => rank(a) - rank(b) || displayNameOf(a).localeCompare(displayNameOf(b)))
		.map(paramProperty);
}

function filterProperties(route: RouteSpec): INodeProperties[] {
	return [
		{
			displayName: 'Filter Input',
			name: 'filterInput',
			type: 'options',
			options: [
				{ name: 'Filter Fields', value: 'fields', description: 'Pick filter fields one by one' },
				{ name: 'JSON', value: 'json', description: 'Write SelSup\'s ProductFilter as JSON' },
			],
			default: 'fields',
			displayOptions: show(route),
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			description: 'Which products to export (SelSup\'s ProductFilter). Without filters, all products are exported.',
			displayOptions: { show: { ...show(route).show, filterInput: ['fields'] } },
			options: filterFieldOptions(),
		},
		{
			displayName: 'Filter (JSON)',
			name: 'filterJson',
			type: 'json',
			default: '{}',
			description: 'SelSup\'s ProductFilter as a JSON object, e.g. {"query": "dress", "organizations": [12]}. Takes every ProductFilter field, including those not offered under Filter Fields.',
			displayOptions: { show: { ...show(route).show, filterInput: ['json'] } },
		},
	];
}

const resourceOptions: INodePropertyOptions[] = resources
	.map((r) => ({ name: r.name, value: r.value as string, description: r.description }))
	.sort((a, b) => a.name.localeCompare(b.name));

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: resourceOptions,
	default: 'product',
};

export const routeProperties: INodeProperties[] = [...operationProperties(), ...parameterProperties()];
