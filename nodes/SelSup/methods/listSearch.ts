import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import type { PickKind } from '../catalogue';
import { findRoute } from '../catalogue';
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

/**
 * How a list is sorted. SelSup's OpenAPI documents sort values (`sortBy=ID`, newest first) for
 * `/api/order/find` only. The supply and photo-session lists take a `sortBy` of no documented value:
 * they are asked newest first too, and one that SelSup refuses with 400 is asked again without the sort.
 */
type Sorting = 'documented' | 'undocumented';

/**
 * n8n's list search is stateless: all a later page knows is the pagination token of the one before. So
 * the token carries what the first page learned: `3` is page 3, `3:unsorted` is page 3 of a list SelSup
 * refused to sort, asked without the sort from then on.
 */
const UNSORTED = ':unsorted';

function readToken(token: string | undefined): { pageNo: number; unsorted: boolean } {
	const text = token ?? '';
	const unsorted = text.endsWith(UNSORTED);
	const pageNo = Math.max(1, Number.parseInt(unsorted ? text.slice(0, -UNSORTED.length) : text || '1', 10) || 1);
	return { pageNo, unsorted };
}

const isBadRequest = (error: unknown) => (error as { httpCode?: string })?.httpCode === '400';

/** One page of a SelSup list, newest first where SelSup sorts, filtered by SelSup's own free-text search. */
async function page<T>(
	client: SelSupClient,
	list: { url: string; label: string; sorting: Sorting; service?: string },
	filter: string | undefined,
	token: string | undefined,
): Promise<{ rows: T[]; next?: string }> {
	const { pageNo, unsorted: known } = readToken(token);
	let unsorted = known;
	const qs: IDataObject = { limit: PICKER_PAGE_SIZE, page: pageNo };
	const query = filter?.trim();
	if (query) qs.query = query;
	if (list.service) qs.service = list.service;
	const ask = (sorted: boolean) =>
		client.json<Page<T>>({
			method: 'GET',
			url: list.url,
			qs: sorted ? { ...qs, sortBy: 'ID', ascending: false } : qs,
			repeatable: true,
			label: list.label,
		});
	const answer = await ask(!unsorted).catch(async (error: unknown) => {
		// Once, and only where the sort is SelSup's undocumented one: a refusal of a documented list is an error
		// (SelSup's own, a NodeApiError already).
		if (unsorted || list.sorting !== 'undocumented' || !isBadRequest(error)) return Promise.reject(error);
		unsorted = true;
		return ask(false);
	});
	const rows = Array.isArray(answer?.rows) ? answer.rows : [];
	// A full page may have a successor; a short one is the last.
	const next = rows.length >= PICKER_PAGE_SIZE ? `${pageNo + 1}${unsorted ? UNSORTED : ''}` : undefined;
	return { rows, next };
}

/**
 * The marketplace the current operation works with, when its catalogue entry says it takes only one
 * marketplace's records (Download Ozon Container Labels: Ozon supplies only); else undefined.
 */
function serviceOf(ctx: ILoadOptionsFunctions, kind: PickKind): string | undefined {
	const current = (name: string) => {
		try {
			return ctx.getCurrentNodeParameter(name);
		} catch {
			return undefined;
		}
	};
	const route = findRoute(String(current('resource') ?? ''), String(current('operation') ?? ''));
	return route?.query.find((p) => p.pick === kind && p.pickService)?.pickService;
}

function result(items: INodeListSearchItems[], next: string | undefined): INodeListSearchResult {
	return next ? { results: items, paginationToken: next } : { results: items };
}

export async function searchOrders(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
	const client = await SelSupClient.create(this, { retries: 1 });
	const list = { url: '/api/order/find', label: 'orders list', sorting: 'documented' as const, service: serviceOf(this, 'order') };
	const { rows, next } = await page<Order>(client, list, filter, token);
	return result(rows.map((o) => ({ name: orderLabel(o), value: o.id })), next);
}

export async function searchSupplies(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
	const client = await SelSupClient.create(this, { retries: 1 });
	// Supplies carry a warehouse ID only: its name comes from the warehouse list, asked for alongside.
	const [{ rows, next }, warehouses] = await Promise.all([
		page<Supply>(client, { url: '/api/supply/findSupply', label: 'supplies list', sorting: 'undocumented', service: serviceOf(this, 'supply') }, filter, token),
		client.json<Warehouse[]>({ method: 'GET', url: '/api/warehouse/list', repeatable: true, label: 'warehouses list' }),
	]);
	const names = new Map((Array.isArray(warehouses) ? warehouses : []).filter((w) => w.name).map((w) => [w.id, w.name!]));
	return result(rows.map((s) => ({ name: supplyLabel(s, names), value: s.id })), next);
}

export async function searchPhotoSessions(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
	const client = await SelSupClient.create(this, { retries: 1 });
	const list = { url: '/api/photography/findPhotography', label: 'photo sessions list', sorting: 'undocumented' as const };
	const { rows, next } = await page<PhotoSession>(client, list, filter, token);
	return result(rows.map((p) => ({ name: photoSessionLabel(p), value: p.id })), next);
}
