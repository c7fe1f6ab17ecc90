import { eq, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db';
import { cohortMembers, cohorts, submissions, type Role } from '../db/schema';
import { canManageCohort, getCohort } from '../cohorts';

/** The acting staff member. */
export type Staff = { id: number; role: Role };

/**
 * Which learners a staff member grades, as a WHERE condition on a user id column: an admin grades
 * everyone; an instructor the members of the cohorts they own (how cohorts scope staff, see
 * `getCohortsForInstructor`); anyone else no one. With `cohortId`, only that cohort's members — and
 * no one when the staff member may not manage that cohort.
 */
export function gradedLearners(
	userId: SQLiteColumn | SQL,
	staff: Staff,
	db: Db,
	cohortId?: number | null
): SQL {
	if (cohortId) {
		const cohort = getCohort(db, cohortId);
		if (!cohort || !canManageCohort(staff, cohort)) return sql`0`;
		return sql`${userId} in (select ${cohortMembers.userId} from ${cohortMembers} where ${cohortMembers.cohortId} = ${cohortId})`;
	}
	if (staff.role === 'admin') return sql`1`;
	if (staff.role !== 'instructor') return sql`0`;
	return sql`${userId} in (select cm.user_id from ${cohortMembers} cm join ${cohorts} c on c.id = cm.cohort_id where c.owner_id = ${staff.id})`;
}

/** True when `staff` grades the learner `learnerId` (see {@link gradedLearners}). */
export function gradesLearner(db: Db, staff: Staff, learnerId: number): boolean {
	const row = db.get<{ ok: number }>(
		sql`select ${gradedLearners(sql`${learnerId}`, staff, db)} as ok`
	);
	return !!row?.ok;
}

/**
 * The author of submission `submissionId` when `staff` grades them; undefined when the submission
 * does not exist or belongs to someone else's learner (callers answer 404 for both).
 */
export function gradableSubmissionOwner(
	db: Db,
	staff: Staff,
	submissionId: number
): number | undefined {
	const row = db
		.select({ userId: submissions.userId })
		.from(submissions)
		.where(eq(submissions.id, submissionId))
		.get();
	if (!row || !gradesLearner(db, staff, row.userId)) return undefined;
	return row.userId;
}
