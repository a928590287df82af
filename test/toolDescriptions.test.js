/**
 * The node as an AI agent's tool: n8n derives `selSupTool` from `usableAsTool` (name + 'Tool', AI tool
 * output) and keeps our own Tool Description fields, since the node has them. Checked with
 * n8n-workflow's own parameter resolution and its getToolDescriptionForNode (what n8n-core's
 * createNodeAsTool hands the model).
 */

import { NodeConnectionTypes, NodeHelpers } from 'n8n-workflow';

import { routes } from '../nodes/SelSup/catalogue';
import { toolTextOf } from '../nodes/SelSup/description/toolDescriptions';
import { SelSup } from '../nodes/SelSup/SelSup.node';

const regular = new SelSup().description;
/** What n8n's LoadNodesAndCredentials.convertNodeToAiTool makes of it when a tool description field exists. */
const tool = {
	...regular,
	name: `${regular.name}Tool`,
	displayName: `${regular.displayName} Tool`,
	inputs: [],
	outputs: [NodeConnectionTypes.AiTool],
};

function resolved(description, parameters) {
	/** @type {import('n8n-workflow').INode} */
	const node = { id: '1', name: 'SelSup', type: `n8n-nodes-selsup.${description.name}`, typeVersion: 1, position: [0, 0], parameters };
	node.parameters = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description);
	return node;
}

const everyOperation = [...routes.map((r) => [r.resource, r.operation]), ...['get', 'getMany', 'wait', 'download', 'cancel'].map((o) => ['task', o])];

test.each(everyOperation)('%s/%s: the agent reads a description written for a model', (resource, operation) => {
	const node = resolved(tool, { resource, operation });
	const text = NodeHelpers.getToolDescriptionForNode(node, { description: tool });
	expect(text).toBe(toolTextOf(resource, operation));
	expect(text.length).toBeGreaterThan(60);
	expect(text).toMatch(/Returns/);
	// English only, and never a promise of file content.
	expect(text).not.toMatch(/\p{Script=Cyrillic}/u);
	expect(text).not.toMatch(/base64/i);
});

test('file operations tell the model it gets the name, type and size, not the bytes', () => {
	for (const route of routes.filter((r) => r.returns !== 'value')) {
		expect(toolTextOf(route.resource, route.operation)).toMatch(/fileName, mimeType and fileSize/);
	}
	expect(toolTextOf('task', 'getMany')).toMatch(/status ERROR/);
});

test('the regular node shows no tool description', () => {
	const node = resolved(regular, { resource: 'task', operation: 'getMany' });
	expect(node.parameters.toolDescription).toBeUndefined();
	expect(regular.usableAsTool).toBe(true);
});

/**
 * What each operation does to the seller's data, from SelSup's export reference (independent of the
 * catalogue's flags): the three routes that change a marketplace or a connected service, the six
 * background exports, the Task operation that cancels; every other route and Task operation only reads.
 */
const CHANGES_MARKETPLACE = ['order/createCards', 'image/uploadImagesToWildberries', 'order/exportMoySkladOrders'];
const STARTS_EXPORT = [
	'product/getModelsFile',
	'product/getProductSetsFile',
	'product/getProductsFile',
	'product/getWildberriesFile',
	'stock/stocksFile',
	'finance/exportStructureTurnoverByContractorId',
];
const CHANGES_TASK = ['task/cancel'];

test('every tool says first whether it only reads, starts an export or changes something (37 routes, 5 Task operations)', () => {
	expect(everyOperation).toHaveLength(37 + 5);
	const kinds = {};
	for (const [resource, operation] of everyOperation) {
		const key = `${resource}/${operation}`;
		const text = toolTextOf(resource, operation);
		const kind = text.startsWith('Only reads: changes nothing.')
			? 'reads'
			: text.startsWith('Starts a background export in SelSup: makes a file, changes no marketplace data.')
				? 'starts'
				: text.startsWith("Changes the seller's marketplace")
					? 'changesMarketplace'
					: text.startsWith('Changes a task in SelSup.')
						? 'changesTask'
						: 'unstated';
		kinds[key] = kind;
	}
	const expected = Object.fromEntries(
		everyOperation.map(([r, o]) => {
			const key = `${r}/${o}`;
			if (CHANGES_MARKETPLACE.includes(key)) return [key, 'changesMarketplace'];
			if (STARTS_EXPORT.includes(key)) return [key, 'starts'];
			if (CHANGES_TASK.includes(key)) return [key, 'changesTask'];
			return [key, 'reads'];
		}),
	);
	expect(kinds).toEqual(expected);
});

test('createCards and uploadImagesToWildberries read as write actions: only when the user asks for exactly that', () => {
	for (const [resource, operation] of [
		['order', 'createCards'],
		['image', 'uploadImagesToWildberries'],
	]) {
		const text = toolTextOf(resource, operation);
		expect(text).toMatch(/^Changes the seller's marketplace/);
		expect(text).toMatch(/Call it only when the user asks for exactly that, never to check or look something up\./);
		expect(text).not.toMatch(/Only reads/);
	}
});

test('a tool that waits says it returns the task unfinished after 120 s, and how the model goes on', () => {
	for (const key of [...STARTS_EXPORT, 'image/uploadImagesToWildberries', 'order/exportMoySkladOrders']) {
		const [resource, operation] = key.split('/');
		expect(toolTextOf(resource, operation)).toMatch(/120 s at most: a task still running then is returned as it stands \(task id, status, progress, timedOut: true\), and the Task tools \(Wait, Get, Download\) go on with that id\./);
	}
	expect(toolTextOf('task', 'wait')).toMatch(/timedOut: true, and the wait can be called again/);
});
