import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { notifications } from '../db/schema';
import {
	countUnread,
	listNotifications,
	markAllNotificationsRead,
	markNotificationRead,
	notify
} from './index';

let t: ReturnType<typeof createTestDb>;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.cleanup());

describe('notifications', () => {
	it('stores kind and payload, and renders the text in the reader language at read time', async () => {
		const u = await makeUser(t.db);
		notify(t.db, u.id, 'cohort_removed', { cohortName: '2026 秋季班' });
		notify(t.db, u.id, 'role_changed', { role: 'instructor' });
		const stored = t.db.select().from(notifications).all();
		expect(stored.map((r) => r.payload)).toEqual([
			'{"cohortName":"2026 秋季班"}',
			'{"role":"instructor"}'
		]);
		const en = listNotifications(t.db, u.id, 'en').rows.map((r) => r.text);
		const zh = listNotifications(t.db, u.id, 'zh-CN').rows.map((r) => r.text);
		expect(en).toContain('An administrator changed your role to instructor.');
		expect(en).toContain('You have been removed from the cohort 2026 秋季班.');
		expect(zh).toContain('管理员已将你的角色改为讲师。');
	});

	it('refuses a payload that does not fit the kind', async () => {
		const u = await makeUser(t.db);
		expect(() =>
			notify(t.db, u.id, 'role_changed', { role: 'emperor' } as unknown as { role: 'admin' })
		).toThrow();
		expect(countUnread(t.db, u.id)).toBe(0);
	});

	it('counts unread, marks one (only one own) and all read', async () => {
		const u = await makeUser(t.db);
		const other = await makeUser(t.db);
		const a = notify(t.db, u.id, 'password_reset', {});
		notify(t.db, u.id, 'password_reset', {});
		notify(t.db, u.id, 'password_reset', {});
		const theirs = notify(t.db, other.id, 'password_reset', {});
		expect(countUnread(t.db, u.id)).toBe(3);
		expect(markNotificationRead(t.db, u.id, theirs.id)).toBe(false);
		expect(countUnread(t.db, other.id)).toBe(1);
		expect(markNotificationRead(t.db, u.id, a.id)).toBe(true);
		expect(countUnread(t.db, u.id)).toBe(2);
		expect(markAllNotificationsRead(t.db, u.id)).toBe(2);
		expect(countUnread(t.db, u.id)).toBe(0);
		expect(countUnread(t.db, other.id)).toBe(1);
	});

	it('reads an unknown kind as a generic notice instead of failing', async () => {
		const u = await makeUser(t.db);
		t.db.insert(notifications).values({ userId: u.id, kind: 'retired_kind', payload: '{}' }).run();
		expect(listNotifications(t.db, u.id, 'en').rows[0]).toMatchObject({
			text: 'You have a notification.',
			href: null
		});
	});
});
