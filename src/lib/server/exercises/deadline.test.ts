import { describe, expect, it } from 'vitest';
import { dueInstant, lateness } from './deadline';

const tz = 'Asia/Shanghai';
const due = dueInstant({ at: '2026-12-20T23:59', timeZone: tz })!;
const at = (iso: string) => new Date(iso);

describe('late policies', () => {
	it('is open with no due date or up to the due instant', () => {
		expect(
			lateness(null, tz, { kind: 'cutoff', cutoffDays: 0 }, at('2030-01-01T00:00Z')).state
		).toBe('open');
		expect(due.toISOString()).toBe('2026-12-20T15:59:00.000Z');
		expect(lateness(due, tz, { kind: 'accept' }, due).state).toBe('open');
	});

	it('accepts late answers and counts started days', () => {
		const r = lateness(due, tz, { kind: 'accept' }, at('2026-12-20T16:00:00Z'));
		expect(r).toMatchObject({ state: 'late', daysLate: 1, penaltyPercent: 0, closesAt: null });
		expect(lateness(due, tz, { kind: 'accept' }, at('2026-12-22T15:59:00Z')).daysLate).toBe(2);
		expect(lateness(due, tz, { kind: 'accept' }, at('2026-12-22T16:00:00Z')).daysLate).toBe(3);
	});

	it('takes a penalty per started day, at most 100 %, and closes after the cut-off', () => {
		const policy = { kind: 'penalty', percentPerDay: 10, cutoffDays: 3 } as const;
		expect(lateness(due, tz, policy, at('2026-12-21T10:00:00Z'))).toMatchObject({
			state: 'late',
			daysLate: 1,
			penaltyPercent: 10
		});
		expect(lateness(due, tz, policy, at('2026-12-23T15:59:00Z')).penaltyPercent).toBe(30);
		const closed = lateness(due, tz, policy, at('2026-12-23T16:00:00Z'));
		expect(closed.state).toBe('closed');
		expect(closed.closesAt?.toISOString()).toBe('2026-12-23T15:59:00.000Z');
		expect(
			lateness(due, tz, { kind: 'penalty', percentPerDay: 30 }, at('2027-01-10T00:00:00Z'))
				.penaltyPercent
		).toBe(100);
	});

	it('closes at the due time with cutoffDays 0, or after the grace days', () => {
		expect(
			lateness(due, tz, { kind: 'cutoff', cutoffDays: 0 }, at('2026-12-20T16:00Z')).state
		).toBe('closed');
		const grace = { kind: 'cutoff', cutoffDays: 2 } as const;
		expect(lateness(due, tz, grace, at('2026-12-22T15:00Z'))).toMatchObject({
			state: 'late',
			penaltyPercent: 0
		});
		expect(lateness(due, tz, grace, at('2026-12-22T16:00Z')).state).toBe('closed');
	});

	it('counts days across a daylight-saving change as the zone does', () => {
		// Berlin: clocks go back on 2026-10-25, so that day has 25 hours.
		const berlin = dueInstant({ at: '2026-10-24T23:59', timeZone: 'Europe/Berlin' })!;
		const policy = { kind: 'cutoff', cutoffDays: 1 } as const;
		const r = lateness(berlin, 'Europe/Berlin', policy, berlin);
		expect(r.closesAt!.getTime() - berlin.getTime()).toBe(25 * 3600_000);
		// 24 h 30 min after the due time: still inside the local day, so still accepted.
		const later = new Date(berlin.getTime() + 24.5 * 3600_000);
		expect(lateness(berlin, 'Europe/Berlin', policy, later)).toMatchObject({
			state: 'late',
			daysLate: 1
		});
	});
});
