import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import {
	auditLog,
	cohortMembers,
	cohorts,
	deletionRequests,
	notifications,
	users,
	type DeletionRequest,
	type Role,
	type User
} from '../db/schema';
import { audit } from '../audit';
import { changedNotifications, notify } from '../notifications';
import { countActiveAdmins, getUserById } from '../auth/user';
import { log } from '../log';

/**
 * Account deletion: the user asks (their password re-entered by the page), an admin confirms.
 * Deleting removes the user row, and with it (foreign-key cascades) sessions, memberships,
 * notifications, reset links and everything later features attach with `onDelete: 'cascade'`
 * (submissions, drafts, attempts, bookmarks). Data that must outlive the account in another form —
 * forum posts kept under an anonymous name — is handled by deletion hooks that features register.
 */

/** Longest reason a user may give. */
export const DELETION_REASON_MAX = 500;

/**
 * Runs inside the deletion's transaction, before the user row is deleted: detach or anonymise what
 * must survive (e.g. `tx.update(posts).set({ authorId: null })`), delete what a cascade does not
 * reach. Must be synchronous (better-sqlite3 transactions are). Throwing aborts the deletion.
 */
export type DeletionHook = (tx: Db, user: User) => void;

const hooks = new Map<string, DeletionHook>();

/** Adds a step to every account deletion (registering a name again replaces it). */
export function registerDeletionHook(name: string, hook: DeletionHook): void {
	hooks.set(name, hook);
}

/** The user's pending deletion request, if any. */
export function getDeletionRequest(db: Db, userId: number): DeletionRequest | undefined {
	return db.select().from(deletionRequests).where(eq(deletionRequests.userId, userId)).get();
}

/**
 * Records that `userId` asks for their account to be deleted (the caller has checked the
 * password), audited as "account.deletion_request"; every enabled admin gets a notification
 * (without the user's name). Asking again changes nothing.
 * @returns whether a new request was recorded.
 */
export function requestAccountDeletion(
	db: Db,
	userId: number,
	reason: string | null,
	now = new Date()
): boolean {
	return immediate(db, (tx) => {
		if (getDeletionRequest(tx, userId)) return false;
		const text = reason?.trim().slice(0, DELETION_REASON_MAX) || null;
		tx.insert(deletionRequests).values({ userId, requestedAt: now, reason: text }).run();
		audit(tx, {
			actorId: userId,
			action: 'account.deletion_request',
			targetType: 'user',
			targetId: userId,
			before: null,
			after: { requestedAt: now.toISOString() }
		});
		const admins = tx
			.select({ id: users.id })
			.from(users)
			.where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
			.all();
		for (const a of admins) notify(tx, a.id, 'deletion_requested', {});
		return true;
	});
}

/** Withdraws the user's pending request (audited). @returns false when there was none. */
export function cancelAccountDeletion(db: Db, userId: number): boolean {
	return immediate(db, (tx) => {
		const pending = getDeletionRequest(tx, userId);
		if (!pending) return false;
		tx.delete(deletionRequests).where(eq(deletionRequests.userId, userId)).run();
		audit(tx, {
			actorId: userId,
			action: 'account.deletion_cancel',
			targetType: 'user',
			targetId: userId,
			before: { requestedAt: pending.requestedAt.toISOString() },
			after: null
		});
		return true;
	});
}

/** A pending request as the admin queue shows it. */
export type DeletionQueueItem = {
	userId: number;
	displayName: string;
	email: string;
	role: Role;
	requestedAt: Date;
	reason: string | null;
	/** Cohorts this user owns (reassigned to the confirming admin). */
	ownedCohorts: number;
};

/** Every pending deletion request, oldest first. */
export function listDeletionRequests(db: Db): DeletionQueueItem[] {
	return db
		.select({
			userId: deletionRequests.userId,
			displayName: users.displayName,
			email: users.email,
			role: users.role,
			requestedAt: deletionRequests.requestedAt,
			reason: deletionRequests.reason,
			ownedCohorts: sql<number>`(select count(*) from ${cohorts} where ${cohorts.ownerId} = ${users.id})`
		})
		.from(deletionRequests)
		.innerJoin(users, eq(users.id, deletionRequests.userId))
		.orderBy(asc(deletionRequests.requestedAt))
		.all();
}

/** Number of pending deletion requests (for the admin navigation). */
export function countDeletionRequests(db: Db): number {
	return db.select({ n: count() }).from(deletionRequests).get()?.n ?? 0;
}

export type DeletionResult =
	| { ok: true; displayName: string; cohortsReassigned: number[] }
	| { ok: false; reason: 'not_found' | 'no_request' | 'self' | 'last_admin' };

/**
 * Deletes the account of `userId` on an admin's confirmation, in one transaction:
 * 1. refuses without a pending request, for oneself, or for the last enabled admin;
 * 2. gives the cohorts the user owns to the confirming admin (a cohort never blocks deletion);
 * 3. removes the user's name and email from the records kept about them elsewhere (audit rows of
 *    cohort removals, "joined your cohort" notices to the owner), then runs the registered
 *    deletion hooks (e.g. the forum keeps posts under an anonymous name);
 * 4. deletes the user row (cascades remove sessions, memberships, notifications, submissions …);
 * 5. writes one "user.delete" audit row with the user id, role and dates — no name or email.
 */
export function deleteAccount(db: Db, adminId: number, userId: number): DeletionResult {
	return immediate(db, (tx) => {
		const target = getUserById(tx, userId);
		if (!target) return { ok: false, reason: 'not_found' };
		const request = getDeletionRequest(tx, userId);
		if (!request) return { ok: false, reason: 'no_request' };
		if (target.id === adminId) return { ok: false, reason: 'self' };
		if (target.role === 'admin' && !target.disabledAt && countActiveAdmins(tx) <= 1)
			return { ok: false, reason: 'last_admin' };

		const owned = tx
			.select({ id: cohorts.id })
			.from(cohorts)
			.where(eq(cohorts.ownerId, userId))
			.all()
			.map((c) => c.id);
		if (owned.length > 0)
			tx.update(cohorts).set({ ownerId: adminId }).where(inArray(cohorts.id, owned)).run();

		forgetPersonalDataElsewhere(tx, target);
		for (const [name, hook] of hooks) {
			hook(tx, target);
			log.debug({ hook: name, userId }, 'deletion hook done');
		}

		tx.delete(users).where(eq(users.id, userId)).run();
		audit(tx, {
			actorId: adminId,
			action: 'user.delete',
			targetType: 'user',
			targetId: userId,
			before: {
				role: target.role,
				createdAt: target.createdAt.toISOString(),
				requestedAt: request.requestedAt.toISOString()
			},
			after: { cohortsReassigned: owned, hooks: [...hooks.keys()] }
		});
		return { ok: true, displayName: target.displayName, cohortsReassigned: owned };
	});
}

/**
 * The foundation's own copies of a user's name and email that no cascade reaches: the
 * "cohort.remove_member" audit rows about them (name and email dropped, the user id kept) and the
 * "X joined your cohort" notifications sent to owners of the cohorts they were in (deleted).
 */
function forgetPersonalDataElsewhere(tx: Db, user: User): void {
	tx.update(auditLog)
		.set({ before: sql`json_remove(${auditLog.before}, '$.name', '$.email')` })
		.where(
			and(
				eq(auditLog.action, 'cohort.remove_member'),
				sql`json_valid(${auditLog.before})`,
				sql`json_extract(${auditLog.before}, '$.userId') = ${user.id}`
			)
		)
		.run();
	const cohortIds = tx
		.select({ id: cohortMembers.cohortId })
		.from(cohortMembers)
		.where(eq(cohortMembers.userId, user.id))
		.all()
		.map((r) => r.id);
	if (cohortIds.length > 0) {
		tx.delete(notifications)
			.where(
				and(
					eq(notifications.kind, 'cohort_joined'),
					sql`json_extract(${notifications.payload}, '$.memberName') = ${user.displayName}`,
					inArray(sql`json_extract(${notifications.payload}, '$.cohortId')`, cohortIds)
				)
			)
			.run();
		changedNotifications(tx);
	}
}
