import { and, asc, count, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { passwordResetTokens, users, type Role, type User, type Locale } from '../db/schema';
import { invalidateUserSessions } from './session';

/** Canonical form of an email for storage and lookup: trimmed, lower-cased. */
export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

/** The user with this email (any case), or undefined. */
export function getUserByEmail(db: Db, email: string): User | undefined {
	return db
		.select()
		.from(users)
		.where(eq(users.email, normaliseEmail(email)))
		.get();
}

/** The user with this id, or undefined. */
export function getUserById(db: Db, id: number): User | undefined {
	return db.select().from(users).where(eq(users.id, id)).get();
}

/** Thrown by {@link createUser} when the email is already registered. */
export class EmailTakenError extends Error {
	constructor() {
		super('email already registered');
		this.name = 'EmailTakenError';
	}
}

/**
 * Inserts a user. `passwordHash` must come from hashPassword().
 * @throws EmailTakenError when the (normalised) email exists.
 */
export function createUser(
	db: Db,
	input: {
		email: string;
		displayName: string;
		passwordHash: string;
		role?: Role;
		timeZone?: string;
		locale?: Locale;
	}
): User {
	try {
		return db
			.insert(users)
			.values({
				...input,
				email: normaliseEmail(input.email),
				displayName: input.displayName.trim()
			})
			.returning()
			.get();
	} catch (e) {
		if (e instanceof Error && 'code' in e && e.code === 'SQLITE_CONSTRAINT_UNIQUE') {
			throw new EmailTakenError();
		}
		throw e;
	}
}

export type UserListItem = Pick<
	User,
	'id' | 'email' | 'displayName' | 'role' | 'disabledAt' | 'createdAt'
>;

/**
 * One page of users, oldest first, optionally filtered by a substring of the name or email and by role.
 * @param page 1-based page number; `pageSize` rows per page.
 * @returns the rows and the total count matching the filter.
 */
export function listUsers(
	db: Db,
	opts: { q?: string; role?: Role; page?: number; pageSize?: number } = {}
): { rows: UserListItem[]; total: number } {
	const pageSize = opts.pageSize ?? 50;
	const page = Math.max(1, opts.page ?? 1);
	const q = opts.q?.trim();
	const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
	const where = and(
		pattern
			? or(
					sql`${users.email} like ${pattern} escape '\\'`,
					sql`${users.displayName} like ${pattern} escape '\\'`
				)
			: undefined,
		opts.role ? eq(users.role, opts.role) : undefined
	);
	const rows = db
		.select({
			id: users.id,
			email: users.email,
			displayName: users.displayName,
			role: users.role,
			disabledAt: users.disabledAt,
			createdAt: users.createdAt
		})
		.from(users)
		.where(where)
		.orderBy(asc(users.id))
		.limit(pageSize)
		.offset((page - 1) * pageSize)
		.all();
	const total = db.select({ n: count() }).from(users).where(where).get()?.n ?? 0;
	return { rows, total };
}

/** Number of enabled admins (the last one may not be demoted or disabled). */
export function countActiveAdmins(db: Db): number {
	return (
		db
			.select({ n: count() })
			.from(users)
			.where(and(eq(users.role, 'admin'), sql`${users.disabledAt} is null`))
			.get()?.n ?? 0
	);
}

/** Sets a user's role. Returns the previous role, or undefined when the user does not exist. */
export function setUserRole(db: Db, userId: number, role: Role): Role | undefined {
	const before = getUserById(db, userId);
	if (!before) return undefined;
	db.update(users).set({ role }).where(eq(users.id, userId)).run();
	return before.role;
}

/** Disables (or re-enables) a user; disabling ends all their sessions at once. */
export function setUserDisabled(db: Db, userId: number, disabled: boolean, now = new Date()): void {
	db.update(users)
		.set({ disabledAt: disabled ? now : null })
		.where(eq(users.id, userId))
		.run();
	if (disabled) invalidateUserSessions(db, userId);
}

/** Replaces the password hash, ends every session of the user and voids their unused reset links. */
export function updateUserPassword(db: Db, userId: number, passwordHash: string): void {
	db.transaction((tx) => {
		tx.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
		invalidateUserSessions(tx as unknown as Db, userId);
		tx.delete(passwordResetTokens)
			.where(
				and(eq(passwordResetTokens.userId, userId), sql`${passwordResetTokens.usedAt} is null`)
			)
			.run();
	});
}

/** Sets display name, time zone and language of a user (values already validated). */
export function updateUserProfile(
	db: Db,
	userId: number,
	profile: { displayName: string; timeZone: string; locale: Locale }
): void {
	db.update(users)
		.set({ ...profile, displayName: profile.displayName.trim() })
		.where(eq(users.id, userId))
		.run();
}

/**
 * Changes a user's email (normalised).
 * @throws EmailTakenError when another account has it.
 */
export function updateUserEmail(db: Db, userId: number, email: string): void {
	try {
		db.update(users)
			.set({ email: normaliseEmail(email) })
			.where(eq(users.id, userId))
			.run();
	} catch (e) {
		if (e instanceof Error && 'code' in e && e.code === 'SQLITE_CONSTRAINT_UNIQUE') {
			throw new EmailTakenError();
		}
		throw e;
	}
}
