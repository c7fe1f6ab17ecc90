import { describe, expect, it } from 'vitest';
import { startOfDayIn, todayIn } from './time';

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
