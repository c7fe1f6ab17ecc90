import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { contentVersions, quizAttempts, type QuizAttempt } from '../db/schema';
import { QuizError } from './errors';
import type { QuizKey } from './scoring';

/**
 * The grading key of a quiz version: content_versions.scoring, written by the content sync from the
 * quiz kind's `scoring()` (src/lib/server/content/kinds/quiz.ts).
 * @throws Error when the version does not exist (a broken database, not a user mistake).
 */
export function getQuizKey(db: Db, quizId: string, version: number): QuizKey {
	const row = db
		.select({ scoring: contentVersions.scoring })
		.from(contentVersions)
		.where(and(eq(contentVersions.itemId, quizId), eq(contentVersions.version, version)))
		.get();
	if (!row?.scoring) throw new Error(`quiz ${quizId} has no scoring key for version ${version}`);
	return row.scoring as QuizKey;
}

/**
 * The attempt if it belongs to `userId`.
 * @throws QuizError `attempt-not-found` when it is missing or someone else's (the same answer, so
 *   attempt ids reveal nothing).
 */
export function getOwnAttempt(db: Db, userId: number, attemptId: number): QuizAttempt {
	const a = Number.isSafeInteger(attemptId)
		? db.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)).get()
		: undefined;
	if (!a || a.userId !== userId) throw new QuizError('attempt-not-found');
	return a;
}
