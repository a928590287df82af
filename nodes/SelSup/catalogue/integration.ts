import type { RouteSpec } from './types';

/** Routes of the `integration` resource, as in SelSup's export API reference. */
export const integrationRoutes: RouteSpec[] = [
	{
		resource: 'integration',
		operation: 'checkCommerceMlAuth',
		method: 'POST',
		path: '/api/export/checkCommerceMlAuth',
		title: 'Проверка авторизации на сайте',
		action: 'Check CommerceML authorization',
		summary: 'Check that a site accepts a login over the CommerceML protocol',
		returns: 'value',
		valueType: 'boolean',
		query: [
			{ name: 'url', type: 'string', required: true, description: 'Параметр url' },
			{ name: 'login', type: 'string', required: true, description: 'Параметр login' },
			// A catalogue entry, not an n8n property: `secret` makes the node show it as a password field.
			// eslint-disable-next-line n8n-nodes-base/node-param-type-options-password-missing
			{ name: 'password', type: 'string', required: true, secret: true, description: 'Параметр password' },
		],
	},
];
