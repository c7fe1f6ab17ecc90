import { and, eq } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import { cohortMembers, cohorts, users, type Cohort, type Role } from '../db/schema';
import { audit } from '../audit';
import { notify } from '../notifications';
import { generateInviteCode, normaliseInviteCode } from './invite-code';
import type { CohortInput } from './schemas';
import { todayIn } from '../time';

export * from './invite-code';
export * from './schemas';
export * from './queries';
export { todayIn } from '../time';

/** The acting user, as far as cohort rules care. */
export type Actor = { id: number; role: Role };

/** True when the cohort's term has ended in its own time zone (its invite code no longer works). */
export function isCohortOver(
	cohort: Pick<Cohort, 'endDate' | 'timeZone'>,
	now: Date | number = Date.now()
): boolean {
	return todayIn(cohort.timeZone, now) > cohort.endDate;
}

/** True when `user` may see and manage `cohort`: its owner, or any admin. */
export function canManageCohort(user: Actor, cohort: Pick<Cohort, 'ownerId'>): boolean {
	return user.role === 'admin' || (user.role === 'instructor' && cohort.ownerId === user.id);
}

/** The cohort with this id, or undefined. */
export function getCohort(db: Db, id: number): Cohort | undefined {
	return db.select().from(cohorts).where(eq(cohorts.id, id)).get();
}

const snapshot = (c: Cohort) => ({
	name: c.name,
	startDate: c.startDate,
	endDate: c.endDate,
	timeZone: c.timeZone
});

/** A random invite code no cohort uses yet (call inside the writing transaction). */
function freshInviteCode(tx: Db): string {
	for (;;) {
		const code = generateInviteCode();
		if (!tx.select({ id: cohorts.id }).from(cohorts).where(eq(cohorts.inviteCode, code)).get())
			return code;
	}
}

/**
 * Creates a cohort owned by `owner` with a new invite code; audited as "cohort.create".
 * @param createKey the create form's one-time key: when `owner` already made a cohort with it (a
 *   double submit), that cohort is returned and nothing is written. Checked and written in one
 *   IMMEDIATE transaction, so two racing posts make one cohort.
 */
export function createCohort(
	db: Db,
	owner: Actor,
	input: CohortInput,
	createKey: string | null = null
): Cohort {
	return immediate(db, (tx) => {
		if (createKey) {
			const existing = tx
				.select()
				.from(cohorts)
				.where(and(eq(cohorts.ownerId, owner.id), eq(cohorts.createKey, createKey)))
				.get();
			if (existing) return existing;
		}
		const cohort = tx
			.insert(cohorts)
			.values({ ...input, ownerId: owner.id, inviteCode: freshInviteCode(tx), createKey })
			.returning()
			.get();
		audit(tx, {
			actorId: owner.id,
			action: 'cohort.create',
			targetType: 'cohort',
			targetId: cohort.id,
			before: null,
			after: snapshot(cohort)
		});
		return cohort;
	});
}

/**
 * Changes a cohort's name, term dates and time zone; audited ("cohort.update", before → after)
 * when anything changed. @returns the updated cohort, or undefined when it does not exist.
 */
export function updateCohort(
	db: Db,
	actor: Actor,
	id: number,
	input: CohortInput
): Cohort | undefined {
	return immediate(db, (tx) => {
		const before = getCohort(tx, id);
		if (!before) return undefined;
		const after = tx.update(cohorts).set(input).where(eq(cohorts.id, id)).returning().get();
		if (JSON.stringify(snapshot(before)) !== JSON.stringify(snapshot(after))) {
			audit(tx, {
				actorId: actor.id,
				action: 'cohort.update',
				targetType: 'cohort',
				targetId: id,
				before: snapshot(before),
				after: snapshot(after)
			});
		}
		return after;
	});
}

/**
 * Replaces the cohort's invite code (the old one stops working at once); audited as
 * "cohort.regenerate_code" without the codes themselves. @returns the new code, or undefined.
 */
export function regenerateInviteCode(db: Db, actor: Actor, id: number): string | undefined {
	return immediate(db, (tx) => {
		if (!getCohort(tx, id)) return undefined;
		const code = freshInviteCode(tx);
		tx.update(cohorts).set({ inviteCode: code }).where(eq(cohorts.id, id)).run();
		audit(tx, {
			actorId: actor.id,
			action: 'cohort.regenerate_code',
			targetType: 'cohort',
			targetId: id,
			before: null,
			after: null
		});
		return code;
	});
}

export type InviteCheck =
	{ ok: true; cohort: Cohort } | { ok: false; reason: 'unknown' | 'expired'; cohort?: Cohort };

/** Looks up an invite code as typed (any case, dashes/spaces allowed); refuses unknown and past-term codes. */
export function checkInviteCode(
	db: Db,
	code: string,
	now: Date | number = Date.now()
): InviteCheck {
	const cohort = db
		.select()
		.from(cohorts)
		.where(eq(cohorts.inviteCode, normaliseInviteCode(code)))
		.get();
	if (!cohort) return { ok: false, reason: 'unknown' };
	if (isCohortOver(cohort, now)) return { ok: false, reason: 'expired', cohort };
	return { ok: true, cohort };
}

/**
 * Adds `user` to the cohort of a valid invite code and tells the cohort's owner (notification
 * "cohort_joined"). Joining a cohort one already belongs to changes nothing.
 * Call inside a transaction when it must commit with other writes (registration).
 */
export function joinCohortByCode(
	db: Db,
	user: { id: number; displayName: string },
	code: string,
	now: Date | number = Date.now()
): InviteCheck & { alreadyMember?: boolean } {
	const check = checkInviteCode(db, code, now);
	if (!check.ok) return check;
	const inserted = db
		.insert(cohortMembers)
		.values({ cohortId: check.cohort.id, userId: user.id, joinedAt: new Date(now) })
		.onConflictDoNothing()
		.run();
	if (inserted.changes === 0) return { ...check, alreadyMember: true };
	if (check.cohort.ownerId !== user.id) {
		notify(db, check.cohort.ownerId, 'cohort_joined', {
			cohortId: check.cohort.id,
			cohortName: check.cohort.name,
			memberName: user.displayName
		});
	}
	return { ...check, alreadyMember: false };
}

/**
 * Removes a member; audited ("cohort.remove_member") and the member is notified.
 * @returns false when they were not a member.
 */
export function removeCohortMember(
	db: Db,
	actor: Actor,
	cohortId: number,
	userId: number
): boolean {
	return immediate(db, (tx) => {
		const cohort = getCohort(tx, cohortId);
		const member = tx
			.select({ name: users.displayName, email: users.email })
			.from(cohortMembers)
			.innerJoin(users, eq(users.id, cohortMembers.userId))
			.where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)))
			.get();
		if (!cohort || !member) return false;
		tx.delete(cohortMembers)
			.where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)))
			.run();
		audit(tx, {
			actorId: actor.id,
			action: 'cohort.remove_member',
			targetType: 'cohort',
			targetId: cohortId,
			before: { userId, name: member.name, email: member.email },
			after: null
		});
		notify(tx, userId, 'cohort_removed', { cohortName: cohort.name });
		return true;
	});
}
