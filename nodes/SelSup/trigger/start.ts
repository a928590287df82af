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
 * would never fire.
 *
 * The copy must never replay: n8n keeps a node's own state under the node's *name*, so a renamed node
 * finds none of its own. A copy is therefore used at most once, and only by the node (id and name) and
 * watch that wrote it; the first poll that has state of its own, or that uses the copy, removes it. A
 * renamed node starts afresh (nothing from the past) instead of going on from the activation-time line.
 */
const KEY = 'selSupTriggerStart';
/** Older copies are not used: the first scheduled poll comes within a poll interval (a week at most in the editor's modes). */
export const START_MAX_AGE_MS = 8 * 86_400_000;

interface StartCopy {
	at: number;
	/** The node's name when the copy was written (absent in copies of earlier versions: never used). */
	name?: string;
	cursor: CursorState;
}

export interface NodeRef {
	id: string;
	name: string;
}

const usable = (copy: StartCopy | undefined, now: number): copy is StartCopy =>
	!!copy && typeof copy.at === 'number' && now - copy.at <= START_MAX_AGE_MS;

const copies = (global: IDataObject) => (global[KEY] as Record<string, StartCopy> | undefined) ?? {};

/** The starting line recorded for this node and watch, if recent enough and written under the same name. */
export function readStart(global: IDataObject, node: NodeRef, watch: string, now: number): CursorState | undefined {
	const copy = copies(global)[node.id];
	if (!usable(copy, now) || copy.name !== node.name) return undefined;
	return readState({ cursor: copy.cursor as unknown as IDataObject }, watch);
}

/** Removes this node's copy (used once, or no longer needed); other nodes' copies stay while usable. */
export function dropStart(global: IDataObject, nodeId: string, now: number): void {
	if (!(KEY in global)) return;
	const kept: Record<string, StartCopy> = {};
	for (const [id, copy] of Object.entries(copies(global))) if (id !== nodeId && usable(copy, now)) kept[id] = copy;
	if (Object.keys(kept).length) global[KEY] = kept as unknown as IDataObject;
	else delete global[KEY];
}

/** Records a fresh starting line for this node: one per node, and other nodes' copies only while usable. */
export function keepStart(global: IDataObject, node: NodeRef, state: CursorState, now: number): void {
	dropStart(global, node.id, now);
	global[KEY] = { ...copies(global), [node.id]: { at: now, name: node.name, cursor: state } } as unknown as IDataObject;
}
