'use strict';
/**
 * Workflow JSON for the e2e scenarios, built the way n8n stores them. Parameter
 * names are those of the real nodes: the SelSup node in nodes/SelSup (resource,
 * operation, route params under the API's names, `binaryPropertyName`, `filters`,
 * `options`) and n8n-nodes-base as shipped in 1.123.81 / 2.41.1.
 */

const SELSUP_TYPE = 'n8n-nodes-selsup.selSup';

let counter = 0;
function nodeId() {
	counter += 1;
	return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

function node(name, type, typeVersion, parameters, position, extra = {}) {
	return { id: nodeId(), name, type, typeVersion, position, parameters, ...extra };
}

const manualTrigger = () => node('Start', 'n8n-nodes-base.manualTrigger', 1, {}, [0, 0]);

function selsup(name, parameters, credential, position = [220, 0]) {
	return node(name, SELSUP_TYPE, 1, parameters, position, {
		credentials: { selSupApi: { id: credential.id, name: credential.name } },
	});
}

/** Nodes connected one after another on main output 0. */
function chain(id, name, nodes) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		id,
		name,
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1', saveManualExecutions: true },
		pinData: {},
		versionId: `${id}-v1`.padEnd(36, '0').slice(0, 36),
	};
}

/** 1. stock/stocksFile (a SelSup task, waited for) → Extract From File (xlsx). */
function stockToRows(cred) {
	return chain('selsupE2eStock01', 'e2e stock xlsx rows', [
		manualTrigger(),
		selsup('SelSup', { resource: 'stock', operation: 'stocksFile', options: { pollInterval: 1 } }, cred),
		node('Extract From File', 'n8n-nodes-base.extractFromFile', 1, { operation: 'xlsx', binaryPropertyName: 'data', options: {} }, [440, 0]),
	]);
}

/** 2. supply/ozonContainerLabels → Read/Write Files from Disk (write, name from the binary). */
function labelsToDisk(cred, folder, supplyId) {
	return chain('selsupE2eLabels1', 'e2e container labels to disk', [
		manualTrigger(),
		selsup('SelSup', { resource: 'supply', operation: 'ozonContainerLabels', supplyId }, cred),
		node(
			'Write File',
			'n8n-nodes-base.readWriteFile',
			1,
			{ operation: 'write', fileName: `=${folder}/{{ $binary.data.fileName }}`, dataPropertyName: 'data', options: {} },
			[440, 0],
		),
	]);
}

/** 3. product/getProductsFile with a filter → Send Email (SMTP) with the file attached. */
function productsByMail(cred, smtpCred, { query, to }) {
	return chain('selsupE2eMail001', 'e2e products by e-mail', [
		manualTrigger(),
		selsup(
			'SelSup',
			{ resource: 'product', operation: 'getProductsFile', filterInput: 'fields', filters: { query }, options: { pollInterval: 1 } },
			cred,
		),
		node(
			'Send Email',
			'n8n-nodes-base.emailSend',
			2.1,
			{
				fromEmail: 'n8n@example.test',
				toEmail: to,
				subject: 'Товары SelSup',
				emailFormat: 'text',
				text: 'Выгрузка товаров во вложении.',
				options: { attachments: 'data', appendAttribution: false },
			},
			[440, 0],
			{ credentials: { smtp: { id: smtpCred.id, name: smtpCred.name } } },
		),
	]);
}

/** 4. Any SelSup call with a credential whose token is wrong. */
function wrongToken(badCred) {
	return chain('selsupE2eBadTok1', 'e2e wrong token', [
		manualTrigger(),
		selsup('SelSup', { resource: 'supply', operation: 'ozonContainerLabels', supplyId: 7001 }, badCred),
	]);
}

/** 5. Two items (Edit Fields JSON → Split Out) → order/ozonInvoice per item. */
function twoOrders(cred, orderIds) {
	return chain('selsupE2eOrders1', 'e2e two orders', [
		manualTrigger(),
		node(
			'Orders',
			'n8n-nodes-base.set',
			3.4,
			{ mode: 'raw', jsonOutput: JSON.stringify({ orders: orderIds.map((orderId) => ({ orderId })) }), options: {} },
			[220, 0],
		),
		node('Split Out', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'orders', options: {} }, [440, 0]),
		selsup('SelSup', { resource: 'order', operation: 'ozonInvoice', orderId: '={{ $json.orderId }}' }, cred, [660, 0]),
	]);
}

/**
 * 6. IDs given as resource-locator values, as the editor's pickers store them: an order picked from the
 * list, then an order and a supply "By ID" (one an expression) in Additional Fields.
 */
function pickedIds(cred, { orderId, supplyId }) {
	const rl = (mode, value, extra = {}) => ({ __rl: true, mode, value, ...extra });
	return chain('selsupE2ePicker1', 'e2e picked order and supply', [
		manualTrigger(),
		selsup('From List', { resource: 'order', operation: 'ozonInvoice', orderId: rl('list', orderId, { cachedResultName: `Order ${orderId}` }) }, cred),
		selsup(
			'By ID',
			{
				resource: 'order',
				operation: 'getOrderProduct',
				additionalFields: { orderId: rl('id', `={{ ${orderId} }}`), supplyId: rl('id', String(supplyId)) },
			},
			cred,
			[440, 0],
		),
	]);
}

/** 7. `count` items → stock/stocksFile (a task each, waited for with the default options). */
function parallelStockExports(cred, count) {
	return chain('selsupE2eProgress', 'e2e tasks reporting progress', [
		manualTrigger(),
		node('Items', 'n8n-nodes-base.set', 3.4, { mode: 'raw', jsonOutput: JSON.stringify({ items: Array.from({ length: count }, (_, i) => ({ i })) }), options: {} }, [220, 0]),
		node('Split Out', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'items', options: {} }, [440, 0]),
		selsup('SelSup', { resource: 'stock', operation: 'stocksFile' }, cred, [660, 0]),
	]);
}

module.exports = { SELSUP_TYPE, stockToRows, labelsToDisk, productsByMail, wrongToken, twoOrders, pickedIds, parallelStockExports };
