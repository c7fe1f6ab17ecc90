import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { get, postForm, serverDb } from '../support/http';
import { signedIn } from '../support/factories';
import { auditLog, cohortMembers, cohorts, notifications } from '../../src/lib/server/db/schema';
import { createCohort } from '../../src/lib/server/cohorts';

const term = {
	name: 'Autumn 2026',
	startDate: '2026-09-01',
	endDate: '2099-01-31',
	timeZone: 'Asia/Shanghai'
};
const cohortIdFrom = (location: string | null) => Number(location?.match(/\/cohorts\/(\d+)/)?.[1]);

describe('cohorts', () => {
	it('an instructor creates a cohort, a learner joins by code, the instructor manages members', async () => {
		const db = serverDb();
		const teacher = await signedIn(db, 'instructor');
		const created = await postForm('/en/cohorts?/create', term, { cookie: teacher.cookie });
		expect(created.status).toBe(303);
		const id = cohortIdFrom(created.headers.get('location'));
		expect(created.headers.get('location')).toBe(`/en/cohorts/${id}?created`);
		const cohort = db.select().from(cohorts).where(eq(cohorts.id, id)).get()!;
		expect(cohort).toMatchObject({ ...term, ownerId: teacher.user.id });
		const page = await (await get(`/en/cohorts/${id}`, { cookie: teacher.cookie })).text();
		expect(page).toContain(`${cohort.inviteCode.slice(0, 5)}-${cohort.inviteCode.slice(5)}`);
		expect(page).toContain(`/en/register?code=`);

		const learner = await signedIn(db);
		const joined = await postForm(
			'/en/account?/joinCohort',
			{ inviteCode: ` ${cohort.inviteCode.toLowerCase()} ` },
			{ cookie: learner.cookie }
		);
		expect(joined.status).toBe(303);
		expect(await (await get('/en/account', { cookie: learner.cookie })).text()).toContain(
			'Autumn 2026'
		);
		const again = await postForm(
			'/en/account?/joinCohort',
			{ inviteCode: cohort.inviteCode },
			{ cookie: learner.cookie }
		);
		expect(again.status).toBe(409);
		expect(await again.text()).toContain('You are already a member of Autumn 2026.');
		expect(
			db
				.select()
				.from(notifications)
				.where(eq(notifications.userId, teacher.user.id))
				.all()
				.map((n) => n.kind)
		).toEqual(['cohort_joined']);

		const members = await (await get(`/en/cohorts/${id}`, { cookie: teacher.cookie })).text();
		expect(members).toContain(learner.user.displayName);

		const removed = await postForm(
			`/en/cohorts/${id}?/removeMember`,
			{ userId: String(learner.user.id) },
			{ cookie: teacher.cookie }
		);
		expect(removed.status).toBe(200);
		expect(db.select().from(cohortMembers).where(eq(cohortMembers.cohortId, id)).all()).toEqual([]);
		const actions = db
			.select()
			.from(auditLog)
			.where(eq(auditLog.targetId, String(id)))
			.all()
			.map((a) => a.action);
		expect(actions).toEqual(['cohort.create', 'cohort.remove_member']);
		expect(
			db.select().from(notifications).where(eq(notifications.userId, learner.user.id)).get()?.kind
		).toBe('cohort_removed');
	});

	it('a new code replaces the old one; edits are audited', async () => {
		const db = serverDb();
		const teacher = await signedIn(db, 'instructor');
		const c = createCohort(db, teacher.user, term);
		const r = await postForm(`/cohorts/${c.id}?/regenerateCode`, {}, { cookie: teacher.cookie });
		expect(r.status).toBe(200);
		const learner = await signedIn(db);
		const old = await postForm(
			'/account?/joinCohort',
			{ inviteCode: c.inviteCode },
			{ cookie: learner.cookie }
		);
		expect(old.status).toBe(400);
		expect(await old.text()).toContain('邀请码无效');
		const edit = await postForm(
			`/en/cohorts/${c.id}?/update`,
			{ ...term, name: 'Autumn 2026 (B)' },
			{ cookie: teacher.cookie }
		);
		expect(edit.status).toBe(200);
		const rows = db
			.select()
			.from(auditLog)
			// The cohort's own rows: another target (a user) may share the id on the shared server.
			.where(and(eq(auditLog.targetType, 'cohort'), eq(auditLog.targetId, String(c.id))))
			.all();
		expect(rows.map((a) => a.action)).toEqual([
			'cohort.create',
			'cohort.regenerate_code',
			'cohort.update'
		]);
		expect(rows[2].after).toContain('Autumn 2026 (B)');
	});

	it('explains bad input and creates nothing', async () => {
		const db = serverDb();
		const teacher = await signedIn(db, 'instructor');
		const before = db.select().from(cohorts).all().length;
		const r = await postForm(
			'/en/cohorts?/create',
			{ name: '', startDate: '2026-09-01', endDate: '2026-08-01', timeZone: 'Asia/Nowhere' },
			{ cookie: teacher.cookie }
		);
		expect(r.status).toBe(400);
		const html = await r.text();
		expect(html).toContain('Please enter a name for the cohort.');
		expect(html).toContain('Please choose a time zone from the list');
		const r2 = await postForm(
			'/cohorts?/create',
			{ ...term, endDate: '2026-08-01' },
			{ cookie: teacher.cookie }
		);
		expect(await r2.text()).toContain('学期最后一天不能早于第一天。');
		const r3 = await postForm(
			'/en/cohorts?/create',
			{ ...term, startDate: '2026-02-30' },
			{ cookie: teacher.cookie }
		);
		expect(await r3.text()).toContain('This is not a valid date');
		expect(db.select().from(cohorts).all()).toHaveLength(before);
	});

	it('an expired or wrong code joins nothing', async () => {
		const db = serverDb();
		const teacher = await signedIn(db, 'instructor');
		const past = createCohort(db, teacher.user, {
			...term,
			startDate: '2020-01-01',
			endDate: '2020-06-30'
		});
		const learner = await signedIn(db);
		const r = await postForm(
			'/en/account?/joinCohort',
			{ inviteCode: past.inviteCode },
			{ cookie: learner.cookie }
		);
		expect(r.status).toBe(400);
		expect(await r.text()).toContain('This invite code has expired');
		const w = await postForm(
			'/en/account?/joinCohort',
			{ inviteCode: '' },
			{ cookie: learner.cookie }
		);
		expect(await w.text()).toContain('Please enter an invite code.');
		expect(
			db.select().from(cohortMembers).where(eq(cohortMembers.userId, learner.user.id)).all()
		).toEqual([]);
	});

	it('keeps cohorts to their instructor (and admins); learners are refused', async () => {
		const db = serverDb();
		const owner = await signedIn(db, 'instructor');
		const other = await signedIn(db, 'instructor');
		const admin = await signedIn(db, 'admin');
		const learner = await signedIn(db);
		const c = createCohort(db, owner.user, term);
		expect((await get(`/en/cohorts/${c.id}`, { cookie: other.cookie })).status).toBe(404);
		const hijack = await postForm(
			`/en/cohorts/${c.id}?/regenerateCode`,
			{},
			{ cookie: other.cookie }
		);
		expect(hijack.status).toBe(404);
		expect(db.select().from(cohorts).where(eq(cohorts.id, c.id)).get()?.inviteCode).toBe(
			c.inviteCode
		);
		expect((await get(`/en/cohorts/${c.id}`, { cookie: admin.cookie })).status).toBe(200);
		expect((await get('/en/cohorts', { cookie: learner.cookie })).status).toBe(403);
		expect((await postForm('/en/cohorts?/create', term, { cookie: learner.cookie })).status).toBe(
			403
		);
		const list = await (await get('/en/cohorts', { cookie: other.cookie })).text();
		expect(list).not.toContain(`/en/cohorts/${c.id}"`);
	});
});
