import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { SERVICES } from '../catalogue/enums';
import { SelSupClient } from '../transport/client';

interface ClientOrganization {
	id: number;
	organization?: { id?: number; name?: string; shortName?: string; inn?: string };
}

interface Warehouse {
	id: number;
	name?: string;
	service?: string;
}

/** Organisations of the account, for `organizationId` and the like. */
export async function getOrganizations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await SelSupClient.create(this, { retries: 1 });
	return (await listOrganizations(client)).sort((a, b) => a.name.localeCompare(b.name));
}

/** The account's organisations, each named as the dropdown shows it. */
export async function listOrganizations(client: SelSupClient): Promise<Array<{ name: string; value: number }>> {
	const answer = await client.json<{ rows?: ClientOrganization[] }>({
		method: 'GET',
		url: '/api/client/findClientOrganization',
		qs: { limit: 500 },
		repeatable: true,
		label: 'organisations list',
	});
	return (answer?.rows ?? []).map((row) => {
		const org = row.organization ?? {};
		const name = org.shortName || org.name || `Organization ${row.id}`;
		return { name: org.inn ? `${name} (INN ${org.inn})` : name, value: row.id };
	});
}

/** Warehouses of the account, for `warehouseId` and the like. */
export async function getWarehouses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await SelSupClient.create(this, { retries: 1 });
	const answer = await client.json<Warehouse[]>({
		method: 'GET',
		url: '/api/warehouse/list',
		repeatable: true,
		label: 'warehouses list',
	});
	return (Array.isArray(answer) ? answer : [])
		.map((w) => ({
			// The marketplace by the label the node shows elsewhere ("Wildberries"), not SelSup's code.
			name: `${w.name || `Warehouse ${w.id}`}${w.service && w.service !== 'NONE' ? ` (${SERVICES[w.service] ?? w.service})` : ''}`,
			value: w.id,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** For optional fields: "any" (the parameter is left out) first, then the account's organisations. */
export async function getOrganizationsOrAny(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [{ name: '- Any Organization -', value: '' }, ...(await getOrganizations.call(this))];
}

/** For optional fields: "any" (the parameter is left out) first, then the account's warehouses. */
export async function getWarehousesOrAny(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [{ name: '- Any Warehouse -', value: '' }, ...(await getWarehouses.call(this))];
}

/**
 * For required fields: a "choose" entry first, so that a field not yet set reads as a request to choose
 * (n8n then says the parameter is required) rather than n8n's `The value "" is not supported!`.
 */
export async function getOrganizationsToChoose(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [{ name: '- Choose an Organization -', value: '' }, ...(await getOrganizations.call(this))];
}

/** For required fields: a "choose" entry first, then the account's warehouses. */
export async function getWarehousesToChoose(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [{ name: '- Choose a Warehouse -', value: '' }, ...(await getWarehouses.call(this))];
}
