import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, desc, eq, gt } from 'drizzle-orm';
import type { Cookies } from '@sveltejs/kit';
import type { Db } from '../db';
import { sessions, users, type Session, type User } from '../db/schema';
import { getConfig } from '../config';

/**
 * Sessions built from the Lucia guide (lucia-auth.com, "Basic session API"), since the `lucia`
 * package itself is deprecated: a random token goes in the cookie; only its SHA-256 is stored.
 */

export const SESSION_COOKIE = 'casebook_session';

export type SessionUser = Pick<
	User,
	'id' | 'email' | 'displayName' | 'role' | 'timeZone' | 'locale' | 'disabledAt'
>;
export type SessionValidation =
	{ session: Session; user: SessionUser } | { session: null; user: null };

/** A new session token: 20 random bytes (160 bits) as lower-case base32, 32 characters. */
export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** The stored session id for a token: hex SHA-256. */
export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/**
 * Creates a session for `userId`. Sliding expiry now + SESSION_TTL_MS (30 days); absolute expiry
 * now + SESSION_ABSOLUTE_MS (90 days), never extended.
 */
export function createSession(
	db: Db,
	token: string,
	userId: number,
	meta: { userAgent?: string | null; ip?: string | null } = {},
	now = Date.now()
): Session {
	const cfg = getConfig();
	const session: Session = {
		id: sessionIdFromToken(token),
		userId,
		expiresAt: new Date(now + cfg.SESSION_TTL_MS),
		absoluteExpiresAt: new Date(now + cfg.SESSION_ABSOLUTE_MS),
		createdAt: new Date(now),
		userAgent: meta.userAgent?.slice(0, 300) ?? null,
		ip: meta.ip ?? null
	};
	db.insert(sessions).values(session).run();
	return session;
}

/**
 * Looks up the session for a cookie token. Deletes it and returns nulls when expired (sliding or
 * absolute) or when the user is disabled. Renews the sliding expiry when less than
 * SESSION_RENEW_MS (15 days) remain, capped at the absolute expiry; check `session.expiresAt`
 * to refresh the cookie.
 */
export function validateSessionToken(db: Db, token: string, now = Date.now()): SessionValidation {
	const cfg = getConfig();
	const id = sessionIdFromToken(token);
	const row = db
		.select({
			session: sessions,
			user: {
				id: users.id,
				email: users.email,
				displayName: users.displayName,
				role: users.role,
				timeZone: users.timeZone,
				locale: users.locale,
				disabledAt: users.disabledAt
			}
		})
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.where(eq(sessions.id, id))
		.get();
	if (!row) return { session: null, user: null };
	const { session, user } = row;
	if (
		now >= session.expiresAt.getTime() ||
		now >= session.absoluteExpiresAt.getTime() ||
		user.disabledAt
	) {
		db.delete(sessions).where(eq(sessions.id, id)).run();
		return { session: null, user: null };
	}
	if (now >= session.expiresAt.getTime() - cfg.SESSION_RENEW_MS) {
		const renewed = Math.min(now + cfg.SESSION_TTL_MS, session.absoluteExpiresAt.getTime());
		session.expiresAt = new Date(renewed);
		db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, id)).run();
	}
	return { session, user };
}

/** Ends one session. */
export function invalidateSession(db: Db, sessionId: string): void {
	db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** Ends every session of a user (password change, disable, "sign out everywhere"). */
export function invalidateUserSessions(db: Db, userId: number): void {
	db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

/**
 * Sets the session cookie with every attribute explicit: HttpOnly, SameSite=Lax, Path=/,
 * Secure when the site is served over https, and Expires at the session's sliding expiry.
 */
export function setSessionCookie(
	cookies: Cookies,
	token: string,
	expiresAt: Date,
	secure: boolean
): void {
	cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		path: '/',
		secure,
		expires: expiresAt
	});
}

/** Clears the session cookie (same attributes, Max-Age 0). */
export function deleteSessionCookie(cookies: Cookies, secure: boolean): void {
	cookies.set(SESSION_COOKIE, '', {
		httpOnly: true,
		sameSite: 'lax',
		path: '/',
		secure,
		maxAge: 0
	});
}

export type SessionListItem = Pick<Session, 'id' | 'createdAt' | 'expiresAt' | 'userAgent' | 'ip'>;

/** A user's unexpired sessions, newest first (for "active sessions" on the account page). */
export function listUserSessions(db: Db, userId: number, now = Date.now()): SessionListItem[] {
	return db
		.select({
			id: sessions.id,
			createdAt: sessions.createdAt,
			expiresAt: sessions.expiresAt,
			userAgent: sessions.userAgent,
			ip: sessions.ip
		})
		.from(sessions)
		.where(
			and(
				eq(sessions.userId, userId),
				gt(sessions.expiresAt, new Date(now)),
				gt(sessions.absoluteExpiresAt, new Date(now))
			)
		)
		.orderBy(desc(sessions.createdAt))
		.all();
}
