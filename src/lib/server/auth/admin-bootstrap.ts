import { eq } from 'drizzle-orm';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Db } from '../db';
import { users } from '../db/schema';
import { hashPassword } from './password';
import { createUser, getUserByEmail } from './user';

/**
 * On a database with no admin at all, creates one (email ADMIN_EMAIL) with a one-time random
 * password of 24 base32 characters (120 bits) and returns the credentials, for the caller to print
 * once. Returns null when an admin already exists or the email belongs to a non-admin account.
 */
export async function ensureAdmin(
	db: Db,
	email: string
): Promise<{ email: string; password: string } | null> {
	const anyAdmin = db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).get();
	if (anyAdmin) return null;
	if (getUserByEmail(db, email)) return null;
	const bytes = new Uint8Array(15);
	crypto.getRandomValues(bytes);
	const password = encodeBase32LowerCaseNoPadding(bytes);
	createUser(db, {
		email,
		displayName: 'Admin',
		passwordHash: await hashPassword(password),
		role: 'admin'
	});
	return { email, password };
}
