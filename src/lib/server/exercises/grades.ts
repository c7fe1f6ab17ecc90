import type { Db } from '../db';

/**
 * An instructor's released grade on a submission: the only score that counts in the gradebook
 * (feedback points are provisional). `points` are after any late penalty; `maxPoints` is the rubric
 * maximum of the submission's exercise version.
 */
export type ReleasedGrade = {
	submissionId: number;
	points: number;
	maxPoints: number;
	/** Late penalty applied, in percent (0–100). */
	penaltyPercent: number;
	/** Instructor's comment to the learner, Markdown; may be empty. */
	comment: string;
	releasedAt: Date;
};

/**
 * The released grade of `submissionId`, or null while none is released. Exercise pages read grades
 * only through this function (and {@link listReleasedGrades}); grading implements them over its
 * own tables. Until grading exists, nothing is ever released.
 */
export function getReleasedGrade(db: Db, submissionId: number): ReleasedGrade | null {
	return listReleasedGrades(db, [submissionId]).get(submissionId) ?? null;
}

/** Released grades of several submissions, by submission id (missing = not released). */
export function listReleasedGrades(_db: Db, _submissionIds: number[]): Map<number, ReleasedGrade> {
	return new Map();
}
