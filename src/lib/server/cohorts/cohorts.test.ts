import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { auditLog, cohorts, notifications, users } from '../db/schema';
import {
	INVITE_ALPHABET,
	checkInviteCode,
	cohortSchema,
	createCohort,
	formatInviteCode,
	generateInviteCode,
	getCohortsForInstructor,
	getCohortsForUser,
	inCohort,
	joinCohortByCode,
	listCohortMemberIds,
	normaliseInviteCode,
	regenerateInviteCode,
	removeCohortMember,
	updateCohort
} from './index';

let t: ReturnType<typeof createTestDb>;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.cleanup());

const term = {
	name: '2026 秋季班',
	startDate: '2026-09-01',
	endDate: '2026-12-31',
	timeZone: 'Asia/Shanghai'
};

describe('invite codes', () => {
	it('are 10 characters without look-alikes, and typed any which way', () => {
		const codes = new Set(Array.from({ length: 200 }, generateInviteCode));
		expect(codes.size).toBe(200);
		for (const c of codes) expect(c).toMatch(new RegExp(`^[${INVITE_ALPHABET}]{10}$`));
		expect(normaliseInviteCode(' abcde-fgh23 ')).toBe('ABCDEFGH23');
		expect(formatInviteCode('ABCDEFGH23')).toBe('ABCDE-FGH23');
	});
});

describe('cohort form', () => {
	it('refuses an end before the start, an unknown time zone and an impossible date', () => {
		const r = cohortSchema.safeParse({ ...term, endDate: '2026-08-31', timeZone: 'Asia/Atlantis' });
		expect(r.success).toBe(false);
		const paths = r.error!.issues.map((i) => i.path[0]);
		expect(paths).toContain('timeZone');
		expect(
			cohortSchema.safeParse({ ...term, endDate: '2026-08-31' }).error!.issues[0].path
		).toEqual(['endDate']);
		expect(cohortSchema.safeParse({ ...term, startDate: '2026-02-30' }).success).toBe(false);
		expect(cohortSchema.safeParse(term).success).toBe(true);
	});
});

describe('cohorts', () => {
	it('creates with an audit row; edits and new codes are audited without the codes', async () => {
		const owner = await makeUser(t.db, { role: 'instructor' });
		const c = createCohort(t.db, owner, term);
		expect(c.inviteCode).toHaveLength(10);
		updateCohort(t.db, owner, c.id, { ...term, name: '2026 秋季 A 班' });
		updateCohort(t.db, owner, c.id, { ...term, name: '2026 秋季 A 班' }); // no change, no row
		const newCode = regenerateInviteCode(t.db, owner, c.id);
		expect(newCode).not.toBe(c.inviteCode);
		const rows = t.db.select().from(auditLog).all();
		expect(rows.map((r) => r.action)).toEqual([
			'cohort.create',
			'cohort.update',
			'cohort.regenerate_code'
		]);
		expect(JSON.parse(rows[1].before!)).toMatchObject({ name: '2026 秋季班' });
		expect(JSON.parse(rows[1].after!)).toMatchObject({ name: '2026 秋季 A 班' });
		for (const r of rows) expect(`${r.before}${r.after}`).not.toContain(c.inviteCode);
		expect(checkInviteCode(t.db, c.inviteCode)).toMatchObject({ ok: false, reason: 'unknown' });
		expect(checkInviteCode(t.db, formatInviteCode(newCode!).toLowerCase())).toMatchObject({
			ok: true
		});
	});

	it('expires a code after the last day of term in the cohort time zone', async () => {
		const owner = await makeUser(t.db, { role: 'instructor' });
		const c = createCohort(t.db, owner, { ...term, endDate: '2026-12-31' });
		// 2026-12-31 20:00 UTC is already 2027-01-01 04:00 in Shanghai.
		const lateUtc = Date.UTC(2026, 11, 31, 20);
		expect(checkInviteCode(t.db, c.inviteCode, lateUtc)).toMatchObject({
			ok: false,
			reason: 'expired'
		});
		expect(checkInviteCode(t.db, c.inviteCode, Date.UTC(2026, 11, 31, 15))).toMatchObject({
			ok: true
		});
	});

	it('joins by code once, tells the owner, and lists members for other pages', async () => {
		const owner = await makeUser(t.db, { role: 'instructor' });
		const learner = await makeUser(t.db, { displayName: '王小明' });
		const outsider = await makeUser(t.db);
		const c = createCohort(t.db, owner, term);
		const now = Date.UTC(2026, 9, 1);
		expect(joinCohortByCode(t.db, learner, c.inviteCode, now)).toMatchObject({
			ok: true,
			alreadyMember: false
		});
		expect(joinCohortByCode(t.db, learner, c.inviteCode, now)).toMatchObject({
			ok: true,
			alreadyMember: true
		});
		expect(listCohortMemberIds(t.db, c.id)).toEqual([learner.id]);
		expect(getCohortsForUser(t.db, learner.id).map((x) => x.id)).toEqual([c.id]);
		const notes = t.db.select().from(notifications).where(eq(notifications.userId, owner.id)).all();
		expect(notes).toHaveLength(1);
		expect(JSON.parse(notes[0].payload)).toEqual({
			cohortId: c.id,
			cohortName: term.name,
			memberName: '王小明'
		});
		// inCohort() filters any table with a user-id column inside SQLite.
		const inIt = t.db.select({ id: users.id }).from(users).where(inCohort(users.id, c.id)).all();
		expect(inIt.map((r) => r.id)).toEqual([learner.id]);
		expect(inIt.map((r) => r.id)).not.toContain(outsider.id);
	});

	it('removes a member with an audit row and a notification', async () => {
		const owner = await makeUser(t.db, { role: 'instructor' });
		const learner = await makeUser(t.db);
		const c = createCohort(t.db, owner, term);
		joinCohortByCode(t.db, learner, c.inviteCode, Date.UTC(2026, 9, 1));
		expect(removeCohortMember(t.db, owner, c.id, learner.id)).toBe(true);
		expect(removeCohortMember(t.db, owner, c.id, learner.id)).toBe(false);
		expect(listCohortMemberIds(t.db, c.id)).toEqual([]);
		const row = t.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'cohort.remove_member'))
			.get()!;
		expect(JSON.parse(row.before!)).toMatchObject({ userId: learner.id });
		expect(
			t.db.select().from(notifications).where(eq(notifications.userId, learner.id)).get()?.kind
		).toBe('cohort_removed');
	});

	it('shows instructors their own cohorts and admins all of them', async () => {
		const a = await makeUser(t.db, { role: 'instructor' });
		const b = await makeUser(t.db, { role: 'instructor' });
		const admin = await makeUser(t.db, { role: 'admin' });
		const learner = await makeUser(t.db);
		const ca = createCohort(t.db, a, term);
		const cb = createCohort(t.db, b, {
			...term,
			name: 'B',
			startDate: '2027-02-01',
			endDate: '2027-06-30'
		});
		expect(getCohortsForInstructor(t.db, a).map((c) => c.id)).toEqual([ca.id]);
		expect(getCohortsForInstructor(t.db, admin).map((c) => c.id)).toEqual([cb.id, ca.id]);
		expect(getCohortsForInstructor(t.db, learner)).toEqual([]);
		expect(t.db.select().from(cohorts).all()).toHaveLength(2);
	});
});
