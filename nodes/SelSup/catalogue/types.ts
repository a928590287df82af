export type Resource =
	| 'product'
	| 'stock'
	| 'order'
	| 'supply'
	| 'image'
	| 'finance'
	| 'reference'
	| 'integration';

/** SelSup's values of an enumeration, each with the English label a seller reads; key order is offer order. */
export type OptionLabels = Readonly<Record<string, string>>;

/** A one-line help per value of an enumeration, where labels alone leave near-twins apart (Sort By). */
export type OptionHelp = Readonly<Record<string, string>>;

/** How a parameter is shown in n8n, checked, and sent. */
export type ParamType = 'integer' | 'number' | 'string' | 'boolean' | 'dateTime' | 'options';

/** Records a seller picks an ID from: orders, supplies, photo sessions. */
export type PickKind = 'order' | 'supply' | 'photoSession';

export interface ParamSpec {
	/** The API's own name: also the n8n parameter name and the query key. */
	name: string;
	type: ParamType;
	/** Several values, sent as repeated keys (`ids=1&ids=2`). */
	array?: boolean;
	required?: boolean;
	/** Allowed values of an `options` parameter, with their labels. */
	options?: OptionLabels;
	/**
	 * The value a single-choice `options` field starts with, written here (never the first of a list, which
	 * would change with the list's order). Other fields start empty: '', [], false, 0.
	 */
	default?: string;
	/** Help under each value of an `options` parameter; every value has one. */
	optionHelp?: OptionHelp;
	/** Offer the options in the catalogue's order (marketplaces first), not alphabetically. */
	ordered?: true;
	/** A ProductFilter field a seller never sets (paging, internal switches): not offered as a filter field. */
	technical?: true;
	/** Dropdown filled from the account. */
	load?: 'organizations' | 'warehouses';
	/** An ID picked from the account's records (resource locator: from a searchable list, or by ID). */
	pick?: PickKind;
	/**
	 * The route works with one marketplace's records only: its picker lists only those (SelSup's list
	 * endpoint filters by `service`). A SERVICES code.
	 */
	pickService?: string;
	/**
	 * An optional field offered under "More Options" (paging, counting, sorting, PDF-only switches, rarely
	 * used filters) rather than with the filters a seller sets first. Only where a route has so many that one
	 * list would not be read.
	 */
	more?: true;
	/** Label in n8n when the name, title-cased, would not do (API typos, unclear abbreviations). */
	label?: string;
	/** English help shown under the field. */
	description: string;
}

/**
 * What a route hands back:
 * - `file`: the body is the file;
 * - `task`: a TmsTask; the file comes from its `url` once FINISHED;
 * - `value`: a plain string or boolean.
 */
export type Returns = 'file' | 'task' | 'value';

export interface RouteSpec {
	resource: Resource;
	/** The route's last path segment in camelCase: the n8n operation value. */
	operation: string;
	method: 'GET' | 'POST';
	path: string;
	/**
	 * The route's title in SelSup's (Russian) API reference: data for finding the route there, never
	 * shown in n8n, in errors or in the README.
	 */
	referenceTitle: string;
	/** English action label shown in the node picker. */
	action: string;
	/** English one-line description. */
	summary: string;
	returns: Returns;
	valueType?: 'string' | 'boolean';
	/** The call starts work on SelSup, so it is not blindly retried (task routes always are). */
	startsWork?: true;
	/** Changes data on a marketplace: never the operation a resource opens with. */
	writes?: true;
	/** Default file name when SelSup gives none; `{param}` is replaced by that parameter's value. */
	fileName?: string;
	/** JSON body: SelSup's ProductFilter. */
	body?: 'productFilter';
	query: ParamSpec[];
	/**
	 * Query parameters taken from a credential rather than the node (a site's login and password): the
	 * credential's fields carry the parameters' names; `secret` ones are scrubbed from everything shown.
	 */
	credentialQuery?: { credential: 'selSupCommerceMlApi'; params: readonly string[]; secret: readonly string[] };
}
