import type { TmsTask } from './task';

/**
 * SelSup's dates, read in one place. Its Java backend writes `ZonedDateTime`s, which may carry the zone
 * id in brackets after the offset (`2023-06-06T17:55:24Z[UTC]`, `…+03:00[Europe/Moscow]`), and up to
 * nine fraction digits; `Date.parse` gives NaN for both. Epoch milliseconds (a number, or a string of
 * digits) are read too. Anything else is null: the caller must not take an unreadable date for an old
 * or a new one.
 */
const ISO =
	/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)(?:\[[A-Za-z0-9_+\-/]+\])?$/;

export function parseSelSupDate(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value !== 'string') return null;
	const text = value.trim();
	if (/^\d{10,16}$/.test(text)) return Number(text);
	const m = ISO.exec(text);
	if (!m) return null;
	const [, y, mo, d, h, mi, s = '0', frac = '', zone] = m;
	const ms = Number(frac.padEnd(3, '0').slice(0, 3));
	const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
	// Date.UTC rolls over out-of-range fields (Feb 30 → Mar 2): such a date is not one SelSup wrote.
	const check = new Date(utc);
	if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return null;
	if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
	return utc - offsetMs(zone);
}

function offsetMs(zone: string): number {
	if (zone === 'Z') return 0;
	const sign = zone.startsWith('-') ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60_000;
}

/** When the task was created (epoch ms), null when SelSup gave no readable date. */
export const createdAt = (task: TmsTask): number | null => parseSelSupDate(task.createdDate);

/** When the task ended (epoch ms), null when SelSup gave no readable finishDate. */
export const endedAt = (task: TmsTask): number | null => parseSelSupDate(task.finishDate);
