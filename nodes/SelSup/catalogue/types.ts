export type Resource =
	| 'product'
	| 'stock'
	| 'order'
	| 'supply'
	| 'image'
	| 'finance'
	| 'reference'
	| 'integration';

/** How a parameter is shown in n8n, checked, and sent. */
export type ParamType = 'integer' | 'number' | 'string' | 'boolean' | 'dateTime' | 'options';

export interface ParamSpec {
	/** The API's own name: also the n8n parameter name and the query key. */
	name: string;
	type: ParamType;
	/** Several values, sent as repeated keys (`ids=1&ids=2`). */
	array?: boolean;
	required?: boolean;
	/** Allowed values of an `options` parameter. */
	options?: readonly string[];
	/** Shown as a password field and never echoed in output. */
	secret?: boolean;
	/** Dropdown filled from the account. */
	load?: 'organizations' | 'warehouses';
	/** The reference's own (Russian) description. */
	description: string;
	/** English help, where the shared help for this parameter name does not fit. */
	help?: string;
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
	/** Title in the reference (Russian). */
	title: string;
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
}
