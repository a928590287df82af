'use strict';
/**
 * Static checks of examples/*.json against the built SelSup node description:
 * each SelSup node uses an existing resource and operation, and only parameter
 * names that the node shows for them; the credential is referenced by name.
 */
const fs = require('fs');
const path = require('path');
const { REPO_ROOT } = require('../../scripts/n8n/instance');

const SELSUP_TYPE = 'n8n-nodes-selsup.selSup';
const TRIGGER_TYPE = 'n8n-nodes-selsup.selSupTrigger';

function exampleFiles() {
	const dir = path.join(REPO_ROOT, 'examples');
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => path.join(dir, f));
}

function loadNodeDescription() {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
	const file = path.join(REPO_ROOT, pkg.n8n.nodes.find((n) => /SelSup\.node\.js$/.test(n)));
	const mod = require(file);
	return new mod.SelSup().description;
}

function loadTriggerDescription() {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
	const file = pkg.n8n.nodes.find((n) => /SelSupTrigger\.node\.js$/.test(n));
	return file ? new (require(path.join(REPO_ROOT, file)).SelSupTrigger)().description : undefined;
}

/** A SelSup Trigger node: known parameters (plus n8n's pollTimes), a known event, the credential by name. */
function checkTriggerNode(node, description, problems) {
	if (!description) return problems.push(`${node.name}: package.json lists no SelSup Trigger`);
	const p = node.parameters || {};
	const props = new Map(description.properties.map((q) => [q.name, q]));
	for (const [name, value] of Object.entries(p)) {
		if (name === 'pollTimes') continue;
		const prop = props.get(name);
		if (!prop) {
			problems.push(`${node.name}: parameter "${name}" is not a parameter of SelSup Trigger`);
			continue;
		}
		if (prop.type === 'options' && !prop.options.some((o) => o.value === value)) problems.push(`${node.name}: ${name} "${value}" is not an option`);
		if (prop.type === 'collection' && value && typeof value === 'object') {
			const known = new Set((prop.options || []).map((o) => o.name));
			for (const sub of Object.keys(value)) if (!known.has(sub)) problems.push(`${node.name}: "${name}.${sub}" is not an option`);
		}
	}
	const cred = node.credentials && node.credentials.selSupApi;
	if (!cred || cred.name !== 'SelSup API') problems.push(`${node.name}: credential selSupApi should be referenced by name "SelSup API"`);
	if (node.typeVersion !== description.version) problems.push(`${node.name}: typeVersion ${node.typeVersion} is not the trigger's (${description.version})`);
}

/** Is a property shown for these parameter values (only `show` on resource/operation/other set values)? */
function shown(prop, params) {
	const show = prop.displayOptions && prop.displayOptions.show;
	if (!show) return true;
	return Object.entries(show).every(([key, allowed]) => {
		if (key.startsWith('@')) return true;
		const value = params[key] !== undefined ? params[key] : undefined;
		if (value === undefined) return true; // default applies: don't judge
		return allowed.includes(value);
	});
}

function checkExampleAgainstNode(workflow, description, label = workflow.name) {
	const problems = [];
	const props = description.properties;
	const resourceProp = props.find((p) => p.name === 'resource');
	const resources = resourceProp.options.map((o) => o.value);
	if (!Array.isArray(workflow.nodes) || typeof workflow.connections !== 'object') problems.push('not a workflow (nodes/connections)');
	for (const node of workflow.nodes || []) {
		if (node.type === TRIGGER_TYPE) checkTriggerNode(node, loadTriggerDescription(), problems);
		if (node.type !== SELSUP_TYPE) continue;
		const p = node.parameters || {};
		const resource = p.resource !== undefined ? p.resource : resourceProp.default;
		if (!resources.includes(resource)) problems.push(`${node.name}: unknown resource ${resource}`);
		const opProp = props.find((q) => q.name === 'operation' && q.displayOptions.show.resource.includes(resource));
		const operation = p.operation !== undefined ? p.operation : opProp && opProp.default;
		if (!opProp || !opProp.options.some((o) => o.value === operation)) {
			problems.push(`${node.name}: unknown operation ${resource}/${operation}`);
		}
		const values = { ...p, resource, operation };
		const visible = props.filter((q) => shown(q, values));
		for (const [name, value] of Object.entries(p)) {
			const matching = visible.filter((q) => q.name === name);
			if (!matching.length) {
				problems.push(`${node.name}: parameter "${name}" is not a parameter of ${resource}/${operation}`);
				continue;
			}
			if (value && typeof value === 'object' && !Array.isArray(value) && matching[0].type === 'collection') {
				const known = new Set(matching.flatMap((q) => (q.options || []).map((o) => o.name)));
				for (const sub of Object.keys(value)) {
					if (!known.has(sub)) problems.push(`${node.name}: "${name}.${sub}" is not an option of ${resource}/${operation}`);
				}
			}
		}
		for (const req of visible.filter((q) => q.required && q.default === '' && q.name !== 'binaryPropertyName')) {
			if (p[req.name] === undefined || p[req.name] === '') problems.push(`${node.name}: required "${req.name}" missing`);
		}
		const cred = node.credentials && node.credentials.selSupApi;
		if (!cred || cred.name !== 'SelSup API') problems.push(`${node.name}: credential selSupApi should be referenced by name "SelSup API"`);
		if (node.typeVersion !== description.version && !(Array.isArray(description.version) && description.version.includes(node.typeVersion))) {
			problems.push(`${node.name}: typeVersion ${node.typeVersion} is not the node's (${description.version})`);
		}
	}
	if (problems.length) throw new Error(`${label}:\n  ${problems.join('\n  ')}`);
	return true;
}

module.exports = { exampleFiles, loadNodeDescription, checkExampleAgainstNode };
