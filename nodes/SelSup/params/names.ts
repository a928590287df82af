import type { ParamSpec } from '../catalogue';

const WORDS: Record<string, string> = {
	id: 'ID',
	ids: 'IDs',
	ttn: 'TTN',
	wb: 'WB',
	fbs: 'FBS',
	fbo: 'FBO',
	dbs: 'DBS',
	ms: 'MS',
	ym: 'YM',
	url: 'URL',
	sku: 'SKU',
};

/** `organizationId` → `Organization ID`: n8n shows parameters in title case. */
export function humanize(name: string): string {
	return name
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.split(/[\s_]+/)
		.map((w) => WORDS[w.toLowerCase()] ?? w.charAt(0).toUpperCase() + w.slice(1))
		.join(' ');
}

/** The label of a parameter; dropdowns filled from the account say so, as n8n's lint rules ask. */
export function displayNameOf(param: ParamSpec): string {
	const base = humanize(param.name);
	if (!param.load) return base;
	const thing = param.load === 'organizations' ? 'Organization' : 'Warehouse';
	return param.array ? `${thing} Names or IDs` : `${thing} Name or ID`;
}

/** IDs are whole numbers above zero; other integers (limit, time zone, …) may be anything whole. */
export function isIdParam(name: string): boolean {
	return /(Id|Ids)$/.test(name) || name === 'id' || name === 'ids';
}

/** IDs are typed as text: no rounding of long numbers, and an empty field is visibly empty. */
export function isTextId(param: ParamSpec): boolean {
	return param.type === 'integer' && isIdParam(param.name) && !param.load;
}

const SERVICE_NAMES: Record<string, string> = {
	YANDEX_DISC: 'Yandex Disk',
	ONE_C: '1C',
	MOY_SKLAD: 'MoySklad',
	SBER_MEGA_MARKET: 'SberMegaMarket',
	YANDEX_MARKET: 'Yandex Market',
	KAZAN_EXPRESS: 'KazanExpress',
	ALIEXPRESS: 'AliExpress',
	NONE: 'None',
};

/** `YANDEX_MARKET` → `Yandex Market` for an option's label; the value stays SelSup's. */
export function optionLabel(value: string): string {
	if (SERVICE_NAMES[value]) return SERVICE_NAMES[value];
	return value
		.split('_')
		.map((w) => (/^\d+$/.test(w) ? w : w.charAt(0) + w.slice(1).toLowerCase()))
		.join(' ');
}

/** English help for parameters; the reference's own (Russian) text follows where it says more than the name. */
const HELP: Record<string, string> = {
	orderId: 'ID of the SelSup order',
	supplyId: 'ID of the Ozon supply in SelSup',
	deliveryId: 'ID of the delivery (shipment) in SelSup',
	photographyId: 'ID of the photo session in SelSup',
	organizationId: 'Organization (legal entity) in your SelSup account',
	warehouseId: 'Warehouse in your SelSup account',
	service: 'Marketplace',
	viewIds: 'IDs of product views (colours)',
	format: 'File format of the document',
	withMark: 'Whether to include marking codes (Честный знак)',
	pallet: 'Whether to give pallet barcodes instead of box barcodes',
	url: 'Address of the site to check',
	login: 'Login on the site',
	password: 'Password on the site; never shown in the output',
	byCell: 'Whether to export stock by storage cell',
	ids: 'IDs',
	limit: 'Maximum number of records',
	page: 'Page number, starting at 1',
	query: 'Search text',
};

export function helpOf(name: string, reference: string, own?: string): string {
	const english = own ?? HELP[name];
	const meaningful = reference && !/^Параметр \w+$/.test(reference.trim()) ? reference.trim() : '';
	if (english && meaningful) return `${english} — ${meaningful}`;
	return english ?? (meaningful || humanize(name));
}
