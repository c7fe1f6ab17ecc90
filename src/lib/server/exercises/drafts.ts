import { and, eq, lte } from 'drizzle-orm';
import type { Db } from '../db';
import { exerciseDrafts, type ExerciseDraft } from '../db/schema';

/** CRLF and CR line breaks as LF: a form post sends CRLF, a script LF; both count and store alike. */
export function normaliseNewlines(text: string): string {
	return text.replace(/\r\n?/g, '\n');
}

/** A learner's autosaved working copy of an exercise answer, or undefined. */
export function getDraft(db: Db, userId: number, itemId: string): ExerciseDraft | undefined {
	return db
		.select()
		.from(exerciseDrafts)
		.where(and(eq(exerciseDrafts.userId, userId), eq(exerciseDrafts.itemId, itemId)))
		.get();
}

/**
 * Saves a draft unless a newer one is stored: `editedAt` (when the text was typed, in the browser;
 * capped at `now` so a fast clock cannot pin a draft) must not be older than the stored one's, so
 * a copy resent after a lost connection never overwrites what another tab saved later.
 * Line breaks are stored as LF (a form post sends CRLF). The caller checks the length limit. Returns whether it was stored, and the draft now stored.
 */
export function saveDraft(
	db: Db,
	input: { userId: number; itemId: string; body: string; editedAt: Date },
	now = new Date()
): { saved: boolean; draft: ExerciseDraft } {
	const editedAt = input.editedAt.getTime() > now.getTime() ? now : input.editedAt;
	const values = { body: normaliseNewlines(input.body), editedAt, updatedAt: now };
	const row = db
		.insert(exerciseDrafts)
		.values({ userId: input.userId, itemId: input.itemId, ...values })
		.onConflictDoUpdate({
			target: [exerciseDrafts.userId, exerciseDrafts.itemId],
			set: values,
			setWhere: lte(exerciseDrafts.editedAt, editedAt)
		})
		.returning()
		.get();
	if (row) return { saved: true, draft: row };
	return { saved: false, draft: getDraft(db, input.userId, input.itemId)! };
}
