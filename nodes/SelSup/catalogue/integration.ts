import type { RouteSpec } from './types';

/** Routes of the `integration` resource, as in SelSup's export API reference. */
export const integrationRoutes: RouteSpec[] = [
	{
		resource: 'integration',
		operation: 'checkCommerceMlAuth',
		method: 'POST',
		path: '/api/export/checkCommerceMlAuth',
		referenceTitle: 'Проверка авторизации на сайте',
		action: 'Check CommerceML authorization',
		summary: 'Check that a site accepts a login over the CommerceML protocol',
		returns: 'value',
		valueType: 'boolean',
		query: [{ name: 'url', type: 'string', required: true, description: 'Address of the site to check' }],
		// Secrets are never node parameters: the site's login and password come from a credential of their own.
		credentialQuery: { credential: 'selSupCommerceMlApi', params: ['login', 'password'], secret: ['password'] },
	},
];
