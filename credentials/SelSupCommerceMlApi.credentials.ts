import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The login and password of a site that exchanges with SelSup over CommerceML (1C-Bitrix and alike), for
 * Integration → Check CommerceML Authorization. Kept in a credential so that n8n stores them encrypted,
 * never in the workflow JSON or execution data. SelSup itself takes them as query parameters of the
 * check (its own token comes from the SelSup API credential).
 */
export class SelSupCommerceMlApi implements ICredentialType {
	name = 'selSupCommerceMlApi';

	displayName = 'SelSup CommerceML Site API';

	icon: Icon = { light: 'file:../icons/selsup.svg', dark: 'file:../icons/selsup.dark.svg' };

	documentationUrl = 'https://github.com/selsup/n8n-nodes-selsup';

	properties: INodeProperties[] = [
		{
			displayName: 'Login',
			name: 'login',
			type: 'string',
			default: '',
			required: true,
			description: 'Login of the site\'s CommerceML exchange user',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Password of that user; never shown in the output, errors or logs',
		},
	];
}
