#!/usr/bin/env node
// `prepublishOnly`: the package is published only by .github/workflows/publish.yml, which signs it with an
// npm provenance statement (n8n requires one for community nodes). A local `npm publish` stops here, as
// `n8n-node prerelease` does in n8n's starter. See RELEASING.md.
if (process.env.GITHUB_ACTIONS !== 'true') {
	console.error(
		'n8n-nodes-selsup is published from GitHub Actions only (.github/workflows/publish.yml), with npm provenance.\n' +
			'Push a v<version> tag instead; RELEASING.md says how.',
	);
	process.exit(1);
}
