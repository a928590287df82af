import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

/**
 * The SelSup CommerceML Site API credential on its own has nothing to ask: whether the site takes the
 * login is what the operation checks, with the site's address and the SelSup token. Saving it says
 * whether both fields are filled in, and says so plainly.
 */
export async function commerceMlCredentialTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const missing = ['login', 'password'].filter((k) => typeof data[k] !== 'string' || !(data[k] as string).trim());
	if (missing.length) return { status: 'Error', message: `Fill in the ${missing.join(' and ')}` };
	return {
		status: 'OK',
		message: 'Login and password are filled in; Integration → Check CommerceML Authorization checks them against the site',
	};
}
