import { sql } from 'drizzle-orm';
import {
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { submissions } from './feedback';
import type { Rubric } from '../../feedback/rubric';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/**
 * A learner's working copy of an exercise answer, autosaved. One per (user, exercise); kept after a
 * submission so a revision starts from it. `editedAt` is when the text was typed (the browser's
 * clock, capped at the server's): a resent older copy never overwrites a newer one.
 */
export const exerciseDrafts = sqliteTable(
	'exercise_drafts',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** Content item id of the exercise (no foreign key: archived items keep their drafts). */
		itemId: text('item_id').notNull(),
		body: text('body').notNull(),
		editedAt: integer('edited_at', { mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now)
	},
	(t) => [primaryKey({ columns: [t.userId, t.itemId] })]
);

/**
 * What the exercise rules decided about a submission, written in the transaction that stores it:
 * its attempt number, the due date that applied (the exercise's or the learner's extension) and
 * whether it was late, with the penalty the late policy gives.
 */
export const exerciseSubmissions = sqliteTable(
	'exercise_submissions',
	{
		submissionId: integer('submission_id')
			.primaryKey()
			.references(() => submissions.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		itemId: text('item_id').notNull(),
		/** 1-based attempt number of this learner on this exercise. */
		attempt: integer('attempt').notNull(),
		dueAt: integer('due_at', { mode: 'timestamp_ms' }),
		late: integer('late', { mode: 'boolean' }).notNull().default(false),
		/** Started days late (calendar days in the exercise's time zone), 0 when on time. */
		daysLate: integer('days_late').notNull().default(0),
		/** Percent taken off the grade by the late policy (0–100). */
		penaltyPercent: integer('penalty_percent').notNull().default(0)
	},
	(t) => [uniqueIndex('exercise_submissions_attempt_uq').on(t.userId, t.itemId, t.attempt)]
);

/** A learner's own due date for an exercise, granted by an instructor (replaces the exercise's). */
export const exerciseExtensions = sqliteTable(
	'exercise_extensions',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		itemId: text('item_id').notNull(),
		dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
		reason: text('reason'),
		grantedBy: integer('granted_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now)
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.itemId] }),
		index('exercise_extensions_item_idx').on(t.itemId)
	]
);

/**
 * The bilingual rubric of each exercise version, as the feedback worker grades with it. Written at
 * start-up after the content sync; the row of the current version follows wording fixes, rows of
 * older versions stay as they were last seen.
 */
export const exerciseRubrics = sqliteTable(
	'exercise_rubrics',
	{
		itemId: text('item_id').notNull(),
		version: integer('version').notNull(),
		rubric: text('rubric', { mode: 'json' }).$type<Rubric>().notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now)
	},
	(t) => [primaryKey({ columns: [t.itemId, t.version] })]
);

export type ExerciseDraft = typeof exerciseDrafts.$inferSelect;
export type ExerciseSubmission = typeof exerciseSubmissions.$inferSelect;
export type ExerciseExtension = typeof exerciseExtensions.$inferSelect;
