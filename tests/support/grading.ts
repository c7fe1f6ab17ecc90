import type { Db } from '../../src/lib/server/db';
import { cohortMembers, type User } from '../../src/lib/server/db/schema';
import { createCohort } from '../../src/lib/server/cohorts';
import { submitExercise } from '../../src/lib/server/exercises';
import type { Rubric } from '../../src/lib/server/feedback/rubric';
import { makeUser } from './factories';

let n = 0;

/** A cohort owned by `owner` (an instructor), with `members` added directly (no invite code). */
export function makeCohort(db: Db, owner: Pick<User, 'id' | 'role'>, members: number[] = []) {
	n += 1;
	const cohort = createCohort(db, owner, {
		name: `Cohort ${n} ${Math.random().toString(36).slice(2, 6)}`,
		startDate: '2026-09-01',
		endDate: '2027-01-31',
		timeZone: 'Asia/Shanghai'
	});
	for (const userId of members)
		db.insert(cohortMembers).values({ cohortId: cohort.id, userId }).run();
	return cohort;
}

/** Submits `answer` to exercise `itemId` as `userId` (the exercise must be synced). Returns its id. */
export function makeSubmission(
	db: Db,
	userId: number,
	answer: string,
	o: { itemId?: string; now?: Date; locale?: 'zh-CN' | 'en' } = {}
): number {
	n += 1;
	const r = submitExercise(db, {
		userId,
		itemId: o.itemId ?? 'exercise-demo',
		locale: o.locale ?? 'zh-CN',
		answer,
		idempotencyKey: `grading-${n}-${Math.random().toString(36).slice(2, 10)}`,
		pipelineMaxChars: 20_000,
		now: o.now
	});
	if (!r.ok) throw new Error(`submit refused: ${r.reason}`);
	return r.submissionId;
}

/** What {@link makeUser} may be told about a user (display name, email, role, …). */
type UserOverrides = Parameters<typeof makeUser>[1];

/**
 * A class to grade, on any database (a `createTestDb()` one with exercises synced, `serverDb()`,
 * `e2eDb()`): creates an instructor (`instructor`: makeUser overrides, role forced to instructor),
 * one learner per entry of `learners` (makeUser overrides; by default one learner with makeUser's
 * defaults, `[]` for none) and a cohort of the instructor's holding every one of them.
 * Exercise content and submissions are the caller's (`syncExercises`, {@link makeSubmission}).
 * @returns `{ instructor, learners, learner, cohort }`: the users as makeUser returns them
 *   (`learners` in the given order, `learner` the first of them) and the cohort row.
 */
export async function makeGradingClass(
	db: Db,
	o: { instructor?: UserOverrides; learners?: UserOverrides[] } = {}
) {
	const instructor = await makeUser(db, { ...o.instructor, role: 'instructor' });
	const learners: User[] = [];
	for (const overrides of o.learners ?? [{}]) learners.push(await makeUser(db, overrides));
	const cohort = makeCohort(
		db,
		instructor,
		learners.map((l) => l.id)
	);
	return { instructor, learners, learner: learners[0], cohort };
}

/** Every criterion of `rubric` at its top level (a full-marks grade for `saveGrade`). */
export function topLevels(rubric: Rubric): Array<{ criterionId: string; level: number }> {
	return rubric.criteria.map((c) => ({
		criterionId: c.id,
		level: Math.max(...c.levels.map((l) => l.level))
	}));
}

/**
 * A grade of the demo exercise (tests/support/exercise-content.ts: criteria gateway, resilience,
 * interface, monitoring) with these levels, in that order, for `saveGrade`.
 */
export function demoGrade(levels: number[]): Array<{ criterionId: string; level: number }> {
	return ['gateway', 'resilience', 'interface', 'monitoring'].map((criterionId, i) => ({
		criterionId,
		level: levels[i]
	}));
}
