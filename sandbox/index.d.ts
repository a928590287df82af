/** Type declarations for the SelSup sandbox (sandbox/index.js), so TypeScript tests can import it. */

export interface SandboxOptions {
	/** Default 0 (any free port). The CLI defaults to 8787. */
	port?: number;
	/** Default '127.0.0.1'. */
	host?: string;
	/** Expected `Authorization` header value, raw (no `Bearer`). Default 'sandbox-token'. */
	token?: string;
	/** Time a task takes from CREATED to its final status. Default 3000. */
	taskDurationMs?: number;
	/** Finished tasks' `url` as `http://host:port/files/file?path=…` instead of a path. Default false. */
	absoluteUrls?: boolean;
	/**
	 * How task dates are written: 'iso' (default, `2023-06-06T17:55:24.000Z`), 'zoned' (Java ZonedDateTime,
	 * `2023-06-06T17:55:24Z[UTC]`), 'moscow' (`2023-06-06T20:55:24.000+03:00[Europe/Moscow]`), 'epoch' (ms, a number).
	 */
	dateFormat?: 'iso' | 'zoned' | 'moscow' | 'epoch' | 'local' | 'epochSeconds' | 'dotted';
	/**
	 * The supply and photo-session lists (no sort values in SelSup's OpenAPI) refuse any `sortBy` with 400
	 * INVALID_PARAMETER; the order list sorts as before. Default false. CLI `--strict-sorts`, env SANDBOX_STRICT_SORTS=1.
	 */
	strictSorts?: boolean;
}

export type TaskStatus =
	| 'CREATED'
	| 'RUNNING'
	| 'FINISHED'
	| 'ERROR'
	| 'RESTARTING'
	| 'INTERRUPTING'
	| 'INTERRUPTED'
	| 'STOPPED'
	| 'EXCEPTION';

export interface SandboxFault {
	/** Answer with this status (and `body`, default a SelSup-shaped error) instead of the route. */
	status?: number;
	/** Object → JSON; string → sent as is. Without `status`, sent with 200. */
	body?: unknown;
	/** Added to the response (fault or normal), e.g. `{ 'retry-after': '1' }`. */
	headers?: Record<string, string>;
	/** How many matching requests the fault applies to; then it is removed. Default: unlimited. */
	times?: number;
	/** Let this many matching requests through untouched before the fault applies. Default 0. */
	skip?: number;
	/** An outage window: the fault applies for this long after it is set (by setFault or POST /__sandbox/faults), then is removed. */
	forMs?: number;
	/** Wait before answering. */
	delayMs?: number;
	/** 'before': destroy the socket without answering; 'after': send headers and half the body, then close. */
	drop?: 'before' | 'after';
	/** Announce the full Content-Length but send only this many body bytes, then close. */
	truncate?: number;
	/** 200 (or `status`) text/html nginx error page. */
	html?: boolean;
	/** 200 (or `status`) with an empty body. */
	empty?: boolean;
	/** Task routes: the task ends with this status at its duration. */
	taskStatus?: 'ERROR' | 'EXCEPTION' | 'INTERRUPTED' | 'STOPPED';
	/** Task routes: the failed task's `message`. */
	taskMessage?: string;
	/** Task routes: the task stays RUNNING forever. */
	taskStuck?: boolean;
	/** Task routes: this route's task duration. */
	taskMs?: number;
	/** Task routes: the finished task's `url`, verbatim (e.g. 'http://other-host.invalid/x.xlsx', 'ftp://…'). */
	resultUrl?: string;
	/** Task routes: the finished task's url points at `/files/file?path=<resultPath>` (e.g. 'big/50MB.zip'). */
	resultPath?: string;
}

export interface SandboxRequest {
	method: string;
	path: string;
	/** key → every value, in order (`ids=1&ids=2` → `{ ids: ['1', '2'] }`). */
	query: Record<string, string[]>;
	/** Lower-cased names; `authorization` as received. */
	headers: Record<string, string | string[] | undefined>;
	body: string | null;
	/** null while the answer is pending, or when the connection was dropped before answering. */
	status: number | null;
	/** Body bytes written (set when the response closes). */
	bytesSent: number;
	/** sha256 (hex) of the full response body; null for streamed big files. */
	sha256: string | null;
	/** Arrival, epoch milliseconds. */
	time: number;
	durationMs?: number;
	/** The connection was dropped before answering (`drop: 'before'`). */
	dropped?: boolean;
	/** Content-Type and Content-Disposition sent (null when absent). */
	contentType?: string | null;
	disposition?: string | null;
	/** The fault came from the seeded chaos of `load`. */
	chaos?: boolean;
	/** The body was cut short (`truncate` / `drop: 'after'`). */
	cut?: boolean;
}

export interface ExpectedFile {
	buffer: Buffer;
	/** null when the route sends no Content-Disposition. */
	fileName: string | null;
	contentType: string;
}

export interface TmsTask {
	id: number;
	status: TaskStatus;
	type: string;
	name: string;
	progress: number;
	processedQuantity: number;
	message: string | null;
	url: string | null;
	/** Path of a FINISHED task's result in storage (`/files/file?path=<file>`). */
	file: string | null;
	createdDate: string | number;
	startDate: string | number | null;
	finishDate: string | number | null;
	organizationId: number;
	[field: string]: unknown;
}

export interface ChaosSettings {
	/** Same seed, same calls faulted, whatever the order of arrival. */
	seed?: string | number;
	/** Share (0–1) of calls whose first arrival gets a fault. */
	share: number;
	/** Retry-After of the 429s, seconds. Default 1. */
	retryAfterSec?: number;
	/** Default all: 429 on any call, 503 on downloads and polls, a connection reset on polls. */
	kinds?: Array<'429' | '503' | 'reset'>;
}

export interface LoadSummary {
	settings: { latencyMs: number; chaos: Required<ChaosSettings> | null; maxInFlight: number | null };
	/** Requests refused with 429 because maxInFlight were being answered. */
	throttled: number;
	/** The most API requests answered at once. */
	peakInFlight: number;
	injected: { '429': number; '503': number; reset: number; total: number };
	injectedCalls: Array<{ kind: '429' | '503' | 'reset'; call: string }>;
	tasksStarted: number;
	/** Distinct calls (method, path, query, body) that created a task. */
	callsThatStartedTasks: number;
	/** Calls that created more than one task. */
	duplicates: Array<{ call: string; taskIds: number[] }>;
}

export interface LoadControls {
	/** latencyMs: added to every API request; chaos: seeded faults (null stops them); maxInFlight: 429 beyond that many at once. */
	configure(patch: { latencyMs?: number; chaos?: ChaosSettings | null; maxInFlight?: number | null }): LoadSummary['settings'];
	summary(): LoadSummary;
	reset(): void;
}

export interface ServedBody {
	method: string;
	path: string;
	query: Record<string, string[]>;
	sha256: string;
	bytes: number;
	contentType: string | null;
	disposition: string | null;
	time: number;
}

/** A task "started in the SelSup cabinet" (or by a marketplace sync), for the task list and the trigger. */
export interface TaskSpec {
	/** TmsTask type, e.g. 'WILDBERRIES_CARD_UPDATE'. Default 'STOCKS_UPDATE'. */
	type?: string;
	/** Default 11. */
	organizationId?: number;
	entityId?: number;
	/** Started by the API user (findTask own=true). Default false. */
	own?: boolean;
	name?: string;
	/** Created this long ago (default 0: now). */
	createdAgoMs?: number;
	/** Ends this long after its creation (default: the sandbox's task duration). */
	durationMs?: number;
	/** How it ends. Default FINISHED. */
	status?: 'FINISHED' | 'ERROR' | 'EXCEPTION' | 'INTERRUPTED' | 'STOPPED';
	/** A failed task's message (default: SelSup's generic one for the status). */
	message?: string;
	/** Runs until finishTask() (or POST /__sandbox/tasks/<id>/finish) ends it. */
	stuck?: boolean;
	/** How a FINISHED task points at its result: 'url' (default, url and file) or 'file' (file only, url null). */
	resultAs?: 'url' | 'file';
	/** Result at /files/file?path=<resultPath> (e.g. 'big/5MB.zip') instead of the task's own xlsx. */
	resultPath?: string;
	/** Control API only: create this many tasks like this one. */
	count?: number;
	/** Listed as an odd row a harsh account sometimes has: 'noStatus' (no status field) or 'nullId' (id null). */
	malformed?: 'noStatus' | 'nullId';
}

export interface Sandbox {
	/** e.g. 'http://127.0.0.1:40123' */
	url: string;
	port: number;
	token: string;
	/** Live log of API requests (control API calls excluded). */
	requests: SandboxRequest[];
	/** Set (or with a falsy fault, remove) the fault for a path such as '/api/export/stocksFile'; '*' matches every path. */
	setFault(path: string, fault: SandboxFault | null): void;
	clearFaults(): void;
	/** Latency, seeded faults and task-start counts (also GET|POST /__sandbox/load). Cleared by reset(). */
	load: LoadControls;
	/** Bodies answered 200 in full, with their sha256 (also GET /__sandbox/served?path=). */
	served(filter?: { path?: string }): ServedBody[];
	/** Creates a task as if started in the SelSup cabinet; returns it as findTask would now. */
	createTask(spec?: TaskSpec): TmsTask;
	/** Ends a task now with `status` (default FINISHED); a task already final is returned unchanged; null if unknown. */
	finishTask(id: number, outcome?: { status?: TaskSpec['status']; message?: string }): TmsTask | null;
	/**
	 * A busy account's history: `tasks` (default 8000) tasks created evenly over `overMs` (default two days)
	 * up to `endAgoMs` ago (default one minute), each over within a minute of its creation (every
	 * `failedEvery`-th one with ERROR), and with `stuckAgoMs` one more task RUNNING since that long ago.
	 * Also `POST /__sandbox/history`.
	 */
	seedHistory(spec?: { tasks?: number; overMs?: number; endAgoMs?: number; failedEvery?: number; stuckAgoMs?: number }): {
		first: number;
		last: number;
		stuck: number | null;
	};
	/** How task dates are written from now on (see SandboxOptions.dateFormat). Also `POST /__sandbox/dates {"format": …}`. */
	setDateFormat(format: NonNullable<SandboxOptions['dateFormat']>): void;
	/** SelSup's clock this far ahead of the real one (ms): tasks created from now on carry dates that much later. Also `POST /__sandbox/dates {"aheadMs": …}`. */
	setClockAhead(ms: number): void;
	/** Clears the request log, tasks (ids restart at 1000) and faults. */
	reset(): void;
	close(): Promise<void>;
	/**
	 * The file served for a file route and query, or for '/files/file' with `{ path }` (a finished
	 * task's result or `big/<N>MB.zip`). Throws when there is no such file.
	 */
	expectedFile(path: string, query?: Record<string, string | number | boolean | Array<string | number | boolean>>): ExpectedFile;
}

export function startSandbox(options?: SandboxOptions): Promise<Sandbox>;
