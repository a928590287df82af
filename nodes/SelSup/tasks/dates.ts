import type { TmsTask } from './task';

/**
 * How far a reader goes beyond the forms SelSup documents (the default reads only those). The trigger,
 * which must never stop on an odd row, reads both extras.
 */
export interface DateReading {
	/**
	 * A date and time without a zone (a Java `LocalDateTime`, `2023-06-06T20:55:24`) read as Moscow time
	 * (UTC+3, no daylight saving since 2014): SelSup runs in Moscow and its cabinet shows Moscow time, so a
	 * date its backend writes without a zone is that server's local time.
	 */
	zoneless?: boolean;
	/** A number (or digit string) below 1e11 read as epoch seconds: as milliseconds it would be early 1973. */
	seconds?: boolean;
}

/** Everything the trigger reads: zone-less dates as Moscow time, epoch seconds as seconds. */
export const LENIENT: DateReading = { zoneless: true, seconds: true };

/** Moscow's offset from UTC, for dates written without a zone (see DateReading.zoneless). */
export const MOSCOW_OFFSET_MS = 3 * 3_600_000;

/** Epoch values below this are seconds (as milliseconds they would fall before March 1973). */
const SECONDS_BELOW = 1e11;

/**
 * SelSup's dates, read in one place. Its Java backend writes `ZonedDateTime`s, which may carry the zone
 * id in brackets after the offset (`2023-06-06T17:55:24Z[UTC]`, `…+03:00[Europe/Moscow]`), and up to
 * nine fraction digits; `Date.parse` gives NaN for both. Epoch milliseconds (a number, or a string of
 * digits) are read too. Anything else is null: the caller must not take an unreadable date for an old
 * or a new one.
 */
const ISO =
	/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?(?:\[[A-Za-z0-9_+\-/]+\])?$/;

export function parseSelSupDate(value: unknown, reading: DateReading = {}): number | null {
	const epoch = (n: number) => (reading.seconds && n > 0 && n < SECONDS_BELOW ? Math.round(n * 1000) : n);
	if (typeof value === 'number') return Number.isFinite(value) ? epoch(value) : null;
	if (typeof value !== 'string') return null;
	const text = value.trim();
	if (/^\d{10,16}$/.test(text) || (reading.seconds && /^\d{9,10}(\.\d{1,3})?$/.test(text))) return epoch(Number(text));
	const m = ISO.exec(text);
	if (!m) return null;
	const [, y, mo, d, h, mi, s = '0', frac = '', zone] = m;
	// A zone id in brackets without an offset is not a form SelSup writes.
	if (zone === undefined && (!reading.zoneless || text.includes('['))) return null;
	const ms = Number(frac.padEnd(3, '0').slice(0, 3));
	const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
	// Date.UTC rolls over out-of-range fields (Feb 30 → Mar 2): such a date is not one SelSup wrote.
	const check = new Date(utc);
	if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return null;
	if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
	return utc - offsetMs(zone);
}

function offsetMs(zone: string | undefined): number {
	if (zone === undefined) return MOSCOW_OFFSET_MS;
	if (zone === 'Z') return 0;
	const sign = zone.startsWith('-') ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60_000;
}

/** When the task was created (epoch ms), null when SelSup gave no readable date. */
export const createdAt = (task: TmsTask, reading?: DateReading): number | null => parseSelSupDate(task.createdDate, reading);

/** When the task ended (epoch ms), null when SelSup gave no readable finishDate. */
export const endedAt = (task: TmsTask, reading?: DateReading): number | null => parseSelSupDate(task.finishDate, reading);
