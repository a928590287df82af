import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { SELSUP_DESCRIPTION } from './catalogue';
import { getOrganizationsOrAny } from './methods/loadOptions';
import { triggerProperties } from './trigger/properties';
import { pollTasks } from './trigger/poll';

export class SelSupTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SelSup Trigger',
		name: 'selSupTrigger',
		icon: { light: 'file:../../icons/selsup.svg', dark: 'file:../../icons/selsup.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] === "taskFailed" ? "Task failed" : "Task finished" }}',
		// n8n shows the trigger's description on the merged SelSup entry of the nodes panel: see SELSUP_DESCRIPTION.
		description: SELSUP_DESCRIPTION,
		defaults: {
			name: 'SelSup Trigger',
		},
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'selSupApi',
				required: true,
			},
		],
		properties: triggerProperties,
	};

	methods = {
		loadOptions: { getOrganizationsOrAny },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return pollTasks(this);
	}
}
