import { hash } from '@node-rs/argon2';
import type { Db } from '../../src/lib/server/db';
import type { Role, User } from '../../src/lib/server/db/schema';
import { createUser } from '../../src/lib/server/auth/user';
import {
	createSession,
	generateSessionToken,
	SESSION_COOKIE
} from '../../src/lib/server/auth/session';

/** The password every factory user has. */
export const FACTORY_PASSWORD = 'correct horse battery staple';
let hashed: Promise<string> | undefined;
let seq = 0;

/** One argon2id hash of FACTORY_PASSWORD, computed once per process (tests stay fast). */
export function factoryPasswordHash(): Promise<string> {
	hashed ??= hash(FACTORY_PASSWORD, {
		algorithm: 2,
		memoryCost: 19456,
		timeCost: 2,
		parallelism: 1
	});
	return hashed;
}

/** Creates a user with unique email `<role>-<n>-<random>@example.test` unless given. */
export async function makeUser(
	db: Db,
	overrides: Partial<Pick<User, 'email' | 'displayName' | 'role' | 'timeZone' | 'locale'>> & {
		role?: Role;
	} = {}
): Promise<User> {
	seq += 1;
	const role = overrides.role ?? 'learner';
	const tag = `${role}-${seq}-${Math.random().toString(36).slice(2, 8)}`;
	return createUser(db, {
		email: overrides.email ?? `${tag}@example.test`,
		displayName: overrides.displayName ?? `Test ${tag}`,
		passwordHash: await factoryPasswordHash(),
		role,
		timeZone: overrides.timeZone,
		locale: overrides.locale
	});
}

/** Signs a user in without the (rate-limited) form: returns the session token and a Cookie header. */
export function makeSession(db: Db, userId: number): { token: string; cookie: string } {
	const token = generateSessionToken();
	createSession(db, token, userId);
	return { token, cookie: `${SESSION_COOKIE}=${token}` };
}

/** A user of `role` with a session: the usual start of an integration test. */
export async function signedIn(
	db: Db,
	role: Role = 'learner'
): Promise<{ user: User; cookie: string; token: string }> {
	const user = await makeUser(db, { role });
	return { user, ...makeSession(db, user.id) };
}
