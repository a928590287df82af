import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { binaryProperty, optionsProperties, taskProperties } from './description/commonProperties';
import { resourceProperty, routeProperties } from './description/routeProperties';
import { getOrganizations, getWarehouses } from './methods/loadOptions';
import { run } from './run';

export class SelSup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SelSup',
		name: 'selSup',
		icon: { light: 'file:../../icons/selsup.svg', dark: 'file:../../icons/selsup.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Export files from SelSup: products, stock, orders, supplies, images, finance',
		defaults: {
			name: 'SelSup',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'selSupApi',
				required: true,
			},
		],
		properties: [resourceProperty, ...routeProperties, ...taskProperties, binaryProperty, ...optionsProperties],
	};

	methods = {
		loadOptions: { getOrganizations, getWarehouses },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return run(this);
	}
}
