'use strict';
/**
 * Deterministic sample data: every generator is seeded from the route and its query, so the same
 * request always yields the same bytes and tests can compare them with expectedFile().
 */
const crypto = require('crypto');

function canonicalQuery(query = {}) {
	return Object.keys(query)
		.sort()
		.map((k) => `${k}=${[].concat(query[k]).join(',')}`)
		.join('&');
}

function rng(seedText) {
	let a = crypto.createHash('sha256').update(seedText).digest().readUInt32LE(0);
	// mulberry32
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const NAMES = ['Футболка базовая', 'Платье летнее', 'Джинсы прямые', 'Худи оверсайз', 'Носки хлопковые', 'Рубашка льняная'];
const COLORS = ['чёрный', 'белый', 'синий', 'бежевый', 'зелёный'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL', '42', '44', '46'];
const BRANDS = ['Ромашка', 'Северный ветер', 'Lime Line'];
const WAREHOUSES = ['Основной склад', 'Склад Подольск', 'WB Коледино', 'Ozon Хоругвино'];
const CONTRACTORS = ['ООО Текстиль-Про', 'ИП Петров П.П.', 'АО Фабрика Заря'];
const CUSTOMERS = ['Смирнова Анна', 'Кузнецов Олег', 'Попова Мария'];
const CATEGORIES = ['Одежда', 'Футболки', 'Платья', 'Аксессуары'];
const STATUSES = ['CREATED', 'PACKING', 'DELIVERY', 'FINISHED'];

/** EAN-13 with a correct check digit, starting 460 (Russia). */
function ean13(rand) {
	let digits = '460';
	while (digits.length < 12) digits += Math.floor(rand() * 10);
	const sum = [...digits].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
	return digits + ((10 - (sum % 10)) % 10);
}

function product(rand, i) {
	return {
		article: `ART-${1000 + Math.floor(rand() * 9000)}-${i + 1}`,
		barcode: ean13(rand),
		name: NAMES[Math.floor(rand() * NAMES.length)],
		color: COLORS[Math.floor(rand() * COLORS.length)],
		size: SIZES[Math.floor(rand() * SIZES.length)],
		brand: BRANDS[Math.floor(rand() * BRANDS.length)],
		price: 300 + Math.floor(rand() * 50) * 100,
		quantity: 1 + Math.floor(rand() * 40),
	};
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)];
const num = (v) => (v !== undefined && /^-?\d+$/.test(String(v)) ? Number(v) : undefined);

/** Sheet kinds: a title and columns, each column a function of (product, row index, context). */
const SHEETS = {
	products: ['Товары', {
		'Артикул': (p) => p.article, 'Баркод': (p) => p.barcode, 'Название': (p) => p.name,
		'Цвет': (p) => p.color, 'Размер': (p) => p.size, 'Бренд': (p) => p.brand, 'Цена': (p) => p.price,
	}],
	models: ['Модели', {
		'Модель': (p) => p.article.replace(/-\d+$/, ''), 'Название': (p) => p.name, 'Бренд': (p) => p.brand,
		'Категория': (p, i, c) => pick(c.rand, CATEGORIES), 'Цветов': (p, i) => 1 + (i % 3),
	}],
	productSets: ['Комплекты', {
		'Артикул комплекта': (p, i) => `SET-${i + 1}`, 'Артикул': (p) => p.article, 'Баркод': (p) => p.barcode,
		'Название': (p) => p.name, 'Количество': (p, i) => 1 + (i % 2),
	}],
	stock: ['Остатки', {
		'Артикул': (p) => p.article, 'Баркод': (p) => p.barcode, 'Название': (p) => p.name,
		'Размер': (p) => p.size, 'Склад': (p, i, c) => pick(c.rand, WAREHOUSES), 'Остаток': (p) => p.quantity,
	}],
	orders: ['Заказы', {
		'Номер заказа': (p, i, c) => num(c.query.orderId) ?? 50000 + Math.floor(c.rand() * 9999),
		'Дата': (p, i) => `2024-03-${String(10 + i).padStart(2, '0')}`,
		'Артикул': (p) => p.article, 'Баркод': (p) => p.barcode, 'Название': (p) => p.name,
		'Количество': (p) => p.quantity, 'Цена': (p) => p.price, 'Статус': (p, i, c) => pick(c.rand, STATUSES),
	}],
	acceptance: ['Акт приемки', {
		'Заказ': (p, i, c) => num(c.query.orderId) ?? 0, 'Баркод': (p) => p.barcode, 'Название': (p) => p.name,
		'Принято': (p) => p.quantity, 'Расхождение': (p, i) => (i === 1 ? 1 : 0),
	}],
	boxes: ['ШК коробов', {
		'Заказ': (p, i, c) => num(c.query.orderId) ?? 0, 'ШК короба': (p, i, c) => `WB_${c.seed % 100000}${i + 1}`,
		'Баркод': (p) => p.barcode, 'Количество': (p) => p.quantity,
	}],
	waybill: ['ТТН', {
		'Поставка': (p, i, c) => num(c.query.deliveryId) ?? 0, 'Грузоотправитель': () => 'ООО Ромашка',
		'Грузополучатель': () => 'ООО Вайлдберриз', 'Название': (p) => p.name, 'Баркод': (p) => p.barcode,
		'Мест': (p, i) => 1 + (i % 3), 'Вес, кг': (p) => p.quantity / 2,
	}],
	imageUpload: ['Загрузка фото', {
		'Артикул': (p) => p.article, 'Фото': (p, i) => 1 + (i % 5), 'Результат': (p, i) => (i === 2 ? 'Ошибка' : 'Загружено'),
	}],
	settlements: ['Расчеты с поставщиками', {
		'Поставщик': (p, i) => CONTRACTORS[i % CONTRACTORS.length], 'ИНН': (p, i) => `77${String(10000000 + i * 7919).slice(0, 8)}`,
		'Начальное сальдо': (p) => p.price * 3, 'Приход': (p) => p.price * p.quantity,
		'Расход': (p) => p.price * Math.floor(p.quantity / 2), 'Конечное сальдо': (p) => p.price * (3 + Math.ceil(p.quantity / 2)),
	}],
	brands: ['Бренды', { 'Бренд': (p, i) => BRANDS[i % BRANDS.length], 'Страна': () => 'Россия' }],
	categories: ['Категории', { 'Категория': (p, i) => CATEGORIES[i % CATEGORIES.length], 'Родительская категория': (p, i) => (i ? 'Одежда' : '') }],
	contractors: ['Контрагенты', { 'Наименование': (p, i) => CONTRACTORS[i % CONTRACTORS.length], 'ИНН': (p, i) => `50${27000000 + i * 131}`, 'Телефон': (p, i) => `+7 900 000-00-0${i}` }],
	customers: ['Покупатели', { 'ФИО': (p, i) => CUSTOMERS[i % CUSTOMERS.length], 'Телефон': (p, i) => `+7 911 000-00-0${i}`, 'Email': (p, i) => `client${i + 1}@example.ru` }],
};

/** { title, rows } for a sheet kind: a header row, then 3–6 rows. */
function table(kind, seedText, query = {}) {
	const [title, columns] = SHEETS[kind];
	const rand = rng(`${kind}|${seedText}`);
	const context = { rand, query, seed: Math.floor(rand() * 1e9) };
	const count = 3 + Math.floor(rand() * 4);
	const rows = [Object.keys(columns)];
	for (let i = 0; i < count; i++) {
		const p = product(rand, i);
		rows.push(Object.values(columns).map((f) => f(p, i, context)));
	}
	return { title, rows };
}

module.exports = { canonicalQuery, rng, table, product, SHEETS };
