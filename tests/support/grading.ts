import type { Db } from '../../src/lib/server/db';
import { cohortMembers, type User } from '../../src/lib/server/db/schema';
import { createCohort } from '../../src/lib/server/cohorts';
import { submitExercise } from '../../src/lib/server/exercises';
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

/** An instructor with a cohort holding one new learner (`learnerName` as display name). */
export async function makeClass(db: Db, learnerName?: string) {
	const instructor = await makeUser(db, { role: 'instructor' });
	const learner = await makeUser(db, learnerName ? { displayName: learnerName } : {});
	const cohort = makeCohort(db, instructor, [learner.id]);
	return { instructor, learner, cohort };
}
