import { parseSelSupDate } from '../../nodes/SelSup/tasks/dates';

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
