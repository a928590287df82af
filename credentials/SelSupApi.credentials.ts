import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

const REFUSED_TOKEN =
	'SelSup refused this API token: create one under Integrations → API in the SelSup cabinet and paste it into API Token';

export class SelSupApi implements ICredentialType {
	name = 'selSupApi';

	displayName = 'SelSup API';

	icon: Icon = { light: 'file:../icons/selsup.svg', dark: 'file:../icons/selsup.dark.svg' };

	documentationUrl = 'https://github.com/selsup/n8n-nodes-selsup';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Made in the SelSup cabinet under Integrations → API',
			// Shown under the field on every n8n version: n8n 1.x replaces a refused token's own message
			// with its generic "Forbidden - perhaps check your credentials?", so this is where a seller learns it.
			hint: 'Where to get it: in the SelSup cabinet open Integrations → API, create a token and paste it here (raw, without "Bearer")',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.selsup.ru',
			required: true,
			description: 'Change only if SelSup runs your account on a dedicated server',
		},
	];

	// SelSup takes the raw token in Authorization, without "Bearer"; trimmed, since a token pasted with a
	// line break would break the header.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '={{String($credentials.apiToken).trim()}}',
			},
		},
	};

	// A cheap authenticated read: a wrong token is reported when the credential is saved, saying what to do
	// instead of n8n's generic "Forbidden - perhaps check your credentials?".
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api/client/findClientOrganization',
			method: 'GET',
			qs: { limit: 1 },
		},
		rules: [401, 403].map((value) => ({
			type: 'responseCode' as const,
			properties: { value, message: REFUSED_TOKEN },
		})),
	};
}
