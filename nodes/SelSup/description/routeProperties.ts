import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ParamSpec, RouteSpec } from '../catalogue';
import { productFilterFields, resources, routes } from '../catalogue';
import { displayNameOf, helpOf, isTextId, optionLabel } from '../params/names';

const LOAD_METHOD = { organizations: 'getOrganizations', warehouses: 'getWarehouses' } as const;
/** Optional dropdowns start empty; their lists begin with an "any" entry so that empty is a valid choice. */
const LOAD_METHOD_OPTIONAL = { organizations: 'getOrganizationsOrAny', warehouses: 'getWarehousesOrAny' } as const;
const LOAD_HINT =
	'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';

function sortedOptions(values: readonly string[]): INodePropertyOptions[] {
	return values.map((v) => ({ name: optionLabel(v), value: v })).sort((a, b) => a.name.localeCompare(b.name));
}

/** Reference text (Russian) plus, for lists, how several values are given. */
function describeParam(param: ParamSpec): string {
	let text = helpOf(param.name, param.description, param.help);
	if (param.array && param.type !== 'options' && !param.load) text += '. Several values: separate with commas, or give a list in an expression';
	return text;
}

/** One n8n field for a catalogue parameter, typed as a seller expects to fill it. */
export function paramProperty(param: ParamSpec): INodeProperties {
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
				loadOptionsMethod: param.required || param.array ? LOAD_METHOD[param.load] : LOAD_METHOD_OPTIONAL[param.load],
			},
			default: param.array ? [] : '',
			description: `${LOAD_HINT}. ${describeParam(param)}`,
		} as INodeProperties;
	}
	if (param.type === 'options') {
		const options = sortedOptions(param.options ?? []);
		if (param.array) return { ...base, type: 'multiOptions', options, default: [] };
		const preferred = param.options?.includes('WILDBERRIES') ? 'WILDBERRIES' : param.options?.[0] ?? '';
		return { ...base, type: 'options', options, default: preferred };
	}
	if (param.type === 'boolean') return { ...base, type: 'boolean', default: false };
	if (param.type === 'dateTime') return { ...base, type: 'dateTime', default: '' };
	if (param.type === 'string' || param.array || isTextId(param)) {
		const prop: INodeProperties = { ...base, type: 'string', default: '' };
		if (param.secret) prop.typeOptions = { password: true };
		if (isTextId(param) && !param.array) prop.placeholder = 'e.g. 123456';
		if (param.array) prop.placeholder = param.type === 'string' ? 'e.g. ART-001, ART-002' : 'e.g. 12, 34';
		return prop;
	}
	return { ...base, type: 'number', default: 0 };
}

function show(route: RouteSpec) {
	return { show: { resource: [route.resource], operation: [route.operation] } };
}

/** The operation a resource opens with: the first in the list that changes nothing on a marketplace. */
function openingOperation(ofResource: RouteSpec[]): string {
	const listed = [...ofResource].sort((a, b) => a.action.localeCompare(b.action));
	return (listed.find((r) => !r.writes) ?? listed[0]).operation;
}

/** The operation dropdown of each resource, with action labels and the reference's Russian titles. */
function operationProperties(): INodeProperties[] {
	return resources.map(({ value }) => {
		const ofResource = routes.filter((r) => r.resource === value);
		return {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [value] } },
			options: ofResource
				.map((r) => ({
					name: r.action,
					value: r.operation,
					action: r.action,
					description: `${r.summary} — ${r.title}`,
				}))
				.sort((a, b) => a.name.localeCompare(b.name)),
			default: openingOperation(ofResource),
		} satisfies INodeProperties;
	});
}

/** Required parameters as fields, optional ones in a collection, the ProductFilter body as fields or JSON. */
function parameterProperties(): INodeProperties[] {
	const props: INodeProperties[] = [];
	for (const route of routes) {
		for (const param of route.query.filter((p) => p.required)) {
			props.push({ ...paramProperty(param), required: true, displayOptions: show(route) });
		}
		const optional = route.query.filter((p) => !p.required);
		if (optional.length) {
			props.push({
				displayName: 'Additional Fields',
				name: 'additionalFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				displayOptions: show(route),
				options: optional.map(paramProperty).sort((a, b) => a.displayName.localeCompare(b.displayName)),
			});
		}
		if (route.body === 'productFilter') props.push(...filterProperties(route));
	}
	return props;
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
			options: productFilterFields.map(paramProperty).sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
		{
			displayName: 'Filter (JSON)',
			name: 'filterJson',
			type: 'json',
			default: '{}',
			description: 'SelSup\'s ProductFilter as a JSON object, e.g. {"query": "платье", "organizations": [12]}',
			displayOptions: { show: { ...show(route).show, filterInput: ['json'] } },
		},
	];
}

const resourceOptions: INodePropertyOptions[] = resources
	.map((r) => ({ name: r.name, value: r.value as string, description: r.description }))
	.concat({ name: 'Task', value: 'task', description: 'Задачи: background tasks started earlier' })
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
