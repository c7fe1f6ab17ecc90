import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import { makeSession, makeUser } from '../../../../tests/support/factories';
import { auditLog, notifications, passwordResetTokens, sessions } from '../db/schema';
import {
	checkPasswordResetToken,
	createPasswordResetToken,
	issueResetLinkByAdmin,
	requestPasswordResetByEmail,
	resetLinkUrl,
	resetPasswordWithToken,
	resetTokenId
} from './password-reset';
import { getUserById, setUserDisabled, updateUserPassword } from './user';

let t: ReturnType<typeof createTestDb>;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.cleanup());

const HOUR = 3600_000;

describe('password reset links', () => {
	it('stores only the hash, audits the admin who issued it, and links in the user language', async () => {
		const admin = await makeUser(t.db, { role: 'admin' });
		const user = await makeUser(t.db, { locale: 'en' });
		const now = Date.UTC(2026, 10, 1, 8);
		const { token, expiresAt } = issueResetLinkByAdmin(t.db, admin.id, user.id, now);
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		expect(expiresAt.getTime()).toBe(now + HOUR);
		const rows = t.db.select().from(passwordResetTokens).all();
		expect(rows).toHaveLength(1);
		expect(rows[0].id).toBe(resetTokenId(token));
		expect(JSON.stringify(rows)).not.toContain(token);
		const a = t.db.select().from(auditLog).get()!;
		expect(a).toMatchObject({
			action: 'user.reset_link',
			actorId: admin.id,
			targetId: String(user.id)
		});
		expect(`${a.before}${a.after}`).not.toContain(token);
		expect(resetLinkUrl(token, 'en')).toMatch(new RegExp(`/en/reset/${token}$`));
		expect(resetLinkUrl(token, 'zh-CN')).toMatch(new RegExp(`[^n]/reset/${token}$`));
	});

	it('works once, ends all sessions, and reads "used" afterwards', async () => {
		const user = await makeUser(t.db);
		makeSession(t.db, user.id);
		makeSession(t.db, user.id);
		const now = Date.now();
		const { token } = createPasswordResetToken(t.db, user.id, { issuedBy: null, now });
		expect(checkPasswordResetToken(t.db, token, now)).toMatchObject({ ok: true, userId: user.id });
		expect(resetPasswordWithToken(t.db, token, 'new-hash', now)).toMatchObject({ ok: true });
		expect(getUserById(t.db, user.id)?.passwordHash).toBe('new-hash');
		expect(t.db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toEqual([]);
		expect(resetPasswordWithToken(t.db, token, 'again', now)).toEqual({
			ok: false,
			reason: 'used'
		});
		expect(getUserById(t.db, user.id)?.passwordHash).toBe('new-hash');
		expect(t.db.select().from(notifications).get()?.kind).toBe('password_reset');
	});

	it('expires after an hour; unknown, malformed, replaced and disabled links are refused', async () => {
		const user = await makeUser(t.db);
		const now = Date.now();
		const first = createPasswordResetToken(t.db, user.id, { issuedBy: null, now });
		expect(checkPasswordResetToken(t.db, first.token, now + HOUR - 1).ok).toBe(true);
		expect(checkPasswordResetToken(t.db, first.token, now + HOUR)).toEqual({
			ok: false,
			reason: 'expired'
		});
		expect(resetPasswordWithToken(t.db, first.token, 'h', now + HOUR)).toEqual({
			ok: false,
			reason: 'expired'
		});
		expect(checkPasswordResetToken(t.db, 'a'.repeat(32), now).ok).toBe(false);
		expect(checkPasswordResetToken(t.db, '../../etc', now)).toEqual({
			ok: false,
			reason: 'invalid'
		});
		const second = createPasswordResetToken(t.db, user.id, { issuedBy: null, now });
		expect(checkPasswordResetToken(t.db, first.token, now)).toEqual({
			ok: false,
			reason: 'invalid'
		});
		setUserDisabled(t.db, user.id, true);
		expect(checkPasswordResetToken(t.db, second.token, now)).toEqual({
			ok: false,
			reason: 'disabled'
		});
	});

	it('is voided by a password change', async () => {
		const user = await makeUser(t.db);
		const { token } = createPasswordResetToken(t.db, user.id, { issuedBy: null });
		updateUserPassword(t.db, user.id, 'changed');
		expect(checkPasswordResetToken(t.db, token)).toEqual({ ok: false, reason: 'invalid' });
	});

	it('self-service: stores a token for a known address only', async () => {
		const user = await makeUser(t.db);
		requestPasswordResetByEmail(t.db, 'nobody@example.test');
		expect(t.db.select().from(passwordResetTokens).all()).toEqual([]);
		// Mail is not configured in unit tests: the background send fails and is only logged.
		requestPasswordResetByEmail(t.db, user.email.toUpperCase());
		expect(
			t.db
				.select()
				.from(passwordResetTokens)
				.all()
				.map((r) => r.userId)
		).toEqual([user.id]);
	});
});
