import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { cohortMembers, users } from '../db/schema';
import { createCohort } from '../cohorts';
import { InviteRefusedError, registerUser } from './register';
import { EmailTakenError } from './user';

let t: ReturnType<typeof createTestDb>;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.cleanup());

const account = (email: string, inviteCode?: string) => ({
	email,
	displayName: 'New learner',
	passwordHash: 'hash',
	locale: 'zh-CN' as const,
	timeZone: 'Asia/Shanghai',
	inviteCode
});

describe('registerUser', () => {
	it('creates the account and its membership together', async () => {
		const owner = await makeUser(t.db, { role: 'instructor' });
		const c = createCohort(t.db, owner, {
			name: 'C',
			startDate: '2026-09-01',
			endDate: '2099-12-31',
			timeZone: 'UTC'
		});
		const u = registerUser(t.db, account('a@example.test', c.inviteCode.toLowerCase()));
		expect(t.db.select().from(cohortMembers).all()).toMatchObject([
			{ cohortId: c.id, userId: u.id }
		]);
	});

	it('leaves no account behind for a bad or expired code, or a taken email', async () => {
		const owner = await makeUser(t.db, { role: 'instructor' });
		const old = createCohort(t.db, owner, {
			name: 'Old',
			startDate: '2020-01-01',
			endDate: '2020-06-30',
			timeZone: 'UTC'
		});
		const before = t.db.select().from(users).all().length;
		expect(() => registerUser(t.db, account('b@example.test', 'WRONGCODE2'))).toThrow(
			InviteRefusedError
		);
		expect(() => registerUser(t.db, account('b@example.test', old.inviteCode))).toThrow(
			expect.objectContaining({ name: 'InviteRefusedError', reason: 'expired' })
		);
		expect(() => registerUser(t.db, account(owner.email))).toThrow(EmailTakenError);
		expect(t.db.select().from(users).all()).toHaveLength(before);
	});
});
