/**
 * The fault-injection matrix: every fault and bad input the suite tries, what the node must do, and the
 * runner that drives the real node (through n8n-core, see test/helpers/harness.js) against the sandbox.
 * Shared by test/faults/faults.test.js (assertions) and scripts/faults.js (the figures table).
 */
import { SelSupCommerceMlApi } from '../../credentials/SelSupCommerceMlApi.credentials';
import { captureConsole, dump, logLines } from './logCapture';

import { SelSupApi } from '../../credentials/SelSupApi.credentials';
import { routes, startsWork } from '../../nodes/SelSup/catalogue';
import { SelSup } from '../../nodes/SelSup/SelSup.node';

import { runNode } from '../helpers/harness';

export const TOKEN = 'sbx-FaultSuite-Tok3n-7f3a9c2e1d';
export const FOREIGN_TOKEN = 'foreign-Tok3n-55aa01';
export const REVOKED_TOKEN = 'revoked-Tok3n-0bad0bad';
export const CML_PASSWORD = 'cml-Pa55word-e1e1e1';

// ---------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------

const FILE_PATH = '/api/export/downloadStocksWb';
const TASK_PATH = '/api/export/stocksFile';
const POLL_PATH = '/api/task/findTask';
const RESULT_PATH = '/files/file';

const fast = { retries: 3, maxRetryWait: 0.05 };
const fileRoute = (options = {}) => ({
	resource: 'stock',
	operation: 'downloadStocksWb',
	orderId: '42',
	options: { ...fast, ...options },
});
const taskRoute = (options = {}) => ({
	resource: 'stock',
	operation: 'stocksFile',
	options: { ...fast, pollInterval: 1, waitTimeout: 10, ...options },
});

const START_PATHS = new Set(routes.filter(startsWork).map((r) => r.path));
const count = (requests, method, path) => requests.filter((r) => r.method === method && r.path === path).length;
const failed = (r) => r.status === null || r.status >= 400 || !!r.cut || !!r.dropped;

/** A fault switched on once the first status check has been answered: "in the middle of polling". */
function midPolling(env, fault) {
	const timer = setInterval(() => {
		if (env.sb.requests.some((r) => r.path === POLL_PATH && r.status === 200)) {
			clearInterval(timer);
			env.sb.setFault(POLL_PATH, fault);
		}
	}, 5);
	timer.unref();
	return () => clearInterval(timer);
}

function pollFaultAfterSuccess(status) {
	return (_env, run) => {
		const polls = run.requests.filter((r) => r.path === POLL_PATH);
		const firstBad = polls.findIndex((r) => r.status === status);
		if (firstBad < 0) return [`no status check was answered ${status}`];
		if (!polls.slice(0, firstBad).some((r) => r.status === 200)) return [`the ${status} came before any good status check`];
		return [];
	};
}

const nockCleanups = [];

// ---------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------

const FAULTS = [
	{
		id: 'retry-after',
		kind: 'fault',
		title: '429 with Retry-After: 1 (file route)',
		parameters: fileRoute({ maxRetryWait: 2 }),
		setup: ({ sb }) => sb.setFault(FILE_PATH, { status: 429, body: { error: 'TOO_MANY_REQUESTS' }, headers: { 'retry-after': '1' }, times: 2 }),
		expect: 'survive',
		retries: 2,
		perItem: { [`GET ${FILE_PATH}`]: 2 },
		check: (_env, run) => {
			const times = run.requests.map((r) => r.time);
			// Both items were answered 429 at once and must each have waited the full second.
			return Math.max(...times) - Math.min(...times) >= 950 ? [] : ['Retry-After: 1 was not waited for'];
		},
	},
	{
		id: 'retry-after-too-long',
		kind: 'fault',
		title: '429 with Retry-After: 120, over Max Retry Wait',
		parameters: fileRoute(),
		setup: ({ sb }) => sb.setFault(FILE_PATH, { status: 429, body: { error: 'TOO_MANY_REQUESTS' }, headers: { 'retry-after': '120' } }),
		expect: 'error',
		message: /limiting the request rate \(stock\/downloadStocksWb, HTTP 429, item \d\)/,
		perItem: { [`GET ${FILE_PATH}`]: 1 },
	},
	...[500, 502, 503].map((status) => ({
		id: `poll-${status}`,
		kind: 'fault',
		title: `${status} twice in the middle of polling (findTask)`,
		parameters: taskRoute(),
		setup: (env) => {
			env.sb.setFault(TASK_PATH, { taskMs: 900 });
			nockCleanups.push(midPolling(env, { status, times: 2 }));
		},
		expect: 'survive',
		retries: 2,
		perItem: { [`POST ${TASK_PATH}`]: 1, [`GET ${RESULT_PATH}`]: 1 },
		check: pollFaultAfterSuccess(status),
	})),
	{
		id: 'poll-reset',
		kind: 'fault',
		title: 'connection reset halfway through a status check answer (findTask), once per item',
		parameters: taskRoute(),
		setup: (env) => {
			env.sb.setFault(TASK_PATH, { taskMs: 900 });
			nockCleanups.push(midPolling(env, { drop: 'after', times: 2 }));
		},
		expect: 'survive',
		retries: 2,
		perItem: { [`POST ${TASK_PATH}`]: 1, [`GET ${RESULT_PATH}`]: 1 },
	},
	{
		id: 'poll-502-persistent',
		kind: 'fault',
		title: '502 on every status check from the middle of polling on: the wait goes on to its Timeout (3 s)',
		parameters: taskRoute({ retries: 2, waitTimeout: 3 }),
		setup: (env) => {
			env.sb.setFault(TASK_PATH, { taskMs: 900 });
			nockCleanups.push(midPolling(env, { status: 502 }));
		},
		expect: 'error',
		message: /could not be checked within 3 s: the last status check failed: .*HTTP 502, item \d\) after 3 attempts/,
		perItem: { [`POST ${TASK_PATH}`]: 1, [`GET ${RESULT_PATH}`]: 0 },
		check: pollFaultAfterSuccess(502),
	},
	{
		id: 'poll-outage',
		kind: 'fault',
		title: "status checks answered 503 for 2.5 s, longer than a check's own retries: the wait goes on, the task is started once",
		parameters: taskRoute({ retries: 1 }),
		setup: (env) => {
			env.sb.setFault(TASK_PATH, { taskMs: 4000 });
			nockCleanups.push(midPolling(env, { status: 503, forMs: 2500 }));
		},
		expect: 'survive',
		perItem: { [`POST ${TASK_PATH}`]: 1, [`GET ${RESULT_PATH}`]: 1 },
		check: (env, run) => {
			const problems = pollFaultAfterSuccess(503)(env, run);
			const polls = run.requests.filter((r) => r.path === POLL_PATH);
			const bad = polls.filter((r) => r.status === 503).length;
			// One check (2 attempts) is not the whole outage: more than one check failed and the wait went on.
			if (bad <= 2 * run.items.length) problems.push(`only ${bad} status checks answered 503: the outage did not outlast a check's retries`);
			return problems;
		},
	},
	{
		id: 'reset-before-get',
		kind: 'fault',
		title: 'connection reset before answering (GET file route), once per item',
		parameters: fileRoute(),
		setup: ({ sb }) => sb.setFault(FILE_PATH, { drop: 'before', times: 2 }),
		expect: 'survive',
		retries: 2,
		perItem: { [`GET ${FILE_PATH}`]: 2 },
	},
	{
		id: 'reset-before-get-persistent',
		kind: 'fault',
		title: 'connection reset before answering (GET file route), every time',
		parameters: fileRoute(),
		setup: ({ sb }) => sb.setFault(FILE_PATH, { drop: 'before' }),
		expect: 'error',
		message: /connection to SelSup at .* broke \(stock\/downloadStocksWb, item \d\) after 4 attempts/,
		perItem: { [`GET ${FILE_PATH}`]: 4 },
	},
	{
		id: 'reset-before-post',
		kind: 'fault',
		title: 'connection reset after the task-starting POST was sent, before the answer',
		parameters: taskRoute(),
		setup: ({ sb }) => sb.setFault(TASK_PATH, { drop: 'before' }),
		expect: 'error',
		message: /broke \(stock\/stocksFile, item \d\)\. SelSup may have received the request and started the work/,
		perItem: { [`POST ${TASK_PATH}`]: 1 },
	},
	{
		id: 'reset-after-get',
		kind: 'fault',
		title: 'connection reset halfway through the answer (GET file route), once per item',
		parameters: fileRoute(),
		setup: ({ sb }) => sb.setFault(FILE_PATH, { drop: 'after', times: 2 }),
		expect: 'survive',
		retries: 2,
		perItem: { [`GET ${FILE_PATH}`]: 2 },
	},
	{
		id: 'reset-after-post',
		kind: 'fault',
		title: 'connection reset halfway through the answer to the task-starting POST',
		parameters: taskRoute(),
		setup: ({ sb }) => sb.setFault(TASK_PATH, { drop: 'after' }),
		expect: 'error',
		message: /\(stock\/stocksFile, item \d\)\. SelSup may have received the request and started the work/,
		perItem: { [`POST ${TASK_PATH}`]: 1 },
	},
	{
		id: 'refused-post',
		kind: 'fault',
		title: 'connection refused on the task-starting POST (never sent), once per item [nock]',
		parameters: taskRoute(),
		setup: ({ sb }) => {
			const nock = require('nock');
			if (!nock.isActive()) nock.activate();
			nock(sb.url, { allowUnmocked: true })
				.post(TASK_PATH)
				.query(true)
				.times(2)
				.replyWithError(Object.assign(new Error(`connect ECONNREFUSED ${sb.url.replace('http://', '')}`), { code: 'ECONNREFUSED' }));
			nockCleanups.push(() => {
				nock.cleanAll();
				nock.restore();
			});
		},
		expect: 'survive',
		retries: 2,
		perItem: { [`POST ${TASK_PATH}`]: 1, [`GET ${RESULT_PATH}`]: 1 },
	},
	{
		id: 'post-503',
		kind: 'fault',
		title: '503 answering the task-starting POST (the export may have started: not repeated)',
		parameters: taskRoute(),
		setup: ({ sb }) => sb.setFault(TASK_PATH, { status: 503, times: 2 }),
		expect: 'error',
		message: /\(stock\/stocksFile, HTTP 503, item \d\)\. Not repeated: SelSup may have started the work/,
		perItem: { [`POST ${TASK_PATH}`]: 1, [`GET ${RESULT_PATH}`]: 0 },
	},
	{
		id: 'post-429',
		kind: 'fault',
		title: '429 answering the task-starting POST (refused outright, so repeated), once per item',
		parameters: taskRoute(),
		setup: ({ sb }) => sb.setFault(TASK_PATH, { status: 429, body: { error: 'TOO_MANY_REQUESTS' }, times: 2 }),
		expect: 'survive',
		retries: 2,
		perItem: { [`POST ${TASK_PATH}`]: 2, [`GET ${RESULT_PATH}`]: 1 },
	},
	{
		id: 'post-504',
		kind: 'fault',
		title: '504 answering the task-starting POST (may be running: not repeated)',
		parameters: taskRoute(),
		setup: ({ sb }) => sb.setFault(TASK_PATH, { status: 504 }),
		expect: 'error',
		message: /\(stock\/stocksFile, HTTP 504, item \d\)\. Not repeated: SelSup may have started the work/,
		perItem: { [`POST ${TASK_PATH}`]: 1 },
	},
	{
		id: 'slow',
		kind: 'fault',
		title: 'answer slower than the request timeout (1 s), once per item',
		parameters: fileRoute({ requestTimeout: 1 }),
		setup: ({ sb }) => sb.setFault(FILE_PATH, { delayMs: 2500, times: 2 }),
		expect: 'survive',
		retries: 2,
		perItem: { [`GET ${FILE_PATH}`]: 2 },
	},
	{
		id: 'slow-persistent',
		kind: 'fault',
		title: 'answer slower than the request timeout (1 s), every time',
		parameters: fileRoute({ requestTimeout: 1, retries: 1 }),
		setup: ({ sb }) => sb.setFault(FILE_PATH, { delayMs: 2000 }),
		expect: 'error',
		message: /did not answer in time \(stock\/downloadStocksWb, item \d\) after 2 attempts/,
		perItem: { [`GET ${FILE_PATH}`]: 2 },
	},
	{
		id: 'truncated',
		kind: 'fault',
		title: 'truncated download (100 bytes of a longer Content-Length), once per item',
		parameters: fileRoute(),
		setup: ({ sb }) => sb.setFault(FILE_PATH, { truncate: 100, times: 2 }),
		expect: 'survive',
		retries: 2,
		perItem: { [`GET ${FILE_PATH}`]: 2 },
	},
	{
		id: 'truncated-persistent',
		kind: 'fault',
		title: 'truncated download, every time',
		parameters: fileRoute({ retries: 1 }),
		setup: ({ sb }) => sb.setFault(FILE_PATH, { truncate: 100 }),
		expect: 'error',
		message: /(cut short|broke off).*\(stock\/downloadStocksWb, HTTP 200, item \d\)/,
		perItem: { [`GET ${FILE_PATH}`]: 2 },
	},
	{
		id: 'truncated-result',
		kind: 'fault',
		title: 'truncated task result download, once per item',
		parameters: taskRoute(),
		setup: ({ sb }) => sb.setFault(RESULT_PATH, { truncate: 200, times: 2 }),
		expect: 'survive',
		retries: 2,
		perItem: { [`POST ${TASK_PATH}`]: 1, [`GET ${RESULT_PATH}`]: 2 },
	},
	{
		id: 'html',
		kind: 'fault',
		title: 'HTML error page (200, text/html) instead of the file',
		parameters: fileRoute(),
		setup: ({ sb }) => sb.setFault(FILE_PATH, { html: true }),
		expect: 'error',
		message: /web page instead of the file \(stock\/downloadStocksWb, HTTP 200, item \d\)/,
		perItem: { [`GET ${FILE_PATH}`]: 1 },
	},
	{
		id: 'html-poll',
		kind: 'fault',
		title: 'HTML error page (502 from a proxy) answering every status check: the wait ends at its Timeout (3 s)',
		parameters: taskRoute({ retries: 1, waitTimeout: 3 }),
		setup: ({ sb }) => sb.setFault(POLL_PATH, { html: true, status: 502 }),
		expect: 'error',
		message: /could not be checked within 3 s: the last status check failed: .*HTTP 502, item \d\) after 2 attempts/,
		perItem: { [`POST ${TASK_PATH}`]: 1, [`GET ${RESULT_PATH}`]: 0 },
		check: (_env, run) => {
			// Checks at 0.5, 1, 2 and 3 s (the Timeout), two attempts each: never more than the schedule's slots.
			const polls = run.requests.filter((r) => r.path === POLL_PATH).length / run.items.length;
			return polls >= 4 && polls <= 10 ? [] : [`${polls} status-check requests per item, expected 4 to 10`];
		},
	},
	{
		id: 'empty',
		kind: 'fault',
		title: 'empty 200 body on a file route',
		parameters: fileRoute(),
		setup: ({ sb }) => sb.setFault(FILE_PATH, { empty: true }),
		expect: 'error',
		message: /empty file \(stock\/downloadStocksWb, HTTP 200, item \d\)/,
		perItem: { [`GET ${FILE_PATH}`]: 1 },
	},
	{
		id: 'stuck-fail',
		kind: 'fault',
		title: 'task stuck in RUNNING, On Timeout = Fail (wait timeout 1 s)',
		parameters: taskRoute({ waitTimeout: 1 }),
		setup: ({ sb }) => sb.setFault(TASK_PATH, { taskStuck: true, taskMs: 200 }),
		expect: 'error',
		message: /task \d+ did not finish within 1 s \(status Running/,
		perItem: { [`POST ${TASK_PATH}`]: 1, [`POST /api/task/cancelTask`]: 0, [`GET ${RESULT_PATH}`]: 0 },
		check: (_env, run) => (run.ms < 3500 ? [] : [`took ${run.ms} ms, not about the 1 s wait timeout`]),
	},
	{
		id: 'stuck-return',
		kind: 'fault',
		title: 'task stuck in RUNNING, On Timeout = Return the Task',
		parameters: taskRoute({ waitTimeout: 1, onTimeout: 'returnTask' }),
		setup: ({ sb }) => sb.setFault(TASK_PATH, { taskStuck: true, taskMs: 200 }),
		expect: 'handled',
		perItem: { [`POST ${TASK_PATH}`]: 1, [`POST /api/task/cancelTask`]: 0, [`GET ${RESULT_PATH}`]: 0 },
		check: (_env, run) =>
			run.items.every((i) => i.json.timedOut === true && i.json.task?.status === 'RUNNING' && !i.binary)
				? []
				: ['items are not the timed-out RUNNING task'],
	},
	{
		id: 'stuck-cancel',
		kind: 'fault',
		title: 'task stuck in RUNNING, On Timeout = Cancel the Task',
		parameters: taskRoute({ waitTimeout: 1, onTimeout: 'cancelTask' }),
		setup: ({ sb }) => sb.setFault(TASK_PATH, { taskStuck: true, taskMs: 200 }),
		expect: 'handled',
		perItem: { [`POST ${TASK_PATH}`]: 1, [`POST /api/task/cancelTask`]: 1, [`GET ${RESULT_PATH}`]: 0 },
		check: (_env, run) =>
			run.items.every((i) => i.json.cancelled === true && i.json.task?.status === 'STOPPED') ? [] : ['items are not the cancelled (STOPPED) task'],
	},
	...['ERROR', 'EXCEPTION', 'INTERRUPTED', 'STOPPED'].map((status) => ({
		id: `task-${status.toLowerCase()}`,
		kind: 'fault',
		title: `task ends with status ${status}`,
		parameters: taskRoute(),
		setup: ({ sb }) => sb.setFault(TASK_PATH, { taskStatus: status, taskMessage: `Выгрузка не удалась (${status})`, taskMs: 300 }),
		expect: 'error',
		// The message names the status by its label (Error), SelSup's own text keeps the code.
		message: new RegExp(`task \\d+ ended with status ${status.charAt(0) + status.slice(1).toLowerCase()}: Выгрузка не удалась \\(${status}\\)`),
		perItem: { [`POST ${TASK_PATH}`]: 1, [`GET ${RESULT_PATH}`]: 0 },
	})),
	{
		id: 'result-404',
		kind: 'fault',
		title: 'result url answering 404',
		parameters: taskRoute(),
		setup: ({ sb }) => sb.setFault(TASK_PATH, { resultPath: 'tasks/9999/missing.xlsx', taskMs: 300 }),
		expect: 'error',
		message: /SelSup found no such object or file \(task \d+ result, HTTP 404, item \d\): Файл не найден/,
		perItem: { [`POST ${TASK_PATH}`]: 1, [`GET ${RESULT_PATH}`]: 1 },
	},
	{
		id: 'result-foreign-host',
		kind: 'fault',
		title: 'result url on another host (second sandbox, other port and token)',
		parameters: taskRoute(),
		setup: ({ sb, foreign }) => sb.setFault(TASK_PATH, { resultUrl: `${foreign.url}/files/view?path=big/1MB.zip`, taskMs: 300 }),
		expect: 'handled',
		perItem: { [`POST ${TASK_PATH}`]: 1, [`GET ${RESULT_PATH}`]: 0 },
		check: (_env, run) => {
			const problems = [];
			if (run.foreignRequests.length !== run.items.length) problems.push(`${run.foreignRequests.length} requests to the other host`);
			for (const r of run.foreignRequests) {
				if (r.headers.authorization !== undefined) problems.push('the Authorization header went to the other host');
				if (JSON.stringify(r).includes(TOKEN)) problems.push('the token reached the other host');
			}
			if (!run.items.every((i) => i.json.fileSize === 1024 * 1024 && i.binary?.data)) problems.push('the 1 MiB file did not arrive');
			return problems;
		},
	},
	{
		id: 'result-ftp',
		kind: 'fault',
		title: 'result url with ftp:// scheme',
		parameters: taskRoute(),
		setup: ({ sb }) => sb.setFault(TASK_PATH, { resultUrl: 'ftp://files.example.com/export.xlsx', taskMs: 300 }),
		expect: 'error',
		message: /Refusing to fetch a ftp link: only http and https are allowed \(task \d+ result\)/,
		perItem: { [`POST ${TASK_PATH}`]: 1, [`GET ${RESULT_PATH}`]: 0 },
	},
	{
		id: 'revoked-token',
		kind: 'fault',
		title: '403 on a revoked token',
		parameters: fileRoute(),
		credentials: () => ({ apiToken: REVOKED_TOKEN }),
		expect: 'error',
		message: /SelSup rejected the API token \(stock\/downloadStocksWb, HTTP 403, item \d\)/,
		perItem: { [`GET ${FILE_PATH}`]: 1 },
	},
	{
		id: 'revoked-token-echo',
		kind: 'fault',
		title: '403 whose message echoes the token',
		parameters: fileRoute(),
		setup: ({ sb }) => sb.setFault(FILE_PATH, { status: 403, body: { error: 'FORBIDDEN', localMessage: `Токен ${TOKEN} отозван` } }),
		expect: 'error',
		message: /SelSup rejected the API token \(stock\/downloadStocksWb, HTTP 403, item \d\)/,
		perItem: { [`GET ${FILE_PATH}`]: 1 },
		check: (_env, run) =>
			run.items.every((i) => String(i.json.description).includes('Токен *** отозван'))
				? []
				: ["SelSup's message is not in the description, scrubbed"],
	},
	{
		id: 'revoked-token-task',
		kind: 'fault',
		title: '403 on a revoked token (task-starting POST)',
		parameters: taskRoute(),
		credentials: () => ({ apiToken: REVOKED_TOKEN }),
		expect: 'error',
		message: /SelSup rejected the API token \(stock\/stocksFile, HTTP 403, item \d\)/,
		perItem: { [`POST ${TASK_PATH}`]: 1 },
	},
	{
		id: 'commerceml-echo',
		kind: 'fault',
		title: 'SelSup echoes the CommerceML password in its 400 error message',
		parameters: { resource: 'integration', operation: 'checkCommerceMlAuth', url: 'https://shop.example.ru/1c_exchange.php', options: fast },
		commerceMl: { login: 'admin', password: CML_PASSWORD },
		secrets: [CML_PASSWORD],
		setup: ({ sb }) =>
			sb.setFault('/api/export/checkCommerceMlAuth', {
				status: 400,
				body: { error: 'INVALID_PARAMETER', localMessage: `Неверный пароль ${CML_PASSWORD}` },
			}),
		expect: 'error',
		message: /SelSup refused the request \(integration\/checkCommerceMlAuth, HTTP 400, item \d\): Неверный пароль \*\*\*/,
		perItem: { ['POST /api/export/checkCommerceMlAuth']: 1 },
	},
	{
		id: 'commerceml-reset',
		kind: 'fault',
		title: 'connection reset on the CommerceML check (password in the query), once per item',
		parameters: { resource: 'integration', operation: 'checkCommerceMlAuth', url: 'https://shop.example.ru/1c_exchange.php', options: fast },
		commerceMl: { login: 'admin', password: CML_PASSWORD },
		secrets: [CML_PASSWORD],
		setup: ({ sb }) => sb.setFault('/api/export/checkCommerceMlAuth', { drop: 'before', times: 2 }),
		expect: 'survive',
		retries: 2,
		perItem: { ['POST /api/export/checkCommerceMlAuth']: 2 },
		check: (_env, run) => (run.items.every((i) => i.json.result === true) ? [] : ['the check did not answer true']),
	},
];

const bad = (id, title, parameters, message, extra = {}) => ({
	id,
	kind: 'badInput',
	title,
	parameters,
	expect: 'error',
	message,
	...extra,
});
const wbStocks = (orderId) => ({ resource: 'stock', operation: 'downloadStocksWb', orderId });
const orderProducts = (additionalFields) => ({ resource: 'order', operation: 'getOrderProduct', additionalFields });

const BAD_INPUTS = [
	bad(
		'id-missing',
		'ID missing (parameter not set)',
		{ resource: 'stock', operation: 'downloadStocksWb' },
		/Order ID \(orderId\) is required but empty/,
	),
	bad('id-empty', 'ID empty (spaces)', wbStocks('   '), /Order ID \(orderId\) is required but empty/),
	bad('id-negative', 'ID negative', wbStocks('-5'), /Order ID \(orderId\) must be an ID above zero/),
	bad('id-zero', 'ID zero', wbStocks('0'), /Order ID \(orderId\) must be an ID above zero/),
	bad('id-text', 'ID not numeric', wbStocks('abc'), /Order ID \(orderId\) must be a whole number, but got "abc"/),
	bad('id-fraction', 'ID with a fraction', wbStocks('4.5'), /Order ID \(orderId\) must be a whole number/),
	bad('id-huge', 'ID huge (20 digits)', wbStocks('99999999999999999999'), /Order ID \(orderId\) is too large/),
	bad(
		'id-array-expr',
		'expression yielding an array where a number is expected',
		wbStocks('={{ [1,2] }}'),
		/Order ID \(orderId\) must be a single value, but got a list/,
	),
	bad(
		'id-object-expr',
		'expression yielding an object where a number is expected',
		wbStocks('={{ {a:1} }}'),
		/Order ID \(orderId\) must be a single value, but got an object/,
	),
	bad(
		'task-id-missing',
		'task ID empty (Task → Get)',
		{ resource: 'task', operation: 'get', taskId: '' },
		/Task ID \(taskId\) is required but empty/,
	),
	bad(
		'enum-unknown',
		'unknown enum value (service MARS_MARKET)',
		{ resource: 'stock', operation: 'stocks', organizationId: '11', service: 'MARS_MARKET' },
		/Service \(service\) has the unknown value "MARS_MARKET"/,
	),
	bad(
		'enum-unknown-optional',
		'unknown enum value in additional fields (type)',
		orderProducts({ type: 'TELEPORT' }),
		/Type \(type\) has the unknown value "TELEPORT"/,
	),
	bad('date-impossible', 'malformed date (2024-13-45)', orderProducts({ dateFrom: '2024-13-45' }), /Ordered From \(dateFrom\) is not a valid date/),
	bad('date-words', 'malformed date ("yesterday")', orderProducts({ dateFrom: 'yesterday' }), /Ordered From \(dateFrom\) is not a valid date/),
	bad(
		'date-feb30',
		'malformed date (2024-02-30T10:00)',
		orderProducts({ dateTo: '2024-02-30T10:00' }),
		/Ordered Until \(dateTo\) is not a valid date/,
	),
	bad(
		'filter-json-invalid',
		'invalid raw JSON filter',
		{ resource: 'product', operation: 'getProductsFile', filterInput: 'json', filterJson: '{"query": ' },
		/Filter JSON \(filterJson\) is not valid JSON/i,
	),
	bad(
		'filter-json-array',
		'raw JSON filter that is a list',
		{ resource: 'product', operation: 'getProductsFile', filterInput: 'json', filterJson: '[1, 2]' },
		/Filter JSON \(filterJson\) must be a JSON object/i,
	),
	bad(
		'filter-json-field-type',
		'raw JSON filter field of the wrong type ({"limit": "many"})',
		{ resource: 'product', operation: 'getProductsFile', filterInput: 'json', filterJson: '{"limit": "many"}' },
		/Limit \(limit\) must be a whole number/,
	),
	bad(
		'filter-field-type',
		'filter field of the wrong type (planDays: "abc")',
		{ resource: 'product', operation: 'getProductsFile', filterInput: 'fields', filters: { planDays: 'abc' } },
		/Planning Days \(planDays\) must be a whole number/,
	),
	bad(
		'base-url-no-scheme',
		'base URL without scheme (api.selsup.ru)',
		wbStocks('42'),
		/base URL "api\.selsup\.ru" in the SelSup API credential is not an http\(s\) address/,
		{
			credentials: () => ({ baseUrl: 'api.selsup.ru' }),
		},
	),
	bad('base-url-ftp', 'base URL with ftp:// scheme', wbStocks('42'), /base URL "ftp:\/\/api\.selsup\.ru" .* is not an http\(s\) address/, {
		credentials: () => ({ baseUrl: 'ftp://api.selsup.ru' }),
	}),
	bad('token-empty', 'empty API token', wbStocks('42'), /credential has no API token/, { credentials: () => ({ apiToken: '  ' }) }),
	bad(
		'poll-zero',
		'poll interval 0',
		{ ...taskRoute({ pollInterval: 0 }) },
		/Poll Interval \(Seconds\) \(pollInterval\) must be a number of at least 1, but got 0/,
	),
	bad(
		'poll-negative',
		'poll interval -1',
		{ ...taskRoute({ pollInterval: -1 }) },
		/Poll Interval \(Seconds\) \(pollInterval\) must be a number of at least 1/,
	),
	bad(
		'poll-10ms-expression',
		'poll interval 0.01 from an expression',
		{ ...taskRoute({ pollInterval: '={{ 0.01 }}' }) },
		/Poll Interval \(Seconds\) \(pollInterval\) must be a number of at least 1, but got 0\.01/,
	),
	bad('timeout-zero', 'wait timeout 0', { ...taskRoute({ waitTimeout: 0 }) }, /Timeout \(Seconds\) \(waitTimeout\) must be a number from 1 to 3600/),
	bad(
		'timeout-negative',
		'wait timeout -5',
		{ ...taskRoute({ waitTimeout: -5 }) },
		/Timeout \(Seconds\) \(waitTimeout\) must be a number from 1 to 3600/,
	),
	bad(
		'request-timeout-zero',
		'request timeout 0',
		fileRoute({ requestTimeout: 0 }),
		/Request Timeout \(Seconds\) \(requestTimeout\) must be a number of at least 1/,
	),
	bad('retries-negative', 'retries -1', fileRoute({ retries: -1 }), /Retries \(retries\) must be a whole number from 0 to 10/),
	bad('retries-11', 'retries 11', fileRoute({ retries: 11 }), /Retries \(retries\) must be a whole number from 0 to 10, but got 11/),
	bad(
		'concurrency-21',
		'concurrency 21 from an expression',
		fileRoute({ concurrency: '={{ 21 }}' }),
		/Concurrency \(concurrency\) must be 0 \(adaptive\) or a whole number from 1 to 20, but got 21/,
	),
	bad(
		'concurrency-text',
		'concurrency "abc"',
		fileRoute({ concurrency: 'abc' }),
		/Concurrency \(concurrency\) must be 0 \(adaptive\) or a whole number from 1 to 20, but got "abc"/,
	),
	bad(
		'on-timeout-unknown',
		'unknown On Timeout value',
		{ ...taskRoute({ onTimeout: 'explode' }) },
		/On Timeout \(onTimeout\) has the unknown value "explode"/,
	),
];

export const scenarios = [...FAULTS, ...BAD_INPUTS];

// ---------------------------------------------------------------------------
// Runner
// ---------------------------------------------------------------------------

/** Every place the token could leak from one run: items (JSON and binary metadata), the error in all its parts. */
/**
 * A node error carries the node (`error.node.parameters`): the workflow's own settings, where a
 * CommerceML password typed into the node already is. That copy is not a leak; everything else is searched.
 */
const NOT_SEARCHED = new Set(['node']);
function leaksIn(secrets, what) {
	const text = dump(what, NOT_SEARCHED);
	return secrets.reduce(
		(n, secret) =>
			n + text.split(secret).length - 1 + (text.split(encodeURIComponent(secret)).length - 1) * Number(encodeURIComponent(secret) !== secret),
		0,
	);
}

function secretsOf(sc, env) {
	return [sc.credentials?.(env).apiToken?.trim() || TOKEN, ...(sc.secrets ?? [])];
}

async function once(sc, env, continueOnFail) {
	env.sb.reset();
	env.foreign.reset();
	await sc.setup?.(env);
	const n = sc.items ?? (sc.kind === 'fault' ? 2 : 1);
	const input = Array.from({ length: n }, (_, i) => ({ json: { item: i } }));
	const logStart = logLines.length;
	const restoreConsole = captureConsole();
	const t0 = Date.now();
	let result;
	try {
		result = await runNode({
			nodeType: new SelSup(),
			credentialsType: new SelSupApi(),
			credentials: { apiToken: TOKEN, baseUrl: env.sb.url, ...sc.credentials?.(env) },
			parameters: sc.parameters,
			input,
			continueOnFail,
			moreCredentials: sc.commerceMl ? [{ type: new SelSupCommerceMlApi(), data: sc.commerceMl }] : [],
		});
	} finally {
		restoreConsole();
		while (nockCleanups.length) nockCleanups.pop()();
		await sc.teardown?.(env);
		env.sb.clearFaults();
	}
	const ms = Date.now() - t0;
	// Let late answers (a delayed fault the client gave up on) land in the log before it is read.
	await new Promise((r) => setTimeout(r, 20));
	return {
		n,
		result,
		ms,
		requests: [...env.sb.requests],
		foreignRequests: [...env.foreign.requests],
		logs: logLines.slice(logStart),
	};
}

/** Runs one scenario: faults with continue-on-fail (one output item per input item), then, if they fail, once more without it to see the thrown error. */
export async function runScenario(sc, env) {
	const token = secretsOf(sc, env);
	const problems = [];
	const first = await once(sc, env, sc.kind === 'fault');
	const { result, requests, foreignRequests, n } = first;
	let ms = first.ms;
	const items = result.items;
	let tokenLeaks = leaksIn(token, items) + leaksIn(token, result.error) + leaksIn(token, first.logs);

	const startRequests = requests.filter((r) => START_PATHS.has(r.path)).length;
	// The sandbox creates a task when it answers a task route 200 (even if the answer is then cut).
	const tasksCreated = requests.filter((r) => START_PATHS.has(r.path) && r.status === 200).length;
	const duplicateTasks = Math.max(0, tasksCreated - n);

	let message = '';
	let outcome;
	if (sc.kind === 'fault') {
		const errored = items.filter((i) => i.json.error !== undefined);
		outcome = errored.length ? 'error' : 'ok';
		message = String(errored[0]?.json.error ?? '');
		if (result.error) problems.push(`threw despite continue-on-fail: ${result.error.message}`);
		if (items.length !== n) problems.push(`${n} items in, ${items.length} out`);
		items.forEach((item, i) => {
			const paired = item.pairedItem;
			if (paired?.item !== i) problems.push(`output ${i} is paired to ${JSON.stringify(item.pairedItem)}`);
		});
		if (outcome === 'error') {
			if (errored.length !== n) problems.push(`${errored.length} of ${n} items failed`);
			for (const e of errored) {
				const j = e.json;
				if (j.itemIndex === undefined || !j.resource || !j.operation) problems.push(`error item lacks item/route: ${dump(j)}`);
			}
		}
	} else {
		outcome = result.error ? 'error' : 'ok';
		message = result.error?.message ?? '';
		if (!/\[item 0\]|item 0/.test(message) && !/credential/.test(message)) problems.push(`message does not name the item: ${message}`);
	}

	// A failing fault: once more without continue-on-fail, for the error n8n would show and store.
	let thrown = sc.kind === 'badInput' ? result.error : undefined;
	if (sc.kind === 'fault' && outcome === 'error') {
		const second = await once(sc, env, false);
		ms += second.ms;
		thrown = second.result.error;
		tokenLeaks += leaksIn(token, second.result.items) + leaksIn(token, thrown) + leaksIn(token, second.logs);
		if (!thrown) problems.push('did not throw without continue-on-fail');
		else if (sc.message && !sc.message.test(thrown.message)) problems.push(`thrown message ${JSON.stringify(thrown.message)} !~ ${sc.message}`);
	}

	const wanted = sc.expect === 'error' ? 'error' : 'ok';
	if (outcome !== wanted) problems.push(`expected ${sc.expect}, got ${outcome}${message ? `: ${message}` : ''}`);
	if (outcome === 'error' && sc.message && !sc.message.test(message)) problems.push(`message ${JSON.stringify(message)} !~ ${sc.message}`);
	for (const [key, perItem] of Object.entries(sc.perItem ?? {})) {
		const [method, path] = key.split(' ');
		const seen = count(requests, method, path);
		if (seen !== perItem * n) problems.push(`${key}: ${seen} requests, expected ${perItem * n}`);
	}
	const retries = sc.id.startsWith('slow')
		? Math.max(0, count(requests, 'GET', FILE_PATH) - n)
		: sc.id === 'refused-post'
			? n // each item's first POST was refused before reaching the sandbox (nock)
			: requests.filter(failed).length;
	if (sc.retries !== undefined && outcome === 'ok' && retries !== sc.retries) problems.push(`${retries} retries, expected ${sc.retries}`);
	if (sc.kind === 'badInput' && (requests.length || foreignRequests.length))
		problems.push(`${requests.length + foreignRequests.length} requests were sent`);
	if (duplicateTasks) problems.push(`${duplicateTasks} duplicate tasks started`);
	if (tokenLeaks) problems.push(`token found ${tokenLeaks} times in output, error or logs`);
	problems.push(...(sc.check?.(env, { items, requests, foreignRequests, ms: first.ms }) ?? []));

	const survivedByRetry = sc.kind === 'fault' && outcome === 'ok' && retries > 0;
	const handledAsConfigured = sc.kind === 'fault' && sc.expect === 'handled' && outcome === 'ok' && retries === 0;
	const clearError = outcome === 'error' && !!sc.message && sc.message.test(message) && (!thrown || sc.message.test(thrown.message));
	const did =
		outcome === 'ok'
			? retries > 0
				? `succeeded after ${retries} retr${retries === 1 ? 'y' : 'ies'}`
				: `succeeded (${sc.expect === 'handled' ? 'as configured' : 'no retry'})`
			: `failed: ${message}`;
	return {
		id: sc.id,
		kind: sc.kind,
		title: sc.title,
		expected: sc.expect,
		did,
		ok: problems.length === 0,
		message,
		retries,
		itemsIn: n,
		itemsOut: sc.kind === 'fault' ? items.length : 0,
		startRequests,
		tasksCreated,
		duplicateTasks,
		tokenLeaks,
		requestsSeen: requests.length + foreignRequests.length,
		refusedBeforeRequest: sc.kind === 'badInput' && outcome === 'error' && requests.length + foreignRequests.length === 0,
		clearError,
		survivedByRetry,
		handledAsConfigured,
		problems,
		ms,
	};
}

export function figures(outcomes) {
	const faults = outcomes.filter((o) => o.kind === 'fault');
	const bads = outcomes.filter((o) => o.kind === 'badInput');
	const sum = (list, f) => list.reduce((s, o) => s + f(o), 0);
	return {
		faultsTried: faults.length,
		survivedByRetry: faults.filter((o) => o.survivedByRetry).length,
		clearErrors: faults.filter((o) => o.clearError).length,
		handledAsConfigured: faults.filter((o) => o.handledAsConfigured).length,
		itemsIn: sum(faults, (o) => o.itemsIn),
		itemsOut: sum(faults, (o) => o.itemsOut),
		duplicateTasks: sum(outcomes, (o) => o.duplicateTasks),
		tokenLeaks: sum(outcomes, (o) => o.tokenLeaks),
		badInputsTried: bads.length,
		refusedBeforeRequest: bads.filter((o) => o.refusedBeforeRequest).length,
	};
}
