import { describe, expect, it } from 'vitest';
import {
	addLocalDays,
	isLocalDateTime,
	localDateTimeAt,
	startOfDayIn,
	todayIn,
	zonedTimeToInstant
} from './time';

describe('calendar dates in a time zone', () => {
	it('gives today in the zone, not in UTC', () => {
		const instant = Date.UTC(2026, 8, 1, 17, 30); // 2026-09-01 17:30 UTC = 09-02 01:30 in Shanghai
		expect(todayIn('Asia/Shanghai', instant)).toBe('2026-09-02');
		expect(todayIn('UTC', instant)).toBe('2026-09-01');
		expect(todayIn('America/Los_Angeles', instant)).toBe('2026-09-01');
	});

	it('finds local midnight, also across daylight-saving changes', () => {
		expect(startOfDayIn('2026-09-02', 'Asia/Shanghai').toISOString()).toBe(
			'2026-09-01T16:00:00.000Z'
		);
		expect(startOfDayIn('2026-09-02', 'UTC').toISOString()).toBe('2026-09-02T00:00:00.000Z');
		// New York: EST (-5) in January, EDT (-4) in July; 8 March 2026 is the switch day.
		expect(startOfDayIn('2026-01-15', 'America/New_York').toISOString()).toBe(
			'2026-01-15T05:00:00.000Z'
		);
		expect(startOfDayIn('2026-07-15', 'America/New_York').toISOString()).toBe(
			'2026-07-15T04:00:00.000Z'
		);
		expect(startOfDayIn('2026-03-09', 'America/New_York').toISOString()).toBe(
			'2026-03-09T04:00:00.000Z'
		);
	});
});

describe('wall-clock times in a named zone', () => {
	it('reads a local time in a zone without daylight saving', () => {
		expect(zonedTimeToInstant('2026-12-20T23:59', 'Asia/Shanghai').toISOString()).toBe(
			'2026-12-20T15:59:00.000Z'
		);
	});

	it('uses the offset in force on that date (summer and winter)', () => {
		expect(zonedTimeToInstant('2027-01-10T23:59', 'Europe/Berlin').toISOString()).toBe(
			'2027-01-10T22:59:00.000Z'
		);
		expect(zonedTimeToInstant('2026-07-10T23:59', 'Europe/Berlin').toISOString()).toBe(
			'2026-07-10T21:59:00.000Z'
		);
	});

	it('moves a time inside the spring-forward gap forward, and takes the earlier of a repeated time', () => {
		// New York springs forward on 2026-03-08 at 02:00 → 03:00; 02:30 does not exist.
		expect(zonedTimeToInstant('2026-03-08T02:30', 'America/New_York').toISOString()).toBe(
			'2026-03-08T07:30:00.000Z'
		);
		// It falls back on 2026-11-01 at 02:00 → 01:00; 01:30 happens twice (EDT first).
		expect(zonedTimeToInstant('2026-11-01T01:30', 'America/New_York').toISOString()).toBe(
			'2026-11-01T05:30:00.000Z'
		);
	});

	it('adds calendar days at the same wall-clock time across a DST change', () => {
		const due = zonedTimeToInstant('2026-03-07T23:59', 'America/New_York');
		const next = addLocalDays(due, 1, 'America/New_York');
		expect(localDateTimeAt(next, 'America/New_York')).toBe('2026-03-08T23:59:00');
		expect(next.getTime() - due.getTime()).toBe(23 * 60 * 60 * 1000);
		// Berlin falls back on 2026-10-25 (03:00 → 02:00): that calendar day has 25 hours.
		const autumn = zonedTimeToInstant('2026-10-25T12:00', 'Europe/Berlin');
		expect(addLocalDays(autumn, -1, 'Europe/Berlin').getTime()).toBe(
			autumn.getTime() - 25 * 60 * 60 * 1000
		);
	});

	it('validates local date-times', () => {
		expect(isLocalDateTime('2026-12-20T23:59')).toBe(true);
		expect(isLocalDateTime('2026-02-30T10:00')).toBe(false);
		expect(isLocalDateTime('2026-12-20 23:59')).toBe(false);
		expect(isLocalDateTime('2026-12-20T24:00')).toBe(false);
	});
});
