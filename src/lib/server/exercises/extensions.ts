import { and, asc, eq } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import { contentItems, exerciseExtensions, users, type ExerciseExtension } from '../db/schema';
import { audit } from '../audit';

/** Thrown by {@link grantExtension} for an unknown exercise or learner. */
export class ExtensionError extends Error {
	constructor(public readonly code: 'unknown_exercise' | 'unknown_user') {
		super(code === 'unknown_exercise' ? 'no such exercise' : 'no such user');
		this.name = 'ExtensionError';
	}
}

/** A learner's extension for an exercise, or undefined. */
export function getExtension(
	db: Db,
	userId: number,
	itemId: string
): ExerciseExtension | undefined {
	return db
		.select()
		.from(exerciseExtensions)
		.where(and(eq(exerciseExtensions.userId, userId), eq(exerciseExtensions.itemId, itemId)))
		.get();
}

/** Every extension granted on an exercise, earliest due first (for the grading pages). */
export function listExtensions(db: Db, itemId: string): ExerciseExtension[] {
	return db
		.select()
		.from(exerciseExtensions)
		.where(eq(exerciseExtensions.itemId, itemId))
		.orderBy(asc(exerciseExtensions.dueAt), asc(exerciseExtensions.userId))
		.all();
}

/**
 * Gives learner `userId` their own due instant `dueAt` for exercise `itemId` (replacing any earlier
 * extension); the exercise's late policy then applies from that instant, in the exercise's time
 * zone. Recorded in the audit log (`exercise.extension_grant`) in the same transaction. The caller
 * checks that `grantedBy` may do this (an instructor of the learner). Granting the very same extension
 * again (same instant, reason and grantor) changes nothing and is not audited.
 * @throws ExtensionError for an unknown exercise or user.
 */
export function grantExtension(
	db: Db,
	input: {
		itemId: string;
		userId: number;
		dueAt: Date;
		grantedBy: number | null;
		reason?: string | null;
	}
): ExerciseExtension {
	return immediate(db, (tx) => {
		const item = tx
			.select({ id: contentItems.id })
			.from(contentItems)
			.where(and(eq(contentItems.id, input.itemId), eq(contentItems.kind, 'exercise')))
			.get();
		if (!item) throw new ExtensionError('unknown_exercise');
		const user = tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId)).get();
		if (!user) throw new ExtensionError('unknown_user');
		const before = getExtension(tx, input.userId, input.itemId);
		const now = new Date();
		const values = {
			dueAt: input.dueAt,
			reason: input.reason?.trim() || null,
			grantedBy: input.grantedBy,
			updatedAt: now
		};
		// The same grant again (a double post, a resent form) changes nothing and is not audited.
		if (
			before &&
			before.dueAt.getTime() === values.dueAt.getTime() &&
			before.reason === values.reason &&
			before.grantedBy === values.grantedBy
		)
			return before;
		const row = tx
			.insert(exerciseExtensions)
			.values({ userId: input.userId, itemId: input.itemId, ...values, createdAt: now })
			.onConflictDoUpdate({
				target: [exerciseExtensions.userId, exerciseExtensions.itemId],
				set: values
			})
			.returning()
			.get();
		audit(tx, {
			actorId: input.grantedBy,
			action: 'exercise.extension_grant',
			targetType: 'exercise_extension',
			targetId: `${input.itemId}/${input.userId}`,
			before: before ? { dueAt: before.dueAt.toISOString() } : null,
			after: { dueAt: input.dueAt.toISOString() },
			reason: values.reason
		});
		return row;
	});
}

/** Removes a learner's extension (audited as `exercise.extension_revoke`); false when there was none. */
export function revokeExtension(
	db: Db,
	input: { itemId: string; userId: number; revokedBy: number | null; reason?: string | null }
): boolean {
	return immediate(db, (tx) => {
		const before = getExtension(tx, input.userId, input.itemId);
		if (!before) return false;
		tx.delete(exerciseExtensions)
			.where(
				and(
					eq(exerciseExtensions.userId, input.userId),
					eq(exerciseExtensions.itemId, input.itemId)
				)
			)
			.run();
		audit(tx, {
			actorId: input.revokedBy,
			action: 'exercise.extension_revoke',
			targetType: 'exercise_extension',
			targetId: `${input.itemId}/${input.userId}`,
			before: { dueAt: before.dueAt.toISOString() },
			after: null,
			reason: input.reason
		});
		return true;
	});
}
