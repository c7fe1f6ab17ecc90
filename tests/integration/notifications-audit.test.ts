import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { get, postForm, serverDb } from '../support/http';
import { makeUser, signedIn } from '../support/factories';
import { auditLog, notifications } from '../../src/lib/server/db/schema';
import { notify } from '../../src/lib/server/notifications';

const unreadInBell = (html: string) =>
	Number(
		html.match(/data-slot="notifications"[^>]*data-unread="(\d+)"/)?.[1] ??
			html.match(/data-unread="(\d+)"[^>]*data-slot="notifications"/)?.[1]
	);

describe('notifications', () => {
	it('are counted in the header, listed in the reader language and marked read', async () => {
		const db = serverDb();
		const { user, cookie } = await signedIn(db);
		const other = await signedIn(db);
		const a = notify(db, user.id, 'role_changed', { role: 'instructor' });
		notify(db, user.id, 'cohort_removed', { cohortName: 'Spring' });
		const theirs = notify(db, other.user.id, 'password_reset', {});

		const home = await (await get('/en', { cookie })).text();
		expect(unreadInBell(home)).toBe(2);
		expect(home).toContain('Notifications: 2 unread');

		const en = await (await get('/en/notifications', { cookie })).text();
		expect(en).toContain('An administrator changed your role to instructor.');
		expect(en).toContain('You have been removed from the cohort Spring.');
		const zh = await (await get('/notifications', { cookie })).text();
		expect(zh).toContain('管理员已将你的角色改为讲师。');

		const notMine = await postForm(
			'/en/notifications?/markRead',
			{ id: String(theirs.id) },
			{ cookie }
		);
		expect(notMine.status).toBe(404);
		expect(
			db.select().from(notifications).where(eq(notifications.id, theirs.id)).get()?.readAt
		).toBeNull();

		expect(
			(await postForm('/en/notifications?/markRead', { id: String(a.id) }, { cookie })).status
		).toBe(200);
		expect(unreadInBell(await (await get('/en', { cookie })).text())).toBe(1);
		expect((await postForm('/en/notifications?/markAllRead', {}, { cookie })).status).toBe(200);
		expect(unreadInBell(await (await get('/en', { cookie })).text())).toBe(0);
		expect(unreadInBell(await (await get('/en', { cookie: other.cookie })).text())).toBe(1);
	});

	it('needs a signed-in user', async () => {
		expect((await get('/notifications')).status).toBe(303);
		expect((await postForm('/notifications?/markAllRead', {})).status).toBe(303);
	});
});

describe('audit log', () => {
	it('records role changes and disables by admins, and /admin/audit lists and filters them', async () => {
		const db = serverDb();
		const admin = await signedIn(db, 'admin');
		const target = await makeUser(db, { displayName: 'Audited Person' });
		const role = await postForm(
			'/en/admin/users?/setRole',
			{ userId: String(target.id), role: 'instructor' },
			{ cookie: admin.cookie }
		);
		expect(role.status).toBe(200);
		expect(await role.text()).toContain('Audited Person is now instructor.');
		const off = await postForm(
			'/en/admin/users?/setDisabled',
			{ userId: String(target.id), disabled: 'true' },
			{ cookie: admin.cookie }
		);
		expect(off.status).toBe(200);
		const on = await postForm(
			'/en/admin/users?/setDisabled',
			{ userId: String(target.id), disabled: 'false' },
			{ cookie: admin.cookie }
		);
		expect(on.status).toBe(200);

		const rows = db
			.select()
			.from(auditLog)
			.where(eq(auditLog.targetId, String(target.id)))
			.all();
		expect(rows.map((r) => [r.action, r.actorId, r.targetType])).toEqual([
			['user.role_change', admin.user.id, 'user'],
			['user.disable', admin.user.id, 'user'],
			['user.enable', admin.user.id, 'user']
		]);
		expect(rows[0]).toMatchObject({ before: '{"role":"learner"}', after: '{"role":"instructor"}' });
		// The user was told about the role change.
		expect(
			db.select().from(notifications).where(eq(notifications.userId, target.id)).get()?.kind
		).toBe('role_changed');

		const page = await (
			await get(`/en/admin/audit?targetType=user&targetId=${target.id}`, { cookie: admin.cookie })
		).text();
		expect(page).toContain('Entries: 3');
		expect(page).toContain('Role changed');
		expect(page).toContain('Account disabled');
		const filtered = await (
			await get(`/en/admin/audit?action=user.role_change&targetId=${target.id}`, {
				cookie: admin.cookie
			})
		).text();
		expect(filtered).toContain('Entries: 1');
		const byActor = await (
			await get(
				`/en/admin/audit?actor=${encodeURIComponent(admin.user.email)}&targetId=${target.id}`,
				{ cookie: admin.cookie }
			)
		).text();
		expect(byActor).toContain('Entries: 3');
		const future = await (
			await get(`/en/admin/audit?from=2099-01-01&targetId=${target.id}`, { cookie: admin.cookie })
		).text();
		expect(future).toContain('Entries: 0');
	});

	it('a refused admin action writes no audit row', async () => {
		const db = serverDb();
		const admin = await signedIn(db, 'admin');
		const r = await postForm(
			'/en/admin/users?/setDisabled',
			{ userId: String(admin.user.id), disabled: 'true' },
			{ cookie: admin.cookie }
		);
		expect(r.status).toBe(409);
		expect(
			db
				.select()
				.from(auditLog)
				.where(eq(auditLog.targetId, String(admin.user.id)))
				.all()
		).toEqual([]);
	});

	it('is for admins only', async () => {
		const instructor = await signedIn(serverDb(), 'instructor');
		expect((await get('/en/admin/audit', { cookie: instructor.cookie })).status).toBe(403);
		expect((await get('/en/admin/audit')).status).toBe(303);
	});
});
