import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { auditLog, notifications } from '../db/schema';
import { changeUserDisabled, changeUserRole } from './admin-users';

let t: ReturnType<typeof createTestDb>;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.cleanup());

describe('admin changes to accounts', () => {
	it('audits a role change and tells the user; the same role again writes nothing', async () => {
		const admin = await makeUser(t.db, { role: 'admin' });
		const u = await makeUser(t.db);
		expect(changeUserRole(t.db, admin.id, u.id, 'instructor')).toMatchObject({
			ok: true,
			changed: true
		});
		expect(changeUserRole(t.db, admin.id, u.id, 'instructor')).toMatchObject({
			ok: true,
			changed: false
		});
		const rows = t.db.select().from(auditLog).all();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			actorId: admin.id,
			action: 'user.role_change',
			targetType: 'user',
			targetId: String(u.id),
			before: '{"role":"learner"}',
			after: '{"role":"instructor"}'
		});
		expect(
			t.db
				.select()
				.from(notifications)
				.all()
				.map((n) => n.kind)
		).toEqual(['role_changed']);
	});

	it('keeps the last admin and refuses disabling oneself, writing no audit row', async () => {
		const admin = await makeUser(t.db, { role: 'admin' });
		expect(changeUserRole(t.db, admin.id, admin.id, 'learner')).toEqual({
			ok: false,
			reason: 'last_admin'
		});
		expect(changeUserDisabled(t.db, admin.id, admin.id, true)).toEqual({
			ok: false,
			reason: 'self'
		});
		expect(changeUserRole(t.db, admin.id, 9999, 'learner')).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(t.db.select().from(auditLog).all()).toEqual([]);
	});

	it('audits disable and enable with the times', async () => {
		const admin = await makeUser(t.db, { role: 'admin' });
		const u = await makeUser(t.db);
		const at = new Date(Date.UTC(2026, 10, 2, 3));
		changeUserDisabled(t.db, admin.id, u.id, true, at);
		changeUserDisabled(t.db, admin.id, u.id, false);
		const rows = t.db.select().from(auditLog).all();
		expect(rows.map((r) => r.action)).toEqual(['user.disable', 'user.enable']);
		expect(rows[0].after).toBe(`{"disabledAt":"${at.toISOString()}"}`);
		expect(rows[1].before).toBe(`{"disabledAt":"${at.toISOString()}"}`);
	});
});
