import { LENIENT, parseSelSupDate } from '../../nodes/SelSup/tasks/dates';

// Expected instants written out by hand (epoch ms of 2023-06-06T17:55:24Z is 1686074124000).
const T = 1_686_074_124_000;

describe('parseSelSupDate: the date forms SelSup writes', () => {
	it.each([
		['2023-06-06T17:55:24Z', T],
		['2023-06-06T17:55:24.5Z', T + 500],
		['2023-06-06T17:55:24.123Z', T + 123],
		['2023-06-06T17:55:24.123456789Z', T + 123],
		['2023-06-06T20:55:24+03:00', T],
		['2023-06-06T20:55:24.250+0300', T + 250],
		['2023-06-06T12:55:24-05:00', T],
		// Java ZonedDateTime: the zone id in brackets after the offset.
		['2023-06-06T17:55:24Z[UTC]', T],
		['2023-06-06T17:55:24.1Z[Etc/UTC]', T + 100],
		['2023-06-06T20:55:24+03:00[Europe/Moscow]', T],
		['2023-06-06T20:55:24.987654+03:00[Europe/Moscow]', T + 987],
		['2023-06-06T17:55Z[UTC]', T - 24_000],
		// Epoch milliseconds.
		[T, T],
		[String(T), T],
	])('%p → %p', (value, expected) => {
		expect(parseSelSupDate(value)).toBe(expected);
	});

	it.each([
		null,
		undefined,
		'',
		'yesterday',
		'2023-06-06',
		'2023-06-06T17:55:24',
		'2023-02-30T10:00:00Z',
		'2023-06-06T25:00:00Z',
		'2023-06-06T17:55:24Z[',
		NaN,
		{},
		[],
	])('%p is not a date: null, never a guess', (value) => {
		expect(parseSelSupDate(value)).toBeNull();
	});
});

describe('parseSelSupDate with LENIENT (the trigger): a harsh account never stops it', () => {
	it.each([
		// A Java LocalDateTime, read as Moscow time (UTC+3): 20:55:24 in Moscow is 17:55:24Z.
		['2023-06-06T20:55:24', T],
		['2023-06-06T20:55:24.123', T + 123],
		['2023-06-06 20:55', T - 24_000],
		// Epoch seconds, as a number or digits: not 1970 as milliseconds.
		[T / 1000, T],
		[String(T / 1000), T],
		[T / 1000 + 0.5, T + 500],
		// What the default reads is read the same.
		['2023-06-06T17:55:24Z[UTC]', T],
		[T, T],
	])('%p → %p', (value, expected) => {
		expect(parseSelSupDate(value, LENIENT)).toBe(expected);
	});

	it.each(['2023-06-06T20:55:24[Europe/Moscow]', 'yesterday', '06.06.2023 20:55:24', null])('%p is still not a date', (value) => {
		expect(parseSelSupDate(value, LENIENT)).toBeNull();
	});
});
