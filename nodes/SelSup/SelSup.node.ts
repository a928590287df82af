import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { binaryProperty, optionsProperties } from './description/commonProperties';
import { resourceProperty, routeProperties } from './description/routeProperties';
import { taskProperties } from './description/taskProperties';
import { toolDescriptionProperties } from './description/toolDescriptions';
import {
	getOrganizations,
	getOrganizationsOrAny,
	getOrganizationsToChoose,
	getWarehouses,
	getWarehousesOrAny,
	getWarehousesToChoose,
} from './methods/loadOptions';
import { searchOrders, searchPhotoSessions, searchSupplies } from './methods/listSearch';
import { routes, SELSUP_DESCRIPTION, taskOperations } from './catalogue';
import { commerceMlCredentialTest } from './methods/credentialTest';
import { run } from './runner';

/** The canvas shows the operation's action label ("Export stock to Excel"), not its API name. */
const SUBTITLE = `={{ (${JSON.stringify(
	Object.fromEntries([
		...[...routes, ...taskOperations].map((r) => [r.operation, r.action]),
	]),
)})[$parameter["operation"]] || $parameter["operation"] }}`;

export class SelSup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SelSup',
		name: 'selSup',
		icon: { light: 'file:../../icons/selsup.svg', dark: 'file:../../icons/selsup.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: SUBTITLE,
		description: SELSUP_DESCRIPTION,
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
			// The CommerceML site's login and password (the route's credentialQuery in the catalogue).
			{
				name: 'selSupCommerceMlApi',
				required: true,
				testedBy: 'commerceMlCredentialTest',
				displayOptions: { show: { resource: ['integration'], operation: ['checkCommerceMlAuth'] } },
			},
		],
		properties: [
			resourceProperty,
			...routeProperties,
			...taskProperties,
			binaryProperty,
			...optionsProperties,
			// Only in the tool version of the node (n8n derives it from usableAsTool).
			...toolDescriptionProperties,
		],
	};

	methods = {
		credentialTest: { commerceMlCredentialTest },
		loadOptions: {
			getOrganizations,
			getOrganizationsOrAny,
			getOrganizationsToChoose,
			getWarehouses,
			getWarehousesOrAny,
			getWarehousesToChoose,
		},
		listSearch: {
			searchOrders,
			searchSupplies,
			searchPhotoSessions,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return run(this);
	}
}
