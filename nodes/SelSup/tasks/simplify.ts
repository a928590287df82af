import type { IDataObject } from 'n8n-workflow';

import { TASK_SIMPLE_FIELDS, taskStatusLabel, taskTypeLabel } from '../catalogue';
import { FILE_ROUTE } from './result';
import type { TmsTask } from './task';

/** What a link needs from the client: the credential's base URL and the scrubber of its token. */
export interface LinkBase {
	baseUrl: URL;
	scrubber: { text(value: string): string };
}

/**
 * A task as Simplify shows it: the few fields a workflow reads, SelSup's own `name`, the words for its
 * codes (`statusLabel`, `typeLabel`, from the catalogue's label maps) and `url` as a link that can be
 * clicked or mailed. Simplify off hands the task on exactly as SelSup sent it; this is never applied then.
 */
export function simplifyTask(task: TmsTask, base: LinkBase): IDataObject {
	const out: IDataObject = {};
	for (const key of TASK_SIMPLE_FIELDS) {
		if (key === 'url') {
			const link = resultLink(task, base);
			// A task without a result keeps SelSup's empty `url` (null), so every row has the same columns.
			if (link !== undefined) out.url = link;
			else if (task.url !== undefined) out.url = task.url;
			continue;
		}
		if (task[key] === undefined) continue;
		out[key] = task[key];
		if (key === 'status') out.statusLabel = taskStatusLabel(task.status);
		if (key === 'type' && taskTypeLabel(task.type)) out.typeLabel = taskTypeLabel(task.type);
	}
	return out;
}

/**
 * The result's absolute address: SelSup's absolute `url` as it is, a relative one (`/files/file?path=…`)
 * joined to the base URL as the client joins a path (below the base URL's own path), or, for a task with
 * only a storage `file`, `<base>/files/file?path=<file>`. It never carries the token: a link is built from
 * the base URL's origin and path only (no user or password), and the token's text is scrubbed from it.
 */
export function resultLink(task: TmsTask, base: LinkBase): string | undefined {
	const url = typeof task.url === 'string' ? task.url.trim() : '';
	const file = typeof task.file === 'string' ? task.file.trim() : '';
	let link: string;
	if (/^https?:\/\//i.test(url)) link = url;
	else if (url) link = join(base.baseUrl, url.startsWith('/') ? url : `/${url}`);
	else if (file) link = join(base.baseUrl, `${FILE_ROUTE}?path=${encodeURIComponent(file)}`);
	else return undefined;
	return base.scrubber.text(link);
}

function join(baseUrl: URL, path: string): string {
	return `${baseUrl.origin}${baseUrl.pathname.replace(/\/+$/, '')}${path}`;
}
