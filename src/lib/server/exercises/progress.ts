import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { exerciseDrafts, exerciseSubmissions, feedback, submissions } from '../db/schema';
import { listReleasedGrades, type ReleasedGrade } from './grades';

/** Where a learner stands on an exercise (the newest submission decides once there is one). */
export type ExerciseState = 'not_started' | 'draft' | 'submitted' | 'feedback_ready' | 'graded';

export type ExerciseProgress = {
	state: ExerciseState;
	attempts: number;
	/** Newest submission, if any. */
	latestSubmissionId: number | null;
	/** A saved draft differs from the newest submission (a revision is under way). */
	revising: boolean;
};

/** A learner's exercise submissions, released grades and drafts: what progress is made of. */
export type ExerciseRecords = {
	/** Oldest first. */
	submissions: Array<{
		id: number;
		itemId: string;
		attempt: number;
		answer: string;
		/** Any feedback stored (offline or model). */
		hasFeedback: boolean;
	}>;
	/** Newest released grade per submission (only through `listReleasedGrades`: grading owns them). */
	released: Map<number, ReleasedGrade>;
	/** Saved draft per exercise id. */
	drafts: Map<string, string>;
};

/** Loads a learner's {@link ExerciseRecords} in three statements. */
export function loadExerciseRecords(db: Db, userId: number): ExerciseRecords {
	const subs = db
		.select({
			id: submissions.id,
			itemId: submissions.itemId,
			attempt: exerciseSubmissions.attempt,
			answer: submissions.answer,
			hasFeedback: sql<number>`exists (select 1 from ${feedback} where ${feedback.submissionId} = ${submissions.id})`
		})
		.from(exerciseSubmissions)
		.innerJoin(submissions, eq(submissions.id, exerciseSubmissions.submissionId))
		.where(eq(exerciseSubmissions.userId, userId))
		.orderBy(asc(submissions.id))
		.all()
		.map((s) => ({ ...s, hasFeedback: !!s.hasFeedback }));
	return {
		submissions: subs,
		released: listReleasedGrades(
			db,
			subs.map((s) => s.id)
		),
		drafts: new Map(
			db
				.select({ itemId: exerciseDrafts.itemId, body: exerciseDrafts.body })
				.from(exerciseDrafts)
				.where(eq(exerciseDrafts.userId, userId))
				.all()
				.map((d) => [d.itemId, d.body])
		)
	};
}

/**
 * The learner's state on every exercise they touched, by exercise id (absent = not started):
 * `graded` when an instructor released a grade on any submission, else by the newest submission
 * `feedback_ready` (any feedback stored, offline or model) or `submitted`; without a submission,
 * `draft` when a draft is saved.
 * @param records the learner's `loadExerciseRecords`, when the caller already has them
 */
export function listExerciseProgress(
	db: Db,
	userId: number,
	records: ExerciseRecords = loadExerciseRecords(db, userId)
): Map<string, ExerciseProgress> {
	const { drafts, released } = records;
	const out = new Map<string, ExerciseProgress>();
	for (const [itemId, body] of drafts) {
		if (body.trim() === '') continue;
		out.set(itemId, { state: 'draft', attempts: 0, latestSubmissionId: null, revising: false });
	}
	const byItem = new Map<string, ExerciseRecords['submissions']>();
	for (const s of records.submissions) byItem.set(s.itemId, [...(byItem.get(s.itemId) ?? []), s]);
	for (const [itemId, list] of byItem) {
		const latest = list[list.length - 1];
		const state: ExerciseState = list.some((s) => released.has(s.id))
			? 'graded'
			: latest.hasFeedback
				? 'feedback_ready'
				: 'submitted';
		const draft = drafts.get(itemId);
		out.set(itemId, {
			state,
			attempts: list.length,
			latestSubmissionId: latest.id,
			revising: draft !== undefined && draft !== latest.answer
		});
	}
	return out;
}

/** One of a learner's submissions on an exercise, for the attempt list and version diffs. */
export type AttemptSummary = {
	submissionId: number;
	attempt: number;
	itemVersion: number;
	createdAt: Date;
	late: boolean;
	daysLate: number;
	penaltyPercent: number;
	/** The feedback shown (model preferred over offline), if any. */
	feedback: { source: 'model' | 'offline'; totalPoints: number; maxPoints: number } | null;
};

/** A learner's submissions on an exercise, oldest first. */
export function listAttempts(db: Db, userId: number, itemId: string): AttemptSummary[] {
	const rows = db
		.select({
			submissionId: exerciseSubmissions.submissionId,
			attempt: exerciseSubmissions.attempt,
			late: exerciseSubmissions.late,
			daysLate: exerciseSubmissions.daysLate,
			penaltyPercent: exerciseSubmissions.penaltyPercent,
			itemVersion: submissions.itemVersion,
			createdAt: submissions.createdAt
		})
		.from(exerciseSubmissions)
		.innerJoin(submissions, eq(submissions.id, exerciseSubmissions.submissionId))
		.where(and(eq(exerciseSubmissions.userId, userId), eq(exerciseSubmissions.itemId, itemId)))
		.orderBy(asc(exerciseSubmissions.attempt))
		.all();
	const ids = rows.map((r) => r.submissionId);
	const fb = ids.length
		? db
				.select({
					submissionId: feedback.submissionId,
					source: feedback.source,
					totalPoints: feedback.totalPoints,
					maxPoints: feedback.maxPoints
				})
				.from(feedback)
				.where(inArray(feedback.submissionId, ids))
				.orderBy(desc(feedback.id))
				.all()
		: [];
	return rows.map((r) => {
		const mine = fb.filter((f) => f.submissionId === r.submissionId);
		const shown = mine.find((f) => f.source === 'model') ?? mine[0];
		return {
			...r,
			feedback: shown
				? { source: shown.source, totalPoints: shown.totalPoints, maxPoints: shown.maxPoints }
				: null
		};
	});
}
