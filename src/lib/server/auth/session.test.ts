import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { sessions } from '../db/schema';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	invalidateUserSessions,
	sessionIdFromToken,
	validateSessionToken
} from './session';
import { setUserDisabled } from './user';
import type { Db } from '../db';

const DAY = 86_400_000;
let t: ReturnType<typeof createTestDb>;
let db: Db;
beforeEach(() => {
	t = createTestDb();
	db = t.db;
});
afterEach(() => t.cleanup());

describe('sessions (Lucia guide)', () => {
	it('uses 160-bit random tokens and stores only their SHA-256', async () => {
		const token = generateSessionToken();
		expect(token).toMatch(/^[a-z2-7]{32}$/); // 20 bytes → 32 base32 chars
		expect(generateSessionToken()).not.toBe(token);
		const user = await makeUser(db);
		createSession(db, token, user.id);
		const row = db.select().from(sessions).get()!;
		expect(row.id).toBe(sessionIdFromToken(token));
		expect(row.id).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(row)).not.toContain(token);
	});

	it('validates, renews in the last 15 days, and expires after 30 idle days', async () => {
		const user = await makeUser(db);
		const now = Date.UTC(2026, 0, 1);
		const token = generateSessionToken();
		createSession(db, token, user.id, {}, now);

		const early = validateSessionToken(db, token, now + 10 * DAY);
		expect(early.user?.id).toBe(user.id);
		expect(early.session!.expiresAt.getTime()).toBe(now + 30 * DAY); // not renewed yet

		const late = validateSessionToken(db, token, now + 20 * DAY);
		expect(late.session!.expiresAt.getTime()).toBe(now + 50 * DAY); // renewed

		expect(validateSessionToken(db, token, now + 50 * DAY).session).toBeNull(); // idle too long
		expect(db.select().from(sessions).all()).toHaveLength(0); // and deleted
	});

	it('never outlives the absolute lifetime, however active', async () => {
		const user = await makeUser(db);
		const now = Date.UTC(2026, 0, 1);
		const token = generateSessionToken();
		createSession(db, token, user.id, {}, now);
		for (let d = 20; d < 90; d += 20)
			expect(validateSessionToken(db, token, now + d * DAY).session).not.toBeNull();
		const capped = validateSessionToken(db, token, now + 80 * DAY);
		expect(capped.session!.expiresAt.getTime()).toBe(now + 90 * DAY);
		expect(validateSessionToken(db, token, now + 90 * DAY).session).toBeNull();
	});

	it('rejects unknown tokens', () => {
		expect(validateSessionToken(db, generateSessionToken())).toEqual({ session: null, user: null });
	});

	it('invalidates one session, all of a user, and those of a disabled user', async () => {
		const a = await makeUser(db);
		const b = await makeUser(db);
		const [t1, t2, t3] = [generateSessionToken(), generateSessionToken(), generateSessionToken()];
		createSession(db, t1, a.id);
		createSession(db, t2, a.id);
		createSession(db, t3, b.id);
		invalidateSession(db, sessionIdFromToken(t1));
		expect(validateSessionToken(db, t1).session).toBeNull();
		expect(validateSessionToken(db, t2).session).not.toBeNull();
		invalidateUserSessions(db, a.id);
		expect(validateSessionToken(db, t2).session).toBeNull();
		expect(validateSessionToken(db, t3).session).not.toBeNull();
		setUserDisabled(db, b.id, true);
		expect(validateSessionToken(db, t3).session).toBeNull();
		expect(db.select().from(sessions).where(eq(sessions.userId, b.id)).all()).toHaveLength(0);
	});
});
