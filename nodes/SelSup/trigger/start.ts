import type { IDataObject } from 'n8n-workflow';

import type { CursorState } from './cursor';
import { readState } from './cursor';

/**
 * The trigger's starting line, kept a second time in the workflow's global static data.
 *
 * n8n 2's durable scheduler (N8N_POLLER_DURABLE_CURSORS_ENABLED) keeps a poll node's static data as a
 * cursor of its own and does not commit what the check at activation wrote there; the workflow's global
 * static data it saves after activation as before. Without this copy the first scheduled poll would find
 * no state and start afresh, and a task ending between activation and that poll (up to one poll interval)
 * would never fire. The first poll that finds no state of its own for the watch goes on from this copy;
 * every start afresh writes a new one, so an older copy is never read after a later activation.
 */
const KEY = 'selSupTriggerStart';
/** Older copies are not used: the first scheduled poll comes within a poll interval (a week at most in the editor's modes). */
export const START_MAX_AGE_MS = 8 * 86_400_000;

interface StartCopy {
	at: number;
	cursor: CursorState;
}

const usable = (copy: StartCopy | undefined, now: number): copy is StartCopy =>
	!!copy && typeof copy.at === 'number' && now - copy.at <= START_MAX_AGE_MS;

/** The starting line recorded for this node and watch, if recent enough. */
export function readStart(global: IDataObject, nodeId: string, watch: string, now: number): CursorState | undefined {
	const copy = (global[KEY] as Record<string, StartCopy> | undefined)?.[nodeId];
	return usable(copy, now) ? readState({ cursor: copy.cursor as unknown as IDataObject }, watch) : undefined;
}

/** Records a fresh starting line for this node: one per node, and other nodes' copies only while usable. */
export function keepStart(global: IDataObject, nodeId: string, state: CursorState, now: number): void {
	const all: Record<string, StartCopy> = {};
	for (const [id, copy] of Object.entries((global[KEY] as Record<string, StartCopy> | undefined) ?? {})) {
		if (usable(copy, now)) all[id] = copy;
	}
	all[nodeId] = { at: now, cursor: state };
	global[KEY] = all as unknown as IDataObject;
}
