import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import {
	BinaryDataConfig,
	BinaryDataService,
	ErrorReporter,
	ExecuteContext,
	LoadOptionsContext,
	PollContext,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
import { TriggersAndPollers } from 'n8n-core/dist/execution-engine/triggers-and-pollers';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import { ApplicationError, createRunExecutionData, ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';
const harnessRoot = mkdtempSync(join(tmpdir(), 'n8n-harness-'));
const removeHarnessRoot = () =>
	rmSync(harnessRoot, {
		recursive: true,
		force: true,
	});
if (typeof afterAll === 'function') afterAll(removeHarnessRoot);
else process.on('exit', removeHarnessRoot);
process.env.N8N_USER_FOLDER = harnessRoot;
process.env.N8N_LOG_LEVEL ??= 'warn';
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'true';
let containerReady = false;
function prepareContainer() {
	if (containerReady) return;
	containerReady = true;
	const manager = /** @type {{ cleanupTimer?: NodeJS.Timeout }} */ (/** @type {unknown} */ (Container.get(SSHClientsManager)));
	manager.cleanupTimer?.unref();
}
const NODE_NAME = 'Node Under Test';
const WORKFLOW_ID = 'harness-workflow';
const CREDENTIAL_ID = 'harness-credential';
function latestVersion(nodeType) {
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version, defaultVersion } = nodeType.description;
	if (defaultVersion !== undefined) return defaultVersion;
	return Array.isArray(version) ? Math.max(...version) : version;
}
function singleNodeTypes(nodeType) {
	const name = nodeType.description.name;
	return {
		getByName: (type) => {
			if (type !== name) throw new ApplicationError(`Unknown node type ${type}`);
			return nodeType;
		},
		getByNameAndVersion: (type, version) => {
			if (type !== name) throw new ApplicationError(`Unknown node type ${type}`);
			return NodeHelpers.getVersionedNodeType(nodeType, version);
		},
		getKnownTypes: () => ({}),
	};
}
function resolveCredentialValue(value, credentials, workflow, node) {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	const resolved = workflow.expression.getSimpleParameterValue(
		node,
		value,
		'internal',
		{
			$credentials: credentials,
		},
		undefined,
		'',
	);
	return resolved ? resolved.toString() : '';
}
function withCredentialDefaults(type, data) {
	return NodeHelpers.getNodeParameters(type.properties, data, true, false, null, null) ?? {};
}
export class HarnessCredentialsHelper extends ICredentialsHelper {
	credentialType;
	data;
	more;
	constructor(credentialType, data, more = []) {
		(super(), (this.credentialType = credentialType), (this.data = data), (this.more = more));
	}
	typeFor(name) {
		const extra = this.more.find((m) => m.type.name === name);
		if (extra) return extra.type;
		if (!this.credentialType || this.credentialType.name !== name) {
			throw new ApplicationError(`Harness has no credential type "${name}"`);
		}
		return this.credentialType;
	}
	dataFor(name) {
		return this.more.find((m) => m.type.name === name)?.data ?? this.data;
	}
	getParentTypes() {
		return [];
	}
	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const { authenticate } = this.typeFor(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}
		if (typeof authenticate === 'object') {
			requestOptions.headers ??= {};
			if (authenticate.type === 'generic') {
				const target = requestOptions;
				for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
					for (const [key, value] of Object.entries(entries)) {
						const k = resolveCredentialValue(key, credentials, workflow, node);
						target[outerKey] ??= {};
						target[outerKey][k] = resolveCredentialValue(value, credentials, workflow, node);
					}
				}
			}
		}
		return requestOptions;
	}
	async preAuthentication(_helpers, _credentials, _typeName, _node, _credentialsExpired) {
		return undefined;
	}
	/** @returns {Promise<import('n8n-workflow').ICredentials>} */
	async getCredentials(_nodeCredentials, _type) {
		throw new ApplicationError('getCredentials (encrypted credentials) is not supported by the harness');
	}
	async getDecrypted(_additionalData, _nodeCredentials, type, mode, executeData, _raw, resolve) {
		const data = withCredentialDefaults(this.typeFor(type), structuredClone(this.dataFor(type)));
		if (!resolve) return data;
		return resolve.workflow.expression.getParameterValue(
			data,
			resolve.runExecutionData,
			resolve.runIndex,
			resolve.itemIndex,
			resolve.node.name,
			resolve.connectionInputData,
			mode,
			{},
			executeData,
			false,
			data,
		);
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties(type) {
		return this.typeFor(type).properties;
	}
}
function getPath(obj, path) {
	return path.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), obj);
}
function notInHarness(what) {
	return () => {
		throw new ApplicationError(`${what} is not supported by the test harness`);
	};
}
/** @returns {import('n8n-workflow').IWorkflowExecuteAdditionalData} */
function makeAdditionalData(credentialType, credentials, executionId, currentNodeParameters, more = []) {
	return /** @type {any} */ ({
		credentialsHelper: new HarnessCredentialsHelper(credentialType, credentials, more),
		executionId,
		currentNodeExecutionIndex: 0,
		currentNodeParameters,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		variables: {},
		executeWorkflow: notInHarness('executeWorkflow'),
		getRunExecutionData: notInHarness('getRunExecutionData'),
		logAiEvent: () => {},
		startRunnerTask: notInHarness('startRunnerTask'),
	});
}
let runCounter = 0;
async function initBinaryDataService(mode) {
	prepareContainer();
	const config = Container.get(BinaryDataConfig);
	config.mode = mode;
	config.availableModes = ['filesystem'];
	config.localStoragePath = mkdtempSync(join(harnessRoot, 'binary-'));
	const service = new BinaryDataService(config, Container.get(ErrorReporter), Container.get(Logger));
	await service.init();
	Container.set(BinaryDataService, service);
	return service;
}
function buildWorkflow(opts, parameters, staticData) {
	const typeVersion = opts.nodeTypeVersion ?? latestVersion(opts.nodeType);
	/** @type {import('n8n-workflow').INode} */
	const node = {
		id: 'node-under-test',
		name: NODE_NAME,
		type: opts.nodeType.description.name,
		typeVersion,
		position: [0, 0],
		parameters,
		...(opts.credentialsType
			? {
					credentials: {
						[opts.credentialsType.name]: {
							id: CREDENTIAL_ID,
							name: 'Test credential',
						},
						...Object.fromEntries(
							(opts.moreCredentials ?? []).map((m) => [
								m.type.name,
								{
									id: `${CREDENTIAL_ID}-${m.type.name}`,
									name: m.type.displayName,
								},
							]),
						),
					},
				}
			: {}),
		...(opts.continueOnFail
			? {
					onError: 'continueRegularOutput',
				}
			: {}),
	};
	const workflow = new Workflow({
		id: WORKFLOW_ID,
		name: 'Harness workflow',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: singleNodeTypes(opts.nodeType),
		settings: opts.timezone
			? {
					timezone: opts.timezone,
				}
			: {},
		staticData,
	});
	return {
		workflow,
		node: workflow.getNode(NODE_NAME),
	};
}
export async function runNode(opts) {
	const binaryDataService = await initBinaryDataService(opts.binaryMode ?? 'default');
	const executionId = `harness${++runCounter}`;
	const { workflow, node } = buildWorkflow(opts, structuredClone(opts.parameters));
	const additionalData = makeAdditionalData(opts.credentialsType, opts.credentials ?? {}, executionId, undefined, opts.moreCredentials);
	const input = opts.input ?? [
		{
			json: {},
		},
	];
	const executeData = {
		node,
		data: {
			main: [input],
		},
		source: null,
	};
	const runExecutionData = createRunExecutionData();
	const mode = 'manual';
	let outputs = [];
	let error;
	try {
		const response = await new WorkflowExecute(additionalData, mode, runExecutionData).runNode(
			workflow,
			executeData,
			runExecutionData,
			0,
			additionalData,
			mode,
			opts.abortSignal,
		);
		if ('data' in response) outputs = (response.data ?? []).map((o) => o ?? []);
	} catch (e) {
		error = e;
	}
	const items = outputs[0] ?? [];
	return {
		items,
		outputs,
		error,
		async binaries(item, prop = 'data') {
			const binary = items[item]?.binary?.[prop];
			if (!binary) throw new ApplicationError(`Output item ${item} has no binary property "${prop}"`);
			return await binaryDataService.getAsBuffer(binary);
		},
	};
}
export async function runPoll(opts) {
	await initBinaryDataService(opts.binaryMode ?? 'default');
	const { workflow, node } = buildWorkflow(opts, structuredClone(opts.parameters), opts.staticData ? structuredClone(opts.staticData) : undefined);
	const additionalData = makeAdditionalData(opts.credentialsType, opts.credentials ?? {}, `harness${++runCounter}`);
	const context = new PollContext(workflow, node, additionalData, 'trigger', opts.activation ?? 'activate');
	let data = null;
	let error;
	try {
		data = await Container.get(TriggersAndPollers).runPoll(workflow, node, context);
	} catch (e) {
		error = e;
	}
	const raw = workflow.staticData;
	const staticDataChanged = raw.__dataChanged === true;
	const staticData = JSON.parse(JSON.stringify(raw, (key, value) => (key.startsWith('__') ? undefined : value)));
	return {
		data,
		error,
		staticData,
		staticDataChanged,
	};
}
export async function runOverlappingPolls(opts, count) {
	await initBinaryDataService(opts.binaryMode ?? 'default');
	const { workflow, node } = buildWorkflow(opts, structuredClone(opts.parameters), opts.staticData ? structuredClone(opts.staticData) : undefined);
	const poll = async () => {
		const additionalData = makeAdditionalData(opts.credentialsType, opts.credentials ?? {}, `harness${++runCounter}`);
		const context = new PollContext(workflow, node, additionalData, 'trigger', opts.activation ?? 'activate');
		try {
			return {
				data: await Container.get(TriggersAndPollers).runPoll(workflow, node, context),
				staticData: {},
				staticDataChanged: false,
			};
		} catch (e) {
			return {
				data: null,
				error: e,
				staticData: {},
				staticDataChanged: false,
			};
		}
	};
	const results = await Promise.all(
		Array.from(
			{
				length: count,
			},
			poll,
		),
	);
	const raw = workflow.staticData;
	const staticData = JSON.parse(JSON.stringify(raw, (key, value) => (key.startsWith('__') ? undefined : value)));
	return {
		results,
		staticData,
	};
}
export async function runLoadOptions(opts, methodName) {
	await initBinaryDataService(opts.binaryMode ?? 'default');
	const { workflow, node } = buildWorkflow(opts, structuredClone(opts.parameters));
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const method = nodeType.methods?.loadOptions?.[methodName];
	if (!method) throw new ApplicationError(`Node has no loadOptions method "${methodName}"`);
	const additionalData = makeAdditionalData(opts.credentialsType, opts.credentials ?? {}, `harness${++runCounter}`, node.parameters);
	const context = new LoadOptionsContext(workflow, node, additionalData, opts.path ?? `parameters.${methodName}`);
	return await method.call(context);
}
export async function runListSearch(opts, methodName, filter, paginationToken) {
	await initBinaryDataService(opts.binaryMode ?? 'default');
	const { workflow, node } = buildWorkflow(opts, structuredClone(opts.parameters));
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const method = nodeType.methods?.listSearch?.[methodName];
	if (!method) throw new ApplicationError(`Node has no listSearch method "${methodName}"`);
	const additionalData = makeAdditionalData(opts.credentialsType, opts.credentials ?? {}, `harness${++runCounter}`, node.parameters);
	const context = new LoadOptionsContext(workflow, node, additionalData, opts.path ?? `parameters.${methodName}`);
	return await method.call(context, filter, paginationToken);
}
export async function runCredentialTest(credentialsType, credentials) {
	const test = credentialsType.test;
	if (!test) throw new ApplicationError(`Credential type ${credentialsType.name} has no declarative test`);
	await initBinaryDataService('default');
	const data = withCredentialDefaults(credentialsType, structuredClone(credentials));
	let status;
	/** @type {import('n8n-workflow').INodeType} */
	const tempNodeType = {
		description: {
			displayName: 'Credential Test',
			name: 'harnessCredentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [
				{
					name: credentialsType.name,
					required: true,
				},
			],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: {
						request: test.request,
						output: {
							postReceive: [
								async function (items, response) {
									status = response.statusCode;
									return items;
								},
							],
						},
					},
				},
			],
		},
	};
	const { workflow, node } = buildWorkflow(
		{
			nodeType: tempNodeType,
			credentialsType,
			credentials: data,
			parameters: {},
		},
		{},
	);
	const additionalData = makeAdditionalData(credentialsType, data, `harness${++runCounter}`);
	const runExecutionData = createRunExecutionData();
	const executeData = {
		node,
		data: {},
		source: null,
	};
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		runExecutionData,
		0,
		[],
		{
			main: [
				[
					{
						json: {},
					},
				],
			],
		},
		executeData,
		[],
	);
	const decrypted = {
		id: CREDENTIAL_ID,
		name: 'Test credential',
		type: credentialsType.name,
		data,
	};
	let response;
	try {
		response = await new RoutingNode(context, tempNodeType, /** @type {import('n8n-workflow').ICredentialsDecrypted} */ (decrypted)).runNode();
	} catch (e) {
		const err = e;
		const res =
			err.cause?.response ??
			(err.httpCode && /^\d+$/.test(err.httpCode)
				? {
						status: Number(err.httpCode),
						statusText: err.message,
					}
				: undefined);
		if (res) {
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && res.status === rule.properties.value) {
					return {
						ok: false,
						status: res.status,
						message: rule.properties.message,
					};
				}
			}
			if (res.status < 199 || res.status > 299) {
				return {
					ok: false,
					status: res.status,
					message: res.statusText || `Received HTTP status code: ${res.status}`,
				};
			}
		} else if (err.cause?.code) {
			return {
				ok: false,
				message: err.cause.code,
			};
		}
		return {
			ok: false,
			status: res?.status,
			message: String(err.message),
		};
	}
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response?.[0]?.[0]?.json;
			if (getPath(body, rule.properties.key) === rule.properties.value) {
				return {
					ok: false,
					status,
					message: rule.properties.message,
				};
			}
		}
	}
	return {
		ok: true,
		status,
		message: 'Connection successful!',
	};
}
