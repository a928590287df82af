/**
 * How the node waits for a SelSup task, written once: the editor's fields (description/commonProperties.ts),
 * the options read in code (params/options.ts) and the operations that take no wait options read these.
 */

export type OnTimeout = 'fail' | 'returnTask' | 'cancelTask';

export const WAIT_DEFAULTS = {
	/** Longest gap between two status checks. */
	pollIntervalS: 5,
	/** How long a workflow waits for its task. */
	timeoutS: 900,
	onTimeout: 'fail' as OnTimeout,
} as const;

/**
 * Used as an AI agent's tool, the node waits this long by default, then returns the task as it stands
 * (id, status, progress) for the model to go on with the Task tools. The agent's user waits for the whole
 * call, and chat front ends give up on a silent answer within a minute or two (nginx's default
 * proxy_read_timeout is 60 s, Cloudflare's 100 s): 120 s is about as long as a chat reply can take, and
 * most SelSup exports end well within it. Timeout set in the options still counts.
 */
export const TOOL_WAIT_DEFAULTS = {
	timeoutS: 120,
	onTimeout: 'returnTask' as OnTimeout,
} as const;

/**
 * The longest Timeout in every mode: n8n's own ceiling on a workflow's run (EXECUTIONS_TIMEOUT_MAX,
 * default 3600 s). A longer export is started without waiting and picked up later by Task → Wait or the
 * SelSup Trigger, so no execution holds a worker for hours.
 */
export const MAX_WAIT_TIMEOUT_S = 3600;
