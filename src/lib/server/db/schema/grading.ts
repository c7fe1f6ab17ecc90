import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { submissions } from './feedback';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/**
 * `draft`: the working grade has changes the learner does not see (never released, or edited after
 * a release: the learner keeps seeing the last release); `released`: the working grade is what was
 * last released.
 */
export const GRADE_STATES = ['draft', 'released'] as const;
export type GradeState = (typeof GRADE_STATES)[number];

/**
 * An instructor's working grade on one submission (one per submission). Points: `rawPoints` is the
 * sum of the criteria; `penaltyPercent` is what the exercise's late policy takes off (kept apart,
 * recomputed from the due date in force — an extension granted later waives it); `points` =
 * rawPoints × (1 − penalty/100), rounded to 2 decimals. Never written by the feedback pipeline, so
 * later AI feedback cannot overwrite it.
 */
export const grades = sqliteTable(
	'grades',
	{
		submissionId: integer('submission_id')
			.primaryKey()
			.references(() => submissions.id, { onDelete: 'cascade' }),
		state: text('state', { enum: GRADE_STATES }).notNull().default('draft'),
		/** The rubric version graded against (the submission's exercise version). */
		rubricVersion: integer('rubric_version').notNull(),
		rawPoints: real('raw_points').notNull(),
		maxPoints: real('max_points').notNull(),
		penaltyPercent: integer('penalty_percent').notNull().default(0),
		points: real('points').notNull(),
		/** Overall comment to the learner, Markdown; may be empty. */
		comment: text('comment').notNull().default(''),
		updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
		/** When the grade was last released (null: never). */
		releasedAt: integer('released_at', { mode: 'timestamp_ms' }),
		/** An open regrade request from the learner (null: none); cleared by the next release. */
		regradeRequestedAt: integer('regrade_requested_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		index('grades_state_idx').on(t.state),
		index('grades_regrade_idx').on(t.regradeRequestedAt)
	]
);

/**
 * One criterion of a working grade: the level chosen, points within that level's range (from the
 * next lower level's points up to this level's points; the lowest level from 0), and a comment.
 */
export const gradeCriteria = sqliteTable(
	'grade_criteria',
	{
		submissionId: integer('submission_id')
			.notNull()
			.references(() => grades.submissionId, { onDelete: 'cascade' }),
		criterionId: text('criterion_id').notNull(),
		position: integer('position').notNull(),
		level: integer('level').notNull(),
		points: real('points').notNull(),
		maxPoints: real('max_points').notNull(),
		comment: text('comment').notNull().default('')
	},
	(t) => [primaryKey({ columns: [t.submissionId, t.criterionId] })]
);

/** A released criterion as the learner sees it (stored in {@link gradeReleases}.criteria). */
export type ReleasedCriterion = {
	criterionId: string;
	level: number;
	points: number;
	maxPoints: number;
	comment: string;
};

/**
 * Every release of a grade, append-only: what the learner sees is the newest row of a submission.
 * Points as in {@link grades}.
 */
export const gradeReleases = sqliteTable(
	'grade_releases',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		submissionId: integer('submission_id')
			.notNull()
			.references(() => submissions.id, { onDelete: 'cascade' }),
		rawPoints: real('raw_points').notNull(),
		maxPoints: real('max_points').notNull(),
		penaltyPercent: integer('penalty_percent').notNull().default(0),
		points: real('points').notNull(),
		comment: text('comment').notNull().default(''),
		criteria: text('criteria', { mode: 'json' }).$type<ReleasedCriterion[]>().notNull(),
		releasedBy: integer('released_by').references(() => users.id, { onDelete: 'set null' }),
		releasedAt: integer('released_at', { mode: 'timestamp_ms' }).notNull().default(now)
	},
	(t) => [index('grade_releases_submission_idx').on(t.submissionId, t.id)]
);

export const SUBMISSION_COMMENT_KINDS = ['comment', 'regrade_request'] as const;
export type SubmissionCommentKind = (typeof SUBMISSION_COMMENT_KINDS)[number];

/**
 * The private thread of a submission: its learner and instructors only. A regrade request is a
 * comment of kind `regrade_request` whose body is the learner's reason.
 */
export const submissionComments = sqliteTable(
	'submission_comments',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		submissionId: integer('submission_id')
			.notNull()
			.references(() => submissions.id, { onDelete: 'cascade' }),
		authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
		kind: text('kind', { enum: SUBMISSION_COMMENT_KINDS }).notNull().default('comment'),
		/** Markdown (rendered sanitised). */
		body: text('body').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now)
	},
	(t) => [index('submission_comments_submission_idx').on(t.submissionId, t.id)]
);

export type Grade = typeof grades.$inferSelect;
export type GradeCriterion = typeof gradeCriteria.$inferSelect;
export type GradeRelease = typeof gradeReleases.$inferSelect;
export type SubmissionComment = typeof submissionComments.$inferSelect;
