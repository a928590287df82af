import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { ORDER_STATUS, SERVICES } from '../catalogue/enums';
import { SelSupClient } from '../transport/client';

/** Rows per page of a picker: what fits a dropdown without a long wait. */
export const PICKER_PAGE_SIZE = 50;

interface Order {
	id: number;
	name?: string;
	externalOrderId?: string;
	postingNumber?: string;
	invoiceNumber?: number;
	service?: string;
	status?: string;
	createdDate?: string;
	created?: string;
}

interface Supply {
	id: number;
	name?: string;
	service?: string;
	warehouseId?: number;
	deliveryDate?: string;
}

interface PhotoSession {
	id: number;
	folder?: string;
}

interface Warehouse {
	id: number;
	name?: string;
}

interface Page<T> {
	rows?: T[];
}

/** `2024-11-03T10:15:00Z[UTC]` (SelSup's Java form) or any ISO text → `2024-11-03`; nothing else is guessed at. */
function day(value: string | undefined): string | undefined {
	return value && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
}

function marketplace(service: string | undefined): string | undefined {
	return service && service !== 'NONE' ? (SERVICES[service] ?? service) : undefined;
}

const join = (parts: Array<string | undefined>) => parts.filter((p) => p && p.trim()).join(' · ');

/** An order as a seller knows it: its name or number, marketplace, status, date. */
export function orderLabel(order: Order): string {
	const number = order.externalOrderId || order.postingNumber || (order.invoiceNumber ? String(order.invoiceNumber) : '');
	const title = order.name?.trim() || (number ? `No. ${number}` : `Order ${order.id}`);
	return join([title, marketplace(order.service), order.status && (ORDER_STATUS[order.status] ?? order.status), day(order.createdDate ?? order.created)]);
}

/** A supply: its name, marketplace, warehouse and delivery date. */
export function supplyLabel(supply: Supply, warehouses: ReadonlyMap<number, string>): string {
	const delivery = day(supply.deliveryDate);
	return join([
		supply.name?.trim() || `Supply ${supply.id}`,
		marketplace(supply.service),
		supply.warehouseId !== undefined ? warehouses.get(supply.warehouseId) : undefined,
		delivery && `delivery ${delivery}`,
	]);
}

/** A photo session: its folder (on Yandex Disk). */
export function photoSessionLabel(session: PhotoSession): string {
	return session.folder?.trim() || `Photo session ${session.id}`;
}

/** One page of a SelSup list, newest first, filtered by SelSup's own free-text search. */
async function page<T>(
	client: SelSupClient,
	url: string,
	label: string,
	filter: string | undefined,
	token: string | undefined,
): Promise<{ rows: T[]; next?: string }> {
	const pageNo = Math.max(1, Number.parseInt(token ?? '1', 10) || 1);
	const qs: IDataObject = { limit: PICKER_PAGE_SIZE, page: pageNo, sortBy: 'ID', ascending: false };
	const query = filter?.trim();
	if (query) qs.query = query;
	const answer = await client.json<Page<T>>({ method: 'GET', url, qs, repeatable: true, label });
	const rows = Array.isArray(answer?.rows) ? answer.rows : [];
	// A full page may have a successor; a short one is the last.
	return { rows, next: rows.length >= PICKER_PAGE_SIZE ? String(pageNo + 1) : undefined };
}

function result(items: INodeListSearchItems[], next: string | undefined): INodeListSearchResult {
	return next ? { results: items, paginationToken: next } : { results: items };
}

export async function searchOrders(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
	const client = await SelSupClient.create(this, { retries: 1 });
	const { rows, next } = await page<Order>(client, '/api/order/find', 'orders list', filter, token);
	return result(rows.map((o) => ({ name: orderLabel(o), value: o.id })), next);
}

export async function searchSupplies(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
	const client = await SelSupClient.create(this, { retries: 1 });
	// Supplies carry a warehouse ID only: its name comes from the warehouse list, asked for alongside.
	const [{ rows, next }, warehouses] = await Promise.all([
		page<Supply>(client, '/api/supply/findSupply', 'supplies list', filter, token),
		client.json<Warehouse[]>({ method: 'GET', url: '/api/warehouse/list', repeatable: true, label: 'warehouses list' }),
	]);
	const names = new Map((Array.isArray(warehouses) ? warehouses : []).filter((w) => w.name).map((w) => [w.id, w.name!]));
	return result(rows.map((s) => ({ name: supplyLabel(s, names), value: s.id })), next);
}

export async function searchPhotoSessions(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
	const client = await SelSupClient.create(this, { retries: 1 });
	const { rows, next } = await page<PhotoSession>(client, '/api/photography/findPhotography', 'photo sessions list', filter, token);
	return result(rows.map((p) => ({ name: photoSessionLabel(p), value: p.id })), next);
}
