/**
 * Test harness that runs a node through n8n's REAL execution machinery.
 *
 * Why: a hand-made `IExecuteFunctions` mock checks what the mock does, not what
 * n8n does. Here the node's `execute()` is invoked by n8n-core's own
 * `WorkflowExecute.runNode()`, which builds a real `ExecuteContext`, so
 * `getNodeParameter` (expressions via n8n-workflow's `Workflow.expression`),
 * `helpers.httpRequestWithAuthentication` (axios + qs serialisation),
 * `helpers.prepareBinaryData` (n8n-core's `BinaryDataService`), `continueOnFail`,
 * `getExecutionCancelSignal`, `getCredentials`, `getTimezone` and `logger` are
 * all n8n-core's code. The only hand-written piece is the credentials helper,
 * because n8n's lives in the `n8n` CLI package (it reads credentials from a DB):
 * `HarnessCredentialsHelper` below returns the given credentials instead, and
 * applies a credential type's `authenticate` the way n8n's CLI helper does.
 */
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
// Not re-exported from n8n-core's index either: what n8n's ActiveWorkflows calls for each poll.
import { TriggersAndPollers } from 'n8n-core/dist/execution-engine/triggers-and-pollers';
// Not re-exported from n8n-core's index.
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	ICredentials,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IVersionedNodeType,
	IDataObject,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	ApplicationError,
	createRunExecutionData,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';

// n8n-core's InstanceSettings (created lazily by the DI container on the first
// `Container.get`, i.e. inside runNode, not at import) writes
// `<N8N_USER_FOLDER>/.n8n/config` with an encryption key. Point it at a throw-away
// directory so tests never touch a real ~/.n8n. Binary data files go there too.
const harnessRoot = mkdtempSync(join(tmpdir(), 'n8n-harness-'));
// Removed after the test file (Jest's sandboxed `process` doesn't reliably fire 'exit').
const removeHarnessRoot = () => rmSync(harnessRoot, { recursive: true, force: true });
if (typeof afterAll === 'function') afterAll(removeHarnessRoot);
else process.on('exit', removeHarnessRoot);
process.env.N8N_USER_FOLDER = harnessRoot;
process.env.N8N_LOG_LEVEL ??= 'warn';
// Create that config file 0600 (otherwise n8n warns that its permissions are too wide).
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'true';

let containerReady = false;
/**
 * One-time DI tweak. Every ExecuteContext pulls n8n-core's SSHClientsManager
 * from the container, whose constructor starts a 60 s cleanup `setInterval`
 * that n8n clears only on process exit; unref it so Jest can exit.
 */
function prepareContainer() {
	if (containerReady) return;
	containerReady = true;
	const manager = Container.get(SSHClientsManager) as unknown as { cleanupTimer?: NodeJS.Timeout };
	manager.cleanupTimer?.unref();
}

export interface RunOptions {
	nodeType: INodeType | IVersionedNodeType;
	credentialsType?: ICredentialType;
	credentials?: ICredentialDataDecryptedObject;
	parameters: INodeParameters;
	/** Input items of the node; default `[{ json: {} }]`. */
	input?: INodeExecutionData[];
	/** Sets `node.onError = 'continueRegularOutput'` (what the UI's "Continue" setting stores). */
	continueOnFail?: boolean;
	/** n8n-core binary data mode: 'default' = in memory (base64 in the item), 'filesystem' = files in a temp dir. */
	binaryMode?: 'default' | 'filesystem';
	/** The execution's cancel signal, as returned by `this.getExecutionCancelSignal()`. */
	abortSignal?: AbortSignal;
	/** Default: the node type's latest version. */
	nodeTypeVersion?: number;
	/** Workflow timezone (`this.getTimezone()`); default n8n's global default. */
	timezone?: string;
	/** More credentials of the node, each of its own type. */
	moreCredentials?: ExtraCredential[];
}

export interface ExtraCredential {
	type: ICredentialType;
	data: ICredentialDataDecryptedObject;
}

export interface RunResult {
	/** output[0] of the node (empty if execute() threw). */
	items: INodeExecutionData[];
	/** All outputs as returned by the node. */
	outputs: INodeExecutionData[][];
	/** Bytes of a binary property of an output item (default property 'data'); works in both binary modes. */
	binaries(item: number, prop?: string): Promise<Buffer>;
	/** Set if execute() threw (the error as n8n-core saw it, e.g. NodeApiError). */
	error?: Error;
}

const NODE_NAME = 'Node Under Test';
const WORKFLOW_ID = 'harness-workflow';
const CREDENTIAL_ID = 'harness-credential';

// ---------------------------------------------------------------------------
// Node types / credential types registries
// ---------------------------------------------------------------------------

function latestVersion(nodeType: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version, defaultVersion } = nodeType.description;
	if (defaultVersion !== undefined) return defaultVersion;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/** The `INodeTypes` a `Workflow` needs, holding just the node under test. */
function singleNodeTypes(nodeType: INodeType | IVersionedNodeType): INodeTypes {
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

// ---------------------------------------------------------------------------
// Credentials helper (the one piece n8n-core does not ship)
// ---------------------------------------------------------------------------

/** Same as n8n CLI's `CredentialsHelper.resolveValue`: only `=`-prefixed strings are expressions. */
function resolveCredentialValue(
	value: unknown,
	credentials: ICredentialDataDecryptedObject,
	workflow: Workflow,
	node: INode,
): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	const resolved = workflow.expression.getSimpleParameterValue(
		node,
		value,
		'internal',
		{ $credentials: credentials },
		undefined,
		'',
	);
	return resolved ? resolved.toString() : '';
}

/** Credential properties' defaults filled in, as n8n's `applyDefaultsAndOverwrites` does (minus overwrites). */
function withCredentialDefaults(
	type: ICredentialType,
	data: ICredentialDataDecryptedObject,
): ICredentialDataDecryptedObject {
	return (NodeHelpers.getNodeParameters(type.properties, data as INodeParameters, true, false, null, null) ??
		{}) as ICredentialDataDecryptedObject;
}

/**
 * `ICredentialsHelper` serving one credential from memory. `authenticate` mirrors
 * n8n CLI's CredentialsHelper: a function `authenticate` is called as is; a
 * `{ type: 'generic', properties: { headers|qs|body|auth: {...} } }` object has
 * each key and value resolved as an expression with `$credentials` and merged
 * into the request options.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentialType: ICredentialType | undefined,
		private readonly data: ICredentialDataDecryptedObject,
		/** Further credentials of the node (a second credential type), by type name. */
		private readonly more: ExtraCredential[] = [],
	) {
		super();
	}

	private typeFor(name: string): ICredentialType {
		const extra = this.more.find((m) => m.type.name === name);
		if (extra) return extra.type;
		if (!this.credentialType || this.credentialType.name !== name) {
			throw new ApplicationError(`Harness has no credential type "${name}"`);
		}
		return this.credentialType;
	}

	private dataFor(name: string): ICredentialDataDecryptedObject {
		return this.more.find((m) => m.type.name === name)?.data ?? this.data;
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.typeFor(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (typeof authenticate === 'object') {
			requestOptions.headers ??= {};
			if (authenticate.type === 'generic') {
				const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
				for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
					for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
						const k = resolveCredentialValue(key, credentials, workflow, node) as string;
						target[outerKey] ??= {};
						target[outerKey][k] = resolveCredentialValue(value, credentials, workflow, node);
					}
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		_credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(_nodeCredentials: INodeCredentialsDetails, _type: string): Promise<ICredentials> {
		throw new ApplicationError('getCredentials (encrypted credentials) is not supported by the harness');
	}

	/** Like n8n: defaults of the credential's properties applied, then expressions resolved. */
	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		_raw?: boolean,
		resolve?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const data = withCredentialDefaults(this.typeFor(type), structuredClone(this.dataFor(type)));
		if (!resolve) return data;
		return resolve.workflow.expression.getParameterValue(
			data as INodeParameters,
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
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.typeFor(type).properties;
	}
}

/** lodash-style `get(obj, 'a.b.c')` (n8n uses lodash/get for `responseSuccessBody` rule keys). */
function getPath(obj: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function notInHarness(what: string) {
	return () => {
		throw new ApplicationError(`${what} is not supported by the test harness`);
	};
}

/** Everything n8n-core reads from `additionalData` during a single-node run. */
function makeAdditionalData(
	credentialType: ICredentialType | undefined,
	credentials: ICredentialDataDecryptedObject,
	executionId: string,
	currentNodeParameters?: INodeParameters,
	more: ExtraCredential[] = [],
): IWorkflowExecuteAdditionalData {
	return {
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
	} as unknown as IWorkflowExecuteAdditionalData;
}

// ---------------------------------------------------------------------------
// Binary data
// ---------------------------------------------------------------------------

let runCounter = 0;

/**
 * A fresh n8n-core `BinaryDataService` registered in the DI container, as n8n's
 * startup does (`Container.get(BinaryDataService).init()`). Config comes from
 * the real `BinaryDataConfig` with mode and storage path set per run:
 * 'default' keeps bytes base64 in the item; 'filesystem' writes files under a
 * fresh temp dir via n8n-core's FileSystemManager.
 */
async function initBinaryDataService(mode: 'default' | 'filesystem'): Promise<BinaryDataService> {
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

// ---------------------------------------------------------------------------
// Workflow with the node under test
// ---------------------------------------------------------------------------

function buildWorkflow(opts: RunOptions, parameters: INodeParameters, staticData?: IDataObject) {
	const typeVersion = opts.nodeTypeVersion ?? latestVersion(opts.nodeType);
	const node: INode = {
		id: 'node-under-test',
		name: NODE_NAME,
		type: opts.nodeType.description.name,
		typeVersion,
		position: [0, 0],
		parameters,
		...(opts.credentialsType
			? {
					credentials: {
						[opts.credentialsType.name]: { id: CREDENTIAL_ID, name: 'Test credential' },
						...Object.fromEntries((opts.moreCredentials ?? []).map((m) => [m.type.name, { id: `${CREDENTIAL_ID}-${m.type.name}`, name: m.type.displayName }])),
					},
				}
			: {}),
		...(opts.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	// The Workflow constructor fills in parameter defaults (NodeHelpers.getNodeParameters), as n8n does.
	const workflow = new Workflow({
		id: WORKFLOW_ID,
		name: 'Harness workflow',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: singleNodeTypes(opts.nodeType),
		settings: opts.timezone ? { timezone: opts.timezone } : {},
		staticData,
	});
	return { workflow, node: workflow.getNode(NODE_NAME)! };
}

/**
 * Runs the node once, the way n8n runs a node in a workflow: n8n-core's
 * `WorkflowExecute.runNode()` (which picks `execute`, `customOperations` or the
 * declarative RoutingNode) with a real `ExecuteContext`.
 */
export async function runNode(opts: RunOptions): Promise<RunResult> {
	const binaryDataService = await initBinaryDataService(opts.binaryMode ?? 'default');
	const executionId = `harness${++runCounter}`;
	const { workflow, node } = buildWorkflow(opts, structuredClone(opts.parameters));
	const additionalData = makeAdditionalData(opts.credentialsType, opts.credentials ?? {}, executionId, undefined, opts.moreCredentials);

	const input = opts.input ?? [{ json: {} }];
	const executeData: IExecuteData = { node, data: { main: [input] }, source: null };
	const runExecutionData = createRunExecutionData();
	const mode: WorkflowExecuteMode = 'manual';

	let outputs: INodeExecutionData[][] = [];
	let error: Error | undefined;
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
		error = e as Error;
	}

	const items = outputs[0] ?? [];
	return {
		items,
		outputs,
		error,
		async binaries(item: number, prop = 'data') {
			const binary = items[item]?.binary?.[prop];
			if (!binary) throw new ApplicationError(`Output item ${item} has no binary property "${prop}"`);
			// getAsBuffer reads the file for 'filesystem' ids, decodes base64 otherwise.
			return await binaryDataService.getAsBuffer(binary);
		},
	};
}

export interface PollOptions extends Omit<RunOptions, 'input' | 'continueOnFail' | 'abortSignal'> {
	/** The workflow's static data as n8n stored it (JSON), e.g. from an earlier poll; default none. */
	staticData?: IDataObject;
	/** How n8n activated the workflow: 'activate', 'init' (n8n starting), 'update'. Default 'activate'. */
	activation?: WorkflowActivateMode;
}

export interface PollResult {
	/** What poll() returned (null: nothing to emit). */
	data: INodeExecutionData[][] | null;
	error?: Error;
	/** The workflow's static data after the poll, as JSON (what n8n would store). */
	staticData: IDataObject;
	/** n8n's own "static data changed" flag, which decides whether n8n saves it. */
	staticDataChanged: boolean;
}

/**
 * One scheduled poll of an active workflow, as n8n runs it: n8n-core's `TriggersAndPollers.runPoll` with
 * a real `PollContext` in mode 'trigger' (what n8n's ActiveWorkflowManager builds), on a `Workflow`
 * carrying the given static data. A restart of n8n is a new call with the static data it had saved.
 */
export async function runPoll(opts: PollOptions): Promise<PollResult> {
	await initBinaryDataService(opts.binaryMode ?? 'default');
	const { workflow, node } = buildWorkflow(
		opts as RunOptions,
		structuredClone(opts.parameters),
		opts.staticData ? structuredClone(opts.staticData) : undefined,
	);
	const additionalData = makeAdditionalData(opts.credentialsType, opts.credentials ?? {}, `harness${++runCounter}`);
	const context = new PollContext(workflow, node, additionalData, 'trigger', opts.activation ?? 'activate');
	let data: INodeExecutionData[][] | null = null;
	let error: Error | undefined;
	try {
		data = await Container.get(TriggersAndPollers).runPoll(workflow, node, context);
	} catch (e) {
		error = e as Error;
	}
	const raw = workflow.staticData as IDataObject & { __dataChanged?: boolean };
	const staticDataChanged = raw.__dataChanged === true;
	const staticData = JSON.parse(JSON.stringify(raw, (key, value: unknown) => (key.startsWith('__') ? undefined : value))) as IDataObject;
	return { data, error, staticData, staticDataChanged };
}

/**
 * Polls that overlap, as n8n lets them: `count` polls of one active workflow started together on the same
 * `Workflow` (so the same static data object), each with its own PollContext. Results in start order.
 */
export async function runOverlappingPolls(opts: PollOptions, count: number): Promise<{ results: PollResult[]; staticData: IDataObject }> {
	await initBinaryDataService(opts.binaryMode ?? 'default');
	const { workflow, node } = buildWorkflow(
		opts as RunOptions,
		structuredClone(opts.parameters),
		opts.staticData ? structuredClone(opts.staticData) : undefined,
	);
	const poll = async (): Promise<PollResult> => {
		const additionalData = makeAdditionalData(opts.credentialsType, opts.credentials ?? {}, `harness${++runCounter}`);
		const context = new PollContext(workflow, node, additionalData, 'trigger', opts.activation ?? 'activate');
		try {
			return { data: await Container.get(TriggersAndPollers).runPoll(workflow, node, context), staticData: {}, staticDataChanged: false };
		} catch (e) {
			return { data: null, error: e as Error, staticData: {}, staticDataChanged: false };
		}
	};
	const results = await Promise.all(Array.from({ length: count }, poll));
	const raw = workflow.staticData as IDataObject;
	const staticData = JSON.parse(JSON.stringify(raw, (key, value: unknown) => (key.startsWith('__') ? undefined : value))) as IDataObject;
	return { results, staticData };
}

/**
 * Calls `methods.loadOptions[methodName]` with n8n-core's real `LoadOptionsContext`,
 * like n8n's DynamicNodeParametersService (temp workflow with the node, current
 * parameters in `additionalData.currentNodeParameters`).
 */
export async function runLoadOptions(
	opts: RunOptions & { path?: string },
	methodName: string,
): Promise<INodePropertyOptions[]> {
	await initBinaryDataService(opts.binaryMode ?? 'default');
	const { workflow, node } = buildWorkflow(opts, structuredClone(opts.parameters));
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const method = nodeType.methods?.loadOptions?.[methodName];
	if (!method) throw new ApplicationError(`Node has no loadOptions method "${methodName}"`);
	const additionalData = makeAdditionalData(
		opts.credentialsType,
		opts.credentials ?? {},
		`harness${++runCounter}`,
		node.parameters,
	);
	const context = new LoadOptionsContext(workflow, node, additionalData, opts.path ?? `parameters.${methodName}`);
	return await method.call(context);
}

/**
 * Calls `methods.listSearch[methodName]` (a resource locator's "From List") with n8n-core's real
 * `LoadOptionsContext`, as n8n's DynamicNodeParametersService does for `getResourceLocatorResults`.
 */
export async function runListSearch(
	opts: RunOptions & { path?: string },
	methodName: string,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	await initBinaryDataService(opts.binaryMode ?? 'default');
	const { workflow, node } = buildWorkflow(opts, structuredClone(opts.parameters));
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const method = nodeType.methods?.listSearch?.[methodName];
	if (!method) throw new ApplicationError(`Node has no listSearch method "${methodName}"`);
	const additionalData = makeAdditionalData(
		opts.credentialsType,
		opts.credentials ?? {},
		`harness${++runCounter}`,
		node.parameters,
	);
	const context = new LoadOptionsContext(workflow, node, additionalData, opts.path ?? `parameters.${methodName}`);
	return await method.call(context, filter, paginationToken);
}

export interface CredentialTestResult {
	/** n8n's verdict ('OK' → true). */
	ok: boolean;
	/** HTTP status of the test request, when a response was received. */
	status?: number;
	/** n8n's message ('Connection successful!' or the error text). */
	message: string;
}

/**
 * Runs a credential type's declarative `test` the way n8n's CredentialsTester
 * does: a temporary node whose only property routes `test.request`, executed by
 * n8n-core's RoutingNode with a real ExecuteContext, so `baseURL`/`url`
 * expressions (`={{$credentials.baseUrl}}`) are resolved, `authenticate` is
 * applied, and the request is sent by n8n-core's httpRequest. Then n8n's rules:
 * `responseCode` rules on failure, non-2xx = error, `responseSuccessBody` rules on success.
 */
export async function runCredentialTest(
	credentialsType: ICredentialType,
	credentials: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const test = credentialsType.test;
	if (!test) throw new ApplicationError(`Credential type ${credentialsType.name} has no declarative test`);
	await initBinaryDataService('default');

	const data = withCredentialDefaults(credentialsType, structuredClone(credentials));
	let status: number | undefined;
	const tempNodeType: INodeType = {
		description: {
			displayName: 'Credential Test',
			name: 'harnessCredentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialsType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: {
						request: test.request,
						// Harness addition (n8n's tester has none): record the HTTP status of a successful response.
						output: {
							postReceive: [
								async function (items: INodeExecutionData[], response: IN8nHttpFullResponse) {
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
		{ nodeType: tempNodeType, credentialsType, credentials: data, parameters: {} },
		{},
	);
	const additionalData = makeAdditionalData(credentialsType, data, `harness${++runCounter}`);
	const runExecutionData = createRunExecutionData();
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		runExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	const decrypted: ICredentialsDecrypted = {
		id: CREDENTIAL_ID,
		name: 'Test credential',
		type: credentialsType.name,
		data,
	};

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, tempNodeType, decrypted).runNode();
	} catch (e) {
		const err = e as Error & {
			cause?: { response?: { status: number; statusText?: string }; code?: string };
			httpCode?: string | null;
		};
		// n8n's tester reads `error.cause.response`; with n8n-workflow 1.120 the
		// NodeApiError thrown here has `cause` undefined, so fall back to its
		// `httpCode` (set from the axios response status) to still apply the rules.
		const res =
			err.cause?.response ??
			(err.httpCode && /^\d+$/.test(err.httpCode) ? { status: Number(err.httpCode), statusText: err.message } : undefined);
		if (res) {
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && res.status === rule.properties.value) {
					return { ok: false, status: res.status, message: rule.properties.message };
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
			return { ok: false, message: err.cause.code };
		}
		return { ok: false, status: res?.status, message: String(err.message) };
	}

	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response?.[0]?.[0]?.json;
			if (getPath(body, rule.properties.key) === rule.properties.value) {
				return { ok: false, status, message: rule.properties.message };
			}
		}
	}
	return { ok: true, status, message: 'Connection successful!' };
}
