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

const MINOR_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'into', 'of', 'on', 'or', 'the', 'to', 'with']);

/** `Export stock to Excel` → `Export Stock to Excel`: n8n's title case for option names (actions stay in sentence case). */
export function titleCase(text: string): string {
	return text
		.split(' ')
		.map((w, i) => (i > 0 && MINOR_WORDS.has(w) ? w : w.charAt(0).toUpperCase() + w.slice(1)))
		.join(' ');
}

/** The label of a parameter; dropdowns filled from the account say so, as n8n's lint rules ask. */
export function displayNameOf(param: ParamSpec): string {
	const base = param.label ?? humanize(param.name);
	if (!param.load) return base;
	const thing = param.label ?? (param.load === 'organizations' ? 'Organization' : 'Warehouse');
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
