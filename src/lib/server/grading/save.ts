import { and, asc, eq, inArray, isNotNull, or } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import {
	exerciseSubmissions,
	gradeCriteria,
	gradeReleases,
	grades,
	submissions,
	type Grade,
	type GradeCriterion
} from '../db/schema';
import { audit } from '../audit';
import { notify } from '../notifications';
import { getExerciseById } from '../exercises/catalog';
import { lateness } from '../exercises/deadline';
import { deadlineFor } from '../exercises/submit';
import { getExtension } from '../exercises/extensions';
import { resolveExerciseRubric } from '../exercises/rubrics';
import { applyPenalty, levelRange, maxOf, round2 } from './rules';
import { gradesLearner, type Staff } from './scope';

/** Why a grade could not be saved; `criterionId` names the criterion at fault. */
export class GradingError extends Error {
	constructor(
		public readonly code:
			| 'not_found'
			| 'no_rubric'
			| 'missing_criterion'
			| 'bad_level'
			| 'points_out_of_range'
			| 'nothing_to_release',
		public readonly criterionId?: string
	) {
		super(criterionId ? `${code}: ${criterionId}` : code);
		this.name = 'GradingError';
	}
}

/** One criterion as the instructor graded it. `points` null = the level's own points. */
export type CriterionGradeInput = {
	criterionId: string;
	level: number;
	points?: number | null;
	comment?: string;
};

export type SaveGradeInput = {
	submissionId: number;
	criteria: CriterionGradeInput[];
	/** Overall comment to the learner (Markdown). */
	comment: string;
	/** Why the grade changed (kept in the audit log only). */
	reason?: string | null;
	/** Release it to the learner now (otherwise it is saved as a draft). */
	release: boolean;
};

/** What the audit log records of a grade (before and after a change). */
type GradeSnapshot = {
	state: Grade['state'];
	rawPoints: number;
	penaltyPercent: number;
	points: number;
	comment: string;
	criteria: Array<Pick<GradeCriterion, 'criterionId' | 'level' | 'points' | 'comment'>>;
};

function snapshot(db: Db, submissionId: number): GradeSnapshot | null {
	const g = db.select().from(grades).where(eq(grades.submissionId, submissionId)).get();
	if (!g) return null;
	const criteria = db
		.select({
			criterionId: gradeCriteria.criterionId,
			level: gradeCriteria.level,
			points: gradeCriteria.points,
			comment: gradeCriteria.comment
		})
		.from(gradeCriteria)
		.where(eq(gradeCriteria.submissionId, submissionId))
		.orderBy(asc(gradeCriteria.position))
		.all();
	return {
		state: g.state,
		rawPoints: g.rawPoints,
		penaltyPercent: g.penaltyPercent,
		points: g.points,
		comment: g.comment,
		criteria
	};
}

/**
 * The late penalty (percent) a submission gets now: the one its exercise's late policy gave when it
 * was submitted (`exercise_submissions.penalty_percent`), recomputed (`lateness`) against the
 * learner's extension when one has been granted since — so a later extension waives or lowers it.
 */
export function currentPenalty(db: Db, submissionId: number): number {
	const sub = db
		.select({
			userId: submissions.userId,
			itemId: submissions.itemId,
			createdAt: submissions.createdAt,
			recorded: exerciseSubmissions.penaltyPercent
		})
		.from(submissions)
		.leftJoin(exerciseSubmissions, eq(exerciseSubmissions.submissionId, submissions.id))
		.where(eq(submissions.id, submissionId))
		.get();
	if (!sub) return 0;
	const recorded = sub.recorded ?? 0;
	if (recorded === 0 || !getExtension(db, sub.userId, sub.itemId)) return recorded;
	const exercise = getExerciseById(db, sub.itemId, 'zh-CN');
	if (!exercise) return recorded;
	const d = deadlineFor(db, sub.userId, sub.itemId, exercise.meta);
	return Math.min(recorded, lateness(d.dueAt, d.timeZone, d.policy, sub.createdAt).penaltyPercent);
}

/**
 * Saves an instructor's grade of a submission as a draft, or saves and releases it. Every criterion
 * of the submission's rubric version must be graded once: a level the criterion has, and points
 * within that level's range (`levelRange`; default: the level's points), rounded to 2 decimals.
 * The late penalty is computed by {@link currentPenalty} and kept apart from the raw points.
 * Audited as `grade.save` / `grade.release` (before, after, reason) in the same transaction; on
 * release the learner is notified (`grade_released`) and an open regrade request is closed.
 * @throws GradingError for a submission `staff` does not grade (`not_found`), a missing rubric or a
 *   bad criterion, level or points.
 */
export function saveGrade(db: Db, staff: Staff, input: SaveGradeInput): Grade {
	return immediate(db, (tx) => {
		const sub = tx.select().from(submissions).where(eq(submissions.id, input.submissionId)).get();
		if (!sub || !gradesLearner(tx, staff, sub.userId)) throw new GradingError('not_found');
		const rubric = resolveExerciseRubric(tx, sub.itemId, sub.itemVersion);
		if (!rubric) throw new GradingError('no_rubric');
		const given = new Map(input.criteria.map((c) => [c.criterionId, c]));
		const rows = rubric.criteria.map((c, position) => {
			const g = given.get(c.id);
			if (!g) throw new GradingError('missing_criterion', c.id);
			const range = levelRange(c, g.level);
			if (!range) throw new GradingError('bad_level', c.id);
			const level = c.levels.find((l) => l.level === g.level)!;
			const points = round2(g.points ?? level.points);
			if (!Number.isFinite(points) || points < range.min || points > range.max)
				throw new GradingError('points_out_of_range', c.id);
			return {
				submissionId: sub.id,
				criterionId: c.id,
				position,
				level: g.level,
				points,
				maxPoints: Math.max(...c.levels.map((l) => l.points)),
				comment: (g.comment ?? '').trim()
			};
		});
		const rawPoints = round2(rows.reduce((s, r) => s + r.points, 0));
		const penaltyPercent = currentPenalty(tx, sub.id);
		const before = snapshot(tx, sub.id);
		const existing = tx.select().from(grades).where(eq(grades.submissionId, sub.id)).get();
		const now = new Date();
		const values = {
			rubricVersion: sub.itemVersion,
			rawPoints,
			maxPoints: maxOf(rubric),
			penaltyPercent,
			points: applyPenalty(rawPoints, penaltyPercent),
			comment: input.comment.trim(),
			updatedBy: staff.id,
			updatedAt: now
		};
		const after: GradeSnapshot = {
			state: input.release ? 'released' : 'draft',
			rawPoints,
			penaltyPercent,
			points: values.points,
			comment: values.comment,
			criteria: rows.map(({ criterionId, level, points, comment }) => ({
				criterionId,
				level,
				points,
				comment
			}))
		};
		const unchanged =
			before !== null &&
			JSON.stringify({ ...before, state: null }) === JSON.stringify({ ...after, state: null });
		// Saving the very same draft again changes nothing and is not audited.
		if (unchanged && !input.release && before.state === 'draft') return existing!;
		if (
			unchanged &&
			input.release &&
			before.state === 'released' &&
			existing?.regradeRequestedAt === null
		)
			return existing;
		tx.insert(grades)
			.values({ submissionId: sub.id, ...values, state: 'draft', createdAt: now })
			.onConflictDoUpdate({ target: grades.submissionId, set: { ...values, state: 'draft' } })
			.run();
		tx.delete(gradeCriteria).where(eq(gradeCriteria.submissionId, sub.id)).run();
		tx.insert(gradeCriteria).values(rows).run();
		audit(tx, {
			actorId: staff.id,
			action: 'grade.save',
			targetType: 'submission',
			targetId: sub.id,
			before,
			after: { ...after, state: 'draft' },
			reason: input.reason
		});
		if (input.release) releaseOne(tx, staff, sub.id, sub.userId, input.reason, now);
		return tx.select().from(grades).where(eq(grades.submissionId, sub.id)).get()!;
	});
}

/**
 * Publishes the working grade of `submissionId` (inside a transaction; the caller checked access),
 * with the late penalty recomputed as of now.
 */
function releaseOne(
	tx: Db,
	staff: Staff,
	submissionId: number,
	learnerId: number,
	reason: string | null | undefined,
	now: Date
): void {
	const saved = tx.select().from(grades).where(eq(grades.submissionId, submissionId)).get();
	if (!saved) throw new GradingError('nothing_to_release');
	// The penalty as the policy and the due date in force say now (an extension may have come since).
	const penaltyPercent = currentPenalty(tx, submissionId);
	if (penaltyPercent !== saved.penaltyPercent)
		tx.update(grades)
			.set({ penaltyPercent, points: applyPenalty(saved.rawPoints, penaltyPercent) })
			.where(eq(grades.submissionId, submissionId))
			.run();
	const before = snapshot(tx, submissionId)!;
	const g = tx.select().from(grades).where(eq(grades.submissionId, submissionId)).get()!;
	tx.insert(gradeReleases)
		.values({
			submissionId,
			rawPoints: g.rawPoints,
			maxPoints: g.maxPoints,
			penaltyPercent: g.penaltyPercent,
			points: g.points,
			comment: g.comment,
			criteria: tx
				.select({
					criterionId: gradeCriteria.criterionId,
					level: gradeCriteria.level,
					points: gradeCriteria.points,
					maxPoints: gradeCriteria.maxPoints,
					comment: gradeCriteria.comment
				})
				.from(gradeCriteria)
				.where(eq(gradeCriteria.submissionId, submissionId))
				.orderBy(asc(gradeCriteria.position))
				.all(),
			releasedBy: staff.id,
			releasedAt: now
		})
		.run();
	tx.update(grades)
		.set({ state: 'released', releasedAt: now, regradeRequestedAt: null, updatedAt: now })
		.where(eq(grades.submissionId, submissionId))
		.run();
	audit(tx, {
		actorId: staff.id,
		action: 'grade.release',
		targetType: 'submission',
		targetId: submissionId,
		before: {
			state: before.state,
			penaltyPercent: saved.penaltyPercent,
			regradeRequested: g.regradeRequestedAt !== null
		},
		after: { ...before, state: 'released' },
		reason
	});
	notify(tx, learnerId, 'grade_released', {
		submissionId,
		points: g.points,
		maxPoints: g.maxPoints
	});
}

/**
 * Releases the saved grades of several submissions at once (the queue's bulk action): each one
 * `staff` grades whose working grade is a draft or has an open regrade request. Submissions
 * without a saved grade are skipped (an instructor looks at each grade before it counts).
 * @returns the ids released.
 */
export function releaseGrades(
	db: Db,
	staff: Staff,
	submissionIds: number[],
	reason?: string | null
): number[] {
	if (submissionIds.length === 0) return [];
	return immediate(db, (tx) => {
		const rows = tx
			.select({ submissionId: grades.submissionId, userId: submissions.userId })
			.from(grades)
			.innerJoin(submissions, eq(submissions.id, grades.submissionId))
			.where(
				and(
					inArray(grades.submissionId, submissionIds.slice(0, 500)),
					or(eq(grades.state, 'draft'), isNotNull(grades.regradeRequestedAt))
				)
			)
			.all()
			.filter((r) => gradesLearner(tx, staff, r.userId));
		const now = new Date();
		for (const r of rows) releaseOne(tx, staff, r.submissionId, r.userId, reason, now);
		return rows.map((r) => r.submissionId);
	});
}
