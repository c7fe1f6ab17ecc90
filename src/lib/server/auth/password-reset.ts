import { and, eq, isNull, lt, ne, or } from 'drizzle-orm';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { immediate, type Db } from '../db';
import { passwordResetTokens, users, type Locale } from '../db/schema';
import { getConfig } from '../config';
import { audit } from '../audit';
import { notify } from '../notifications';
import { invalidateUserSessions } from './session';
import { getUserByEmail } from './user';
import { getSetting } from '../settings';
import { sendMailInBackground } from '../mail';
import { localizeHref } from '../../paraglide/runtime';
import { m } from '../../paraglide/messages';

/**
 * One-time password-reset links (OWASP Forgot Password Cheat Sheet): a random 160-bit token in the
 * link, only its SHA-256 stored, valid for RESET_TOKEN_TTL_MS (1 hour), single use. Issuing a new
 * link for a user voids their older unused ones; a password change voids them all.
 */

/** A new reset token: 20 random bytes as lower-case base32 (32 characters). */
export function generateResetToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** The stored id of a token: hex SHA-256. */
export function resetTokenId(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Absolute URL of the reset page for `token`, in `locale` ("/en/…" for English). */
export function resetLinkUrl(token: string, locale: Locale): string {
	return getConfig().ORIGIN + localizeHref(`/reset/${token}`, { locale });
}

/**
 * Stores a new reset token for `userId` (voiding their older unused ones) and returns the token,
 * which exists nowhere else: show or send it once. `issuedBy` is the admin, or null (self-service).
 */
export function createPasswordResetToken(
	db: Db,
	userId: number,
	opts: { issuedBy: number | null; now?: number; token?: string }
): { token: string; expiresAt: Date } {
	const now = opts.now ?? Date.now();
	const token = opts.token ?? generateResetToken();
	const expiresAt = new Date(now + getConfig().RESET_TOKEN_TTL_MS);
	// Void older unused links; forget used ones after a month (kept until then so reuse reads clearly).
	db.delete(passwordResetTokens)
		.where(
			and(
				eq(passwordResetTokens.userId, userId),
				or(
					isNull(passwordResetTokens.usedAt),
					lt(passwordResetTokens.usedAt, new Date(now - 30 * 24 * 3600_000))
				)
			)
		)
		.run();
	db.insert(passwordResetTokens)
		.values({
			id: resetTokenId(token),
			userId,
			expiresAt,
			issuedBy: opts.issuedBy,
			createdAt: new Date(now)
		})
		.run();
	return { token, expiresAt };
}

/**
 * An admin issues a reset link for a user: token stored, audited as "user.reset_link" (the audit
 * row holds the expiry, never the token). @returns the token and its expiry.
 */
export function issueResetLinkByAdmin(
	db: Db,
	adminId: number,
	userId: number,
	now = Date.now()
): { token: string; expiresAt: Date } {
	return immediate(db, (tx) => {
		const issued = createPasswordResetToken(tx, userId, { issuedBy: adminId, now });
		audit(tx, {
			actorId: adminId,
			action: 'user.reset_link',
			targetType: 'user',
			targetId: userId,
			before: null,
			after: { expiresAt: issued.expiresAt.toISOString() }
		});
		return issued;
	});
}

export type ResetCheck =
	| { ok: true; userId: number; expiresAt: Date }
	| { ok: false; reason: 'invalid' | 'expired' | 'used' | 'disabled' };

/** Checks a token from a link without using it: unknown, expired, used, or the account disabled. */
export function checkPasswordResetToken(db: Db, token: string, now = Date.now()): ResetCheck {
	if (!/^[a-z2-7]{32}$/.test(token)) return { ok: false, reason: 'invalid' };
	const row = db
		.select({
			userId: passwordResetTokens.userId,
			expiresAt: passwordResetTokens.expiresAt,
			usedAt: passwordResetTokens.usedAt,
			disabledAt: users.disabledAt
		})
		.from(passwordResetTokens)
		.innerJoin(users, eq(users.id, passwordResetTokens.userId))
		.where(eq(passwordResetTokens.id, resetTokenId(token)))
		.get();
	if (!row) return { ok: false, reason: 'invalid' };
	if (row.usedAt) return { ok: false, reason: 'used' };
	if (now >= row.expiresAt.getTime()) return { ok: false, reason: 'expired' };
	if (row.disabledAt) return { ok: false, reason: 'disabled' };
	return { ok: true, userId: row.userId, expiresAt: row.expiresAt };
}

/**
 * Uses a reset token: in one transaction re-checks it, marks it used, sets the new password hash,
 * ends every session of the user, voids their other tokens and notifies them ("password_reset").
 * @param passwordHash from hashPassword(), computed before (hashing is slow; the write lock is not held).
 */
export function resetPasswordWithToken(
	db: Db,
	token: string,
	passwordHash: string,
	now = Date.now()
): ResetCheck {
	return immediate(db, (tx) => {
		const check = checkPasswordResetToken(tx, token, now);
		if (!check.ok) return check;
		const id = resetTokenId(token);
		tx.update(passwordResetTokens)
			.set({ usedAt: new Date(now) })
			.where(eq(passwordResetTokens.id, id))
			.run();
		tx.update(users).set({ passwordHash }).where(eq(users.id, check.userId)).run();
		invalidateUserSessions(tx, check.userId);
		tx.delete(passwordResetTokens)
			.where(
				and(
					eq(passwordResetTokens.userId, check.userId),
					ne(passwordResetTokens.id, id),
					isNull(passwordResetTokens.usedAt)
				)
			)
			.run();
		notify(tx, check.userId, 'password_reset', {});
		return check;
	});
}

/**
 * Self-service request: when `email` belongs to an enabled account, stores a token and mails the
 * link in the background, in the account's preferred language; otherwise does nothing visible. Either way the same work
 * is done in the request (a token is generated and hashed, the user looked up) and nothing waits
 * for SMTP, so neither the answer nor its timing tells whether the address is registered.
 * Call only when isMailConfigured().
 */
export function requestPasswordResetByEmail(db: Db, email: string, now = Date.now()): void {
	const token = generateResetToken();
	resetTokenId(token); // hashed for unknown addresses too, as createPasswordResetToken does below
	const user = getUserByEmail(db, email);
	if (!user || user.disabledAt) return;
	const { expiresAt } = immediate(db, (tx) =>
		createPasswordResetToken(tx, user.id, { issuedBy: null, now, token })
	);
	const locale = user.locale;
	const site = getSetting(db, 'siteName') || m.site_name({}, { locale });
	const minutes = Math.round((expiresAt.getTime() - now) / 60_000);
	sendMailInBackground(
		{
			to: user.email,
			subject: m.reset_mail_subject({ site }, { locale }),
			text: m.reset_mail_body(
				{ name: user.displayName, site, link: resetLinkUrl(token, locale), minutes },
				{ locale }
			)
		},
		{ userId: user.id, purpose: 'password-reset' }
	);
}
