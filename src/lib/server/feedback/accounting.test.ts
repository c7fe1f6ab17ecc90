import { describe, expect, it } from 'vitest';
import { startOfDay } from './accounting';

describe('startOfDay', () => {
	it('finds local midnight in a fixed-offset zone', () => {
		// 2026-11-29 01:30 in Shanghai (UTC+8) is 2026-11-28 17:30 UTC; the day began at 16:00 UTC.
		expect(startOfDay(new Date('2026-11-28T17:30:00Z'), 'Asia/Shanghai').toISOString()).toBe(
			'2026-11-28T16:00:00.000Z'
		);
		expect(startOfDay(new Date('2026-11-28T15:59:59Z'), 'Asia/Shanghai').toISOString()).toBe(
			'2026-11-27T16:00:00.000Z'
		);
	});

	it('is right on DST change days', () => {
		// New York springs forward on 2026-03-08 (midnight is still EST, UTC−5) …
		expect(startOfDay(new Date('2026-03-08T20:00:00Z'), 'America/New_York').toISOString()).toBe(
			'2026-03-08T05:00:00.000Z'
		);
		// … and the next day starts in EDT (UTC−4).
		expect(startOfDay(new Date('2026-03-09T12:00:00Z'), 'America/New_York').toISOString()).toBe(
			'2026-03-09T04:00:00.000Z'
		);
		// Fall back on 2026-11-01: midnight was EDT.
		expect(startOfDay(new Date('2026-11-01T20:00:00Z'), 'America/New_York').toISOString()).toBe(
			'2026-11-01T04:00:00.000Z'
		);
	});
});
