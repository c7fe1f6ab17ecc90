import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db';
import { contentItems } from '../../src/lib/server/db/schema';
import {
	QuizError,
	getQuizKey,
	startAttempt,
	submitAttempt,
	type QuizKey
} from '../../src/lib/server/quiz';
import type { DemoPeople } from './people';

/**
 * Answers of demo learner `learner` (0-based) to `key`, attempt `attempt` (0-based): a learner
 * gets a question right unless (learner + question) falls on their weak spots, and a second
 * attempt fixes one more. Deterministic, so the item analysis shows a spread.
 */
function answersFor(key: QuizKey, learner: number, attempt: number): Map<string, string[]> {
	const weak = 2 + (learner % 4);
	return new Map(
		key.questions.map((q, i) => {
			const wrong =
				(learner + i) % weak === 0 && !(attempt > 0 && i === learner % key.questions.length);
			if (!wrong) return [q.id, q.correct];
			const other = q.options.find((o) => !q.correct.includes(o)) ?? q.options[0];
			return [q.id, [other]];
		})
	);
}

/**
 * Every live quiz: each learner submits one graded attempt, every other learner a second one.
 * @returns the number of graded attempts
 */
export function seedQuizAttempts(db: Db, people: DemoPeople): number {
	const quizzes = db
		.select({ id: contentItems.id, version: contentItems.version })
		.from(contentItems)
		.where(and(eq(contentItems.kind, 'quiz'), isNull(contentItems.archivedAt)))
		.all();
	const clock = { graceMs: 60_000 };
	let graded = 0;
	for (const quiz of quizzes) {
		const key = getQuizKey(db, quiz.id, quiz.version);
		people.learners.forEach((learner, i) => {
			const tries = i % 2 === 0 ? 2 : 1;
			for (let t = 0; t < tries; t++) {
				let attempt;
				try {
					({ attempt } = startAttempt(db, { userId: learner.id, quizId: quiz.id }, clock));
				} catch (e) {
					if (e instanceof QuizError && e.code === 'attempt-limit') break;
					throw e;
				}
				const r = submitAttempt(
					db,
					{ userId: learner.id, attemptId: attempt.id, answers: answersFor(key, i, t) },
					clock
				);
				if (r.outcome === 'graded') graded++;
			}
		});
	}
	return graded;
}
