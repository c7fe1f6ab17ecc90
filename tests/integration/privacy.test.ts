import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { and, eq } from 'drizzle-orm';
import { get, postForm, serverDb } from '../support/http';
import { FACTORY_PASSWORD, signedIn } from '../support/factories';
import { auditLog, cohorts, deletionRequests, users } from '../../src/lib/server/db/schema';
import { createCohort } from '../../src/lib/server/cohorts';

const term = { startDate: '2026-01-01', endDate: '2099-12-31', timeZone: 'Asia/Shanghai' };

describe('download my data', () => {
	it('gives a signed-in user a zip of their own data only', async () => {
		const a = await signedIn(serverDb());
		const b = await signedIn(serverDb());
		const r = await get('/en/account/export', { cookie: a.cookie });
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toBe('application/zip');
		expect(r.headers.get('content-disposition')).toMatch(
			/^attachment; filename="casebook-export-\d{4}-\d{2}-\d{2}\.zip"$/
		);
		const files = unzipSync(new Uint8Array(await r.arrayBuffer()));
		const names = Object.keys(files);
		expect(names.some((n) => n.endsWith('/README.md'))).toBe(true);
		const profile = JSON.parse(strFromU8(files[names.find((n) => n.endsWith('/profile.json'))!]));
		expect(profile).toMatchObject({ id: a.user.id, email: a.user.email });
		const everything = Object.values(files)
			.map((f) => strFromU8(f))
			.join('\n');
		expect(everything).not.toContain(b.user.email);
		expect(everything).not.toContain(a.token); // never the session token
	});

	it('sends a visitor to sign in first', async () => {
		const r = await get('/en/account/export');
		expect(r.status).toBe(303);
		expect(r.headers.get('location')).toMatch(/^\/en\/login\?redirectTo=%2Fen%2Faccount%2Fexport/);
	});
});

describe('account deletion', () => {
	it('needs the password, then waits for an admin, who deletes the account and takes its cohorts', async () => {
		const db = serverDb();
		const learner = await signedIn(db, 'instructor');
		const cohort = createCohort(db, learner.user, { name: 'Mine', ...term });

		const wrong = await postForm(
			'/en/account?/requestDeletion',
			{ currentPassword: 'not my password', reason: 'bye' },
			{ cookie: learner.cookie }
		);
		expect(wrong.status).toBe(400);
		const wrongHtml = await wrong.text();
		expect(wrongHtml).toContain('bye'); // the reason is kept, the password is not
		expect(wrongHtml).not.toContain('not my password');
		expect(
			db.select().from(deletionRequests).where(eq(deletionRequests.userId, learner.user.id)).get()
		).toBeUndefined();

		const asked = await postForm(
			'/en/account?/requestDeletion',
			{ currentPassword: FACTORY_PASSWORD, reason: 'course is over' },
			{ cookie: learner.cookie }
		);
		expect(asked.status).toBe(303);
		expect(asked.headers.get('location')).toBe(
			'/en/account?saved=deletionRequested#delete-account'
		);
		const account = await (await get('/en/account', { cookie: learner.cookie })).text();
		expect(account).toContain('You asked for your account to be deleted on');

		// Another learner cannot see or confirm the queue.
		const other = await signedIn(db);
		expect((await get('/en/admin/deletions', { cookie: other.cookie })).status).toBe(403);
		const sneaky = await postForm(
			'/en/admin/deletions?/confirm',
			{ userId: String(learner.user.id), confirm: 'yes' },
			{ cookie: other.cookie }
		);
		expect(sneaky.status).toBe(403);

		const admin = await signedIn(db, 'admin');
		const queue = await (await get('/en/admin/deletions', { cookie: admin.cookie })).text();
		expect(queue).toContain(learner.user.email);
		expect(queue).toContain('course is over');
		expect(queue).toContain('Manages cohorts: 1');

		const unticked = await postForm(
			'/en/admin/deletions?/confirm',
			{ userId: String(learner.user.id) },
			{ cookie: admin.cookie }
		);
		expect(unticked.status).toBe(400);
		expect(await unticked.text()).toContain('Tick the box to confirm the deletion.');

		const done = await postForm(
			'/en/admin/deletions?/confirm',
			{ userId: String(learner.user.id), confirm: 'yes' },
			{ cookie: admin.cookie }
		);
		expect(done.status).toBe(200);
		expect(await done.text()).toContain('has been deleted. Cohorts passed to you: 1.');

		expect(db.select().from(users).where(eq(users.id, learner.user.id)).get()).toBeUndefined();
		expect(db.select().from(cohorts).where(eq(cohorts.id, cohort.id)).get()?.ownerId).toBe(
			admin.user.id
		);
		const row = db
			.select()
			.from(auditLog)
			.where(
				and(eq(auditLog.action, 'user.delete'), eq(auditLog.targetId, String(learner.user.id)))
			)
			.get();
		expect(row?.actorId).toBe(admin.user.id);
		// The old session is gone with the account.
		const after = await get('/en/account', { cookie: learner.cookie });
		expect(after.status).toBe(303);
		expect(after.headers.get('location')).toMatch(/^\/en\/login/);
	});

	it('lets the user withdraw the request', async () => {
		const db = serverDb();
		const learner = await signedIn(db);
		await postForm(
			'/account?/requestDeletion',
			{ currentPassword: FACTORY_PASSWORD },
			{ cookie: learner.cookie }
		);
		const cancel = await postForm('/account?/cancelDeletion', {}, { cookie: learner.cookie });
		expect(cancel.status).toBe(303);
		expect(
			db.select().from(deletionRequests).where(eq(deletionRequests.userId, learner.user.id)).get()
		).toBeUndefined();
		const html = await (
			await get('/account?saved=deletionCancelled', { cookie: learner.cookie })
		).text();
		expect(html).toContain('注销申请已撤回。');
	});
});
