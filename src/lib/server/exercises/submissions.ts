import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { exerciseSubmissions, submissions, type Role } from '../db/schema';
import { gradesLearner } from '../grading/scope';
import { getFeedback, type FeedbackView } from '../feedback/store';
import type { Rubric } from '../feedback/rubric';
import { resolveExerciseRubric } from './rubrics';

/** Who is looking at a submission. */
export type Viewer = { id: number; role: Role };

/**
 * True when `viewer` may see submission `submissionId` (and its feedback stream): its author, an
 * instructor who teaches (owns) one of the author's cohorts, or an admin — the staff who grade the
 * author (`gradesLearner`). False also when it does not exist (callers answer 404 either way, so
 * neither another learner nor another cohort's instructor can tell it from a missing one).
 */
export function canViewSubmission(db: Db, submissionId: number, viewer: Viewer): boolean {
	const row = db
		.select({ userId: submissions.userId })
		.from(submissions)
		.where(eq(submissions.id, submissionId))
		.get();
	if (!row) return false;
	return row.userId === viewer.id || gradesLearner(db, viewer, row.userId);
}

/** What the exercise rules recorded about a submission (see `exercise_submissions`). */
export type SubmissionRules = {
	attempt: number;
	dueAt: Date | null;
	late: boolean;
	daysLate: number;
	penaltyPercent: number;
};

/** Everything a submission page shows, after the access check. */
export type SubmissionView = FeedbackView & {
	rules: SubmissionRules | null;
	/** The rubric of the submission's exercise version (both languages), null if unknown. */
	rubric: Rubric | null;
	isOwner: boolean;
};

/**
 * A submission with its feedback, rules and rubric, if `viewer` may see it (see
 * {@link canViewSubmission}); null otherwise or when it does not exist.
 */
export function getSubmissionView(
	db: Db,
	submissionId: number,
	viewer: Viewer
): SubmissionView | null {
	if (!canViewSubmission(db, submissionId, viewer)) return null;
	const view = getFeedback(db, submissionId);
	if (!view) return null;
	const rules =
		db
			.select({
				attempt: exerciseSubmissions.attempt,
				dueAt: exerciseSubmissions.dueAt,
				late: exerciseSubmissions.late,
				daysLate: exerciseSubmissions.daysLate,
				penaltyPercent: exerciseSubmissions.penaltyPercent
			})
			.from(exerciseSubmissions)
			.where(eq(exerciseSubmissions.submissionId, submissionId))
			.get() ?? null;
	return {
		...view,
		rules,
		rubric: resolveExerciseRubric(db, view.submission.itemId, view.submission.itemVersion),
		isOwner: view.submission.userId === viewer.id
	};
}

/** The answer text of a submission (no access check: the caller has checked). */
export function getSubmissionAnswer(db: Db, submissionId: number): string | undefined {
	return db
		.select({ answer: submissions.answer })
		.from(submissions)
		.where(eq(submissions.id, submissionId))
		.get()?.answer;
}
