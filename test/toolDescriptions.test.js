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
