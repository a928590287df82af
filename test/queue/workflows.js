'use strict';
/**
 * Workflows of the queue-mode suite: Webhook (GET, answered by a Respond to Webhook node) → SelSup →
 * Respond to Webhook with the SelSup node's binary. One workflow per route in the mix; the route's ID
 * comes from the webhook's query string, so every call is its own SelSup request.
 */
const SELSUP_TYPE = 'n8n-nodes-selsup.selSup';

/** The mix: three file routes and two task routes (one started by POST, one by GET). */
const ROUTES = [
	{ key: 'stocksWb', kind: 'file', resource: 'stock', operation: 'downloadStocksWb', param: 'orderId', path: '/api/export/downloadStocksWb' },
	{ key: 'invoice', kind: 'file', resource: 'order', operation: 'downloadInvoice', param: 'orderId', path: '/api/export/downloadInvoice' },
	{ key: 'images', kind: 'file', resource: 'image', operation: 'getSupplyImagesToWildberries', param: 'orderId', path: '/api/export/getSupplyImagesToWildberries' },
	// warehouseId is optional on this route: the node keeps it under Additional Fields.
	{ key: 'stocksFile', kind: 'task', resource: 'stock', operation: 'stocksFile', param: 'warehouseId', optional: true, path: '/api/export/stocksFile' },
	{ key: 'productSets', kind: 'task', resource: 'product', operation: 'getProductSetsFile', param: 'organizationId', path: '/api/export/getProductSetsFile' },
];

function uuid(n) {
	return `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;
}

function webhookWorkflow(route, index, credential) {
	const id = `selsupQueue${String(index).padStart(4, '0')}`.slice(0, 16);
	const webhookPath = `selsup-queue-${route.key}`;
	const nodes = [
		{
			id: uuid(index * 10 + 1),
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: uuid(index * 10 + 9),
			parameters: { httpMethod: 'GET', path: webhookPath, responseMode: 'responseNode', options: {} },
		},
		{
			id: uuid(index * 10 + 2),
			name: 'SelSup',
			type: SELSUP_TYPE,
			typeVersion: 1,
			position: [220, 0],
			credentials: { selSupApi: { id: credential.id, name: credential.name } },
			parameters: {
				resource: route.resource,
				operation: route.operation,
				...(route.optional
					? { additionalFields: { [route.param]: `={{ $json.query.${route.param} }}` } }
					: { [route.param]: `={{ $json.query.${route.param} }}` }),
				// The shortest Poll Interval the node takes (1 s) so a run of 200 calls stays short; retries wait up to 5 s (Retry-After: 1).
				options: { pollInterval: 1, maxRetryWait: 5 },
			},
		},
		{
			id: uuid(index * 10 + 3),
			name: 'Respond',
			type: 'n8n-nodes-base.respondToWebhook',
			typeVersion: 1.1,
			position: [440, 0],
			parameters: {
				respondWith: 'binary',
				responseDataSource: 'set',
				inputFieldName: 'data',
				options: {
					responseHeaders: {
						entries: [{ name: 'X-File-Name', value: '={{ encodeURIComponent($binary.data.fileName) }}' }],
					},
				},
			},
		},
	];
	return {
		id,
		name: `queue ${route.key}`,
		active: false,
		nodes,
		connections: {
			Webhook: { main: [[{ node: 'SelSup', type: 'main', index: 0 }]] },
			SelSup: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		versionId: `${id}-version-0000000000000000000`.slice(0, 36),
	};
}

function queueWorkflows(credential) {
	return ROUTES.map((route, i) => ({ route, workflow: webhookWorkflow(route, i + 1, credential), webhookPath: `selsup-queue-${route.key}` }));
}

module.exports = { ROUTES, queueWorkflows };
