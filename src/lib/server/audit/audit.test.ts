import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { auditLog } from '../db/schema';
import { audit, auditActionLabel, listAuditEntries, listAuditFacets } from './index';

let t: ReturnType<typeof createTestDb>;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.cleanup());

describe('audit log', () => {
	it('records who, what, before and after as JSON, and filters', async () => {
		const alice = await makeUser(t.db, { role: 'admin', displayName: 'Alice Admin' });
		const bob = await makeUser(t.db, { role: 'admin', displayName: 'Bob Boss' });
		audit(t.db, {
			actorId: alice.id,
			action: 'user.role_change',
			targetType: 'user',
			targetId: 7,
			before: { role: 'learner' },
			after: { role: 'instructor' },
			reason: '  promoted  '
		});
		audit(t.db, {
			actorId: bob.id,
			action: 'user.disable',
			targetType: 'user',
			targetId: 8,
			before: null,
			after: { x: 1 }
		});
		audit(t.db, {
			actorId: null,
			action: 'settings.update',
			targetType: 'settings',
			targetId: 'siteName',
			before: null,
			after: null
		});
		// Back-date one row to test the date range.
		t.db
			.update(auditLog)
			.set({ createdAt: new Date(Date.UTC(2026, 0, 1)) })
			.run();
		audit(t.db, {
			actorId: alice.id,
			action: 'user.enable',
			targetType: 'user',
			targetId: 8,
			before: null,
			after: null
		});

		const all = listAuditEntries(t.db);
		expect(all.total).toBe(4);
		expect(all.rows[0].action).toBe('user.enable'); // newest first
		const first = all.rows.find((r) => r.action === 'user.role_change')!;
		expect(first).toMatchObject({
			targetId: '7',
			before: '{"role":"learner"}',
			after: '{"role":"instructor"}',
			reason: 'promoted',
			actorName: 'Alice Admin'
		});

		expect(listAuditEntries(t.db, { action: 'user.disable' }).rows.map((r) => r.actorId)).toEqual([
			bob.id
		]);
		expect(listAuditEntries(t.db, { actor: 'alice' }).total).toBe(2);
		expect(listAuditEntries(t.db, { targetType: 'user', targetId: '8' }).total).toBe(2);
		expect(listAuditEntries(t.db, { from: new Date(Date.UTC(2026, 5, 1)) }).total).toBe(1);
		expect(listAuditEntries(t.db, { to: new Date(Date.UTC(2026, 5, 1)) }).total).toBe(3);
		expect(listAuditEntries(t.db, {}, { page: 2, pageSize: 3 }).rows).toHaveLength(1);
		expect(listAuditFacets(t.db)).toEqual({
			actions: ['settings.update', 'user.disable', 'user.enable', 'user.role_change'],
			targetTypes: ['settings', 'user']
		});
	});

	it('labels known actions and shows unknown ones as they are', () => {
		expect(auditActionLabel('user.role_change')).not.toBe('user.role_change');
		expect(auditActionLabel('grading.override')).toBe('grading.override');
	});
});
