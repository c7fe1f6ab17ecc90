import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { gradeReleases, type ReleasedCriterion } from '../db/schema';

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
	/** Points before the late penalty (the sum of the criteria). */
	rawPoints: number;
	/** Level, points and comment per criterion, in rubric order. */
	criteria: ReleasedCriterion[];
};

/**
 * The released grade of `submissionId`, or null while none is released. Exercise pages read grades
 * only through this function (and {@link listReleasedGrades}); grading (`src/lib/server/grading/`)
 * writes them: the newest row of `grade_releases`. A draft edited after a release is not visible
 * here until it is released again.
 */
export function getReleasedGrade(db: Db, submissionId: number): ReleasedGrade | null {
	return listReleasedGrades(db, [submissionId]).get(submissionId) ?? null;
}

/** Released grades of several submissions, by submission id (missing = not released). */
export function listReleasedGrades(db: Db, submissionIds: number[]): Map<number, ReleasedGrade> {
	const out = new Map<number, ReleasedGrade>();
	const ids = [...new Set(submissionIds)];
	// Chunked: SQLite limits bound parameters per statement.
	for (let i = 0; i < ids.length; i += 500) {
		const chunk = ids.slice(i, i + 500);
		const rows = db
			.select()
			.from(gradeReleases)
			.where(
				sql`${gradeReleases.id} in (select max(r.id) from ${gradeReleases} r where ${inArray(sql`r.submission_id`, chunk)} group by r.submission_id)`
			)
			.all();
		for (const r of rows) {
			out.set(r.submissionId, {
				submissionId: r.submissionId,
				points: r.points,
				maxPoints: r.maxPoints,
				penaltyPercent: r.penaltyPercent,
				comment: r.comment,
				releasedAt: r.releasedAt,
				rawPoints: r.rawPoints,
				criteria: r.criteria
			});
		}
	}
	return out;
}
