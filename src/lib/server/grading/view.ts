import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { gradeCriteria, grades, users, type Grade, type GradeCriterion } from '../db/schema';
import type { StoredFeedback } from '../feedback/store';
import type { Rubric } from '../feedback/rubric';
import { getReleasedGrade, type ReleasedGrade } from '../exercises/grades';
import { resolveExerciseRubric } from '../exercises/rubrics';
import { getSubmissionView, type SubmissionRules } from '../exercises/submissions';
import { currentPenalty } from './save';
import { gradesLearner, type Staff } from './scope';

/** What the grading view starts from for one criterion: the saved grade, else the feedback's level. */
export type CriterionStart = {
	criterionId: string;
	level: number | null;
	points: number | null;
	comment: string;
	/** The level the feedback suggested (null: no feedback). */
	suggestedLevel: number | null;
	/** Where `level` came from. */
	from: 'grade' | 'feedback' | null;
};

export type GradingView = {
	submission: {
		id: number;
		userId: number;
		learnerName: string;
		itemId: string;
		itemVersion: number;
		answer: string;
		createdAt: Date;
	};
	rules: SubmissionRules | null;
	rubric: Rubric | null;
	feedback: StoredFeedback | null;
	grade: (Grade & { criteria: GradeCriterion[] }) | null;
	released: ReleasedGrade | null;
	/** Late penalty (percent) that saving now would apply (an extension may have waived it). */
	penaltyPercent: number;
	start: CriterionStart[];
};

/**
 * Everything the grading view of one submission needs, when `staff` grades its learner; null when
 * the submission does not exist or is not theirs to grade. Preselected levels come from the saved
 * grade when there is one (later AI feedback never replaces it), else from the feedback shown.
 */
export function getGradingView(db: Db, staff: Staff, submissionId: number): GradingView | null {
	const view = getSubmissionView(db, submissionId, staff);
	if (!view || !gradesLearner(db, staff, view.submission.userId)) return null;
	const sub = view.submission;
	const rubric = view.rubric ?? resolveExerciseRubric(db, sub.itemId, sub.itemVersion);
	const g = db.select().from(grades).where(eq(grades.submissionId, sub.id)).get();
	const criteria = g
		? db
				.select()
				.from(gradeCriteria)
				.where(eq(gradeCriteria.submissionId, sub.id))
				.orderBy(asc(gradeCriteria.position))
				.all()
		: [];
	const learner = db
		.select({ name: users.displayName })
		.from(users)
		.where(eq(users.id, sub.userId))
		.get();
	const fb = view.feedback;
	const start: CriterionStart[] = (rubric?.criteria ?? []).map((c) => {
		const saved = criteria.find((x) => x.criterionId === c.id);
		const suggested = fb?.criteria.find((x) => x.criterionId === c.id);
		if (saved)
			return {
				criterionId: c.id,
				level: saved.level,
				points: saved.points,
				comment: saved.comment,
				suggestedLevel: suggested?.level ?? null,
				from: 'grade'
			};
		return {
			criterionId: c.id,
			level: suggested?.level ?? null,
			points: suggested
				? (c.levels.find((l) => l.level === suggested.level)?.points ?? null)
				: null,
			comment: '',
			suggestedLevel: suggested?.level ?? null,
			from: suggested ? 'feedback' : null
		};
	});
	return {
		submission: {
			id: sub.id,
			userId: sub.userId,
			learnerName: learner?.name ?? '',
			itemId: sub.itemId,
			itemVersion: sub.itemVersion,
			answer: sub.answer,
			createdAt: sub.createdAt
		},
		rules: view.rules,
		rubric,
		feedback: fb,
		grade: g ? { ...g, criteria } : null,
		released: getReleasedGrade(db, sub.id),
		penaltyPercent: currentPenalty(db, sub.id),
		start
	};
}
