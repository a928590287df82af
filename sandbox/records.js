'use strict';
/**
 * The account's orders, supplies and photo sessions, for the node's pickers: GET /api/order/find,
 * /api/supply/findSupply and /api/photography/findPhotography. Rows carry the fields of SelSup's
 * OpenAPI schemas Order, Supply and Photography (nested objects left out), dates in SelSup's Java
 * ZonedDateTime form. Deterministic: the same rows every start, more than one page of 50 each.
 */

const ORDER_COUNT = 130;
const SUPPLY_COUNT = 64;
const PHOTO_COUNT = 56;
const MAX_LIMIT = 500;
/** The newest records date from here (fixed, so answers never change between runs). */
const NEWEST = Date.UTC(2024, 10, 20, 9, 30);
const HOUR = 3600_000;

const MARKETPLACES = ['WILDBERRIES', 'OZON', 'YANDEX_MARKET', 'SBER_MEGA_MARKET', 'ALIEXPRESS', 'AVITO'];
const ORDER_STATUS = ['CREATED', 'COLLECTING', 'PACKING', 'READY_TO_SUPPLY', 'SEND', 'DELIVERY', 'FINISHED', 'CANCELED'];
const PRODUCTS = ['Платье летнее', 'Кроссовки беговые', 'Футболка хлопковая', 'Рюкзак городской', 'Куртка пуховая', 'Джинсы прямые', 'Шарф шерстяной', 'Кружка керамическая'];
const CITIES = ['Коледино', 'Подольск', 'Электросталь', 'Казань', 'Новосибирск', 'Хоругвино', 'Тверь', 'Краснодар'];
const FOLDERS = ['Платья', 'Обувь', 'Верхняя одежда', 'Аксессуары', 'Посуда', 'Детская одежда', 'Сумки'];
const SEASONS = ['весна', 'лето', 'осень', 'зима'];
/** Warehouses as /api/warehouse/list answers (index.js): records point at them by warehouseId. */
const WAREHOUSE_IDS = [21, 22, 23];
/** The warehouse a supply to a marketplace ships from: the one set up for it, else the main one. */
const SUPPLY_WAREHOUSE = { WILDBERRIES: 22, OZON: 23 };

/** SelSup's Java ZonedDateTime text: `2024-11-20T09:30:00Z[UTC]`. */
const zoned = (ms) => `${new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')}[UTC]`;

function buildOrders() {
	const rows = [];
	for (let i = 0; i < ORDER_COUNT; i++) {
		const id = 48300 - i * 7;
		const service = MARKETPLACES[i % MARKETPLACES.length];
		const created = NEWEST - i * 5 * HOUR;
		const invoiceNumber = 5200 - i;
		rows.push({
			id,
			// Orders from a marketplace carry its number; SelSup's own (wholesale) ones a name.
			name: i % 5 === 0 ? `Опт ${PRODUCTS[i % PRODUCTS.length].split(' ')[0].toLowerCase()}, счёт ${invoiceNumber}` : undefined,
			externalOrderId: i % 5 === 0 ? undefined : service === 'OZON' ? `0${41870000 + i * 13}-0${i % 9}-1` : String(1796230000 + i * 37),
			invoiceNumber,
			service: i % 5 === 0 ? 'NONE' : service,
			type: i % 5 === 0 ? 'WHOLESALE' : i % 3 === 0 ? 'FBO' : 'FBS',
			status: ORDER_STATUS[i % ORDER_STATUS.length],
			organizationId: 11 + (i % 3),
			warehouseId: WAREHOUSE_IDS[i % WAREHOUSE_IDS.length],
			createdDate: zoned(created - 20 * 60_000),
			created: zoned(created),
			deliveryDate: zoned(created + 48 * HOUR),
			totalQuantity: 1 + (i % 4),
			totalPrice: 990 + (i % 7) * 450,
			comment: i % 7 === 0 ? `${PRODUCTS[i % PRODUCTS.length]}, упаковать в пакет` : undefined,
		});
	}
	return rows.map(clean);
}

function buildSupplies() {
	const rows = [];
	for (let i = 0; i < SUPPLY_COUNT; i++) {
		const service = MARKETPLACES[i % 4];
		const created = NEWEST - i * 26 * HOUR;
		rows.push({
			id: 9120 - i * 3,
			name: `Поставка ${CITIES[i % CITIES.length]} №${640 - i}`,
			service,
			type: i % 2 ? 'FBO' : 'FBS',
			boxType: i % 3 ? 'DEFAULT' : 'MONO_PALLET',
			status: ['CREATED', 'READY_TO_SUPPLY', 'SUPPLIED', 'FINISHED'][Math.min(3, Math.floor(i / 4))],
			totalQuantity: 20 + (i % 9) * 15,
			organizationId: 11 + (i % 3),
			warehouseId: SUPPLY_WAREHOUSE[service] ?? 21,
			createdDate: zoned(created),
			deliveryDate: zoned(created + 72 * HOUR),
			externalId: service === 'WILDBERRIES' ? `WB-GI-${3120000 + i}` : undefined,
			deleted: false,
		});
	}
	return rows.map(clean);
}

function buildPhotoSessions() {
	const rows = [];
	for (let i = 0; i < PHOTO_COUNT; i++) {
		const year = 2024 - Math.floor(i / 16);
		const season = SEASONS[3 - (Math.floor(i / 4) % 4)];
		rows.push({
			id: 420 - i,
			folder: `Фотосессии/${year} ${season}/${FOLDERS[i % FOLDERS.length]} ${1 + (i % 4)}`,
			active: i === 0,
			upload: i > 2,
			importPhoto: i > 1,
		});
	}
	return rows;
}

function clean(row) {
	for (const k of Object.keys(row)) if (row[k] === undefined) delete row[k];
	return row;
}

const SORT_FIELDS = {
	order: { ID: 'id', CREATED: 'created', CREATEDDATE: 'createdDate', NAME: 'name', STATUS: 'status', SERVICE: 'service', DELIVERYDATE: 'deliveryDate', INVOICENUMBER: 'invoiceNumber' },
	supply: { ID: 'id', CREATEDDATE: 'createdDate', NAME: 'name', DELIVERYDATE: 'deliveryDate', STATUS: 'status' },
	photoSession: { ID: 'id', FOLDER: 'folder' },
};
/** What SelSup's free-text `query` looks at. */
const SEARCHED = {
	order: ['id', 'name', 'externalOrderId', 'invoiceNumber', 'comment'],
	supply: ['id', 'name', 'externalId'],
	photoSession: ['id', 'folder'],
};

const invalid = (name, localMessage) => ({ error: 'INVALID_PARAMETER', localMessage, params: { name } });

class Records {
	constructor() {
		this.rows = { order: buildOrders(), supply: buildSupplies(), photoSession: buildPhotoSessions() };
	}

	/**
	 * One page of a list: `{rows, page}` plus `total` when `count=true`, or `{error}` for a 400.
	 * `strictSorts`: a list for which SelSup's OpenAPI documents no sort values (supplies, photo sessions)
	 * refuses any `sortBy` with 400, as SelSup might.
	 */
	find(kind, query, { strictSorts = false } = {}) {
		const one = (k) => query[k]?.[0];
		const int = (k, fallback) => {
			const v = one(k);
			if (v === undefined || v === '') return fallback;
			return /^\d+$/.test(v) && Number(v) >= 1 ? Number(v) : NaN;
		};
		const limit = int('limit', 20);
		const page = int('page', 1);
		if (Number.isNaN(limit) || limit > MAX_LIMIT) return { error: invalid('limit', `Ограничение на количество записей. Максимальное значение - ${MAX_LIMIT}`) };
		if (Number.isNaN(page)) return { error: invalid('page', 'Номер страницы начиная с 1') };
		if (strictSorts && kind !== 'order' && one('sortBy') !== undefined) {
			return { error: invalid('sortBy', `Сортировка не поддерживается: ${one('sortBy')}`) };
		}
		const sortBy = one('sortBy') || 'ID';
		const field = SORT_FIELDS[kind][sortBy];
		if (!field) return { error: invalid('sortBy', `Неизвестное поле сортировки ${sortBy}`) };
		const ascending = one('ascending') === 'true';

		const text = (one('query') ?? '').trim().toLowerCase();
		const service = one('service');
		const status = one('status');
		let rows = this.rows[kind].filter(
			(r) =>
				(!text || SEARCHED[kind].some((k) => r[k] !== undefined && String(r[k]).toLowerCase().includes(text))) &&
				(!service || r.service === service) &&
				(!status || r.status === status),
		);
		rows = [...rows].sort((a, b) => {
			const x = a[field] ?? '';
			const y = b[field] ?? '';
			const d = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'ru') || a.id - b.id;
			return ascending ? d : -d;
		});
		const total = rows.length;
		const answer = { rows: rows.slice((page - 1) * limit, page * limit), page };
		if (one('count') === 'true') answer.total = total;
		return answer;
	}
}

/** Paths of the three lists, by the kind of record they hold. */
const LIST_PATHS = {
	'/api/order/find': 'order',
	'/api/supply/findSupply': 'supply',
	'/api/photography/findPhotography': 'photoSession',
};

module.exports = { Records, LIST_PATHS, MAX_LIMIT };
