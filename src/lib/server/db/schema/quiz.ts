import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { contentItems } from './content';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/**
 * The questions of a quiz exactly as an attempt was given them: the rendered quiz (both languages,
 * with its answer key and explanations) at one content hash. Written the first time someone starts
 * an attempt on that content and shared by every attempt on it, so an old attempt keeps showing
 * its own questions after the quiz changes. JSON: `{ "zh-CN": QuizMeta, "en": QuizMeta }`
 * (src/lib/server/content/kinds/quiz.ts).
 */
export const quizSnapshots = sqliteTable(
	'quiz_snapshots',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		quizId: text('quiz_id')
			.notNull()
			.references(() => contentItems.id),
		/** content_versions.version: whose scoring key grades attempts on this snapshot. */
		version: integer('version').notNull(),
		contentHash: text('content_hash').notNull(),
		questions: text('questions', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now)
	},
	(t) => [uniqueIndex('quiz_snapshots_quiz_hash_idx').on(t.quizId, t.contentHash)]
);

/** Selected option ids per question id. */
export type StoredAnswers = Record<string, string[]>;
/** Per-question result of a graded attempt (see QuestionGrade in src/lib/server/quiz/scoring.ts). */
export type StoredQuestionResult = {
	id: string;
	earned: { n: number; d: number };
	max: { n: number; d: number };
	correct: boolean;
	partial: boolean;
};

export const ATTEMPT_STATUSES = ['open', 'graded'] as const;
/** Who closed a graded attempt: the learner's submit, or the clock (time limit + grace passed). */
export const ATTEMPT_CLOSERS = ['learner', 'time'] as const;

/**
 * One learner's attempt at one quiz. It keeps the version (and snapshot) it was given, the seed and
 * resulting option order (a reload shows the same order), the answers (saved while open, final when
 * graded), and the exact score as a fraction: earned_n/earned_d of max_n/max_d points. `percent`
 * is the displayed value (rounded once) and `passed` is decided on it.
 * At most one open attempt per learner and quiz; `number` counts a learner's attempts (1, 2, …).
 */
export const quizAttempts = sqliteTable(
	'quiz_attempts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		quizId: text('quiz_id')
			.notNull()
			.references(() => contentItems.id),
		version: integer('version').notNull(),
		snapshotId: integer('snapshot_id')
			.notNull()
			.references(() => quizSnapshots.id),
		/** 1-based: the learner's nth attempt at this quiz. */
		number: integer('number').notNull(),
		status: text('status', { enum: ATTEMPT_STATUSES }).notNull().default('open'),
		/** 32-bit seed of the option shuffle. */
		seed: integer('seed').notNull(),
		/** Option ids per question id, in the order shown. */
		optionOrder: text('option_order', { mode: 'json' }).$type<Record<string, string[]>>().notNull(),
		startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
		/** started_at + the quiz's time limit; null without a limit. Grace: QUIZ_GRACE_MS. */
		deadline: integer('deadline', { mode: 'timestamp_ms' }),
		answers: text('answers', { mode: 'json' }).$type<StoredAnswers>().notNull().default({}),
		/** Last time answers were saved (autosave, "save" or submit). */
		savedAt: integer('saved_at', { mode: 'timestamp_ms' }),
		/** When it was graded (the submit, or the moment the server found its time was up). */
		submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
		closedBy: text('closed_by', { enum: ATTEMPT_CLOSERS }),
		/** Answers that arrived after the deadline + grace: kept, never counted. */
		lateAnswers: text('late_answers', { mode: 'json' }).$type<StoredAnswers>(),
		earnedN: integer('earned_n'),
		earnedD: integer('earned_d'),
		maxN: integer('max_n'),
		maxD: integer('max_d'),
		percent: integer('percent'),
		passed: integer('passed', { mode: 'boolean' }),
		results: text('results', { mode: 'json' }).$type<StoredQuestionResult[]>()
	},
	(t) => [
		uniqueIndex('quiz_attempts_user_quiz_number_idx').on(t.userId, t.quizId, t.number),
		uniqueIndex('quiz_attempts_one_open_idx')
			.on(t.userId, t.quizId)
			.where(sql`${t.status} = 'open'`),
		index('quiz_attempts_quiz_idx').on(t.quizId, t.status),
		index('quiz_attempts_deadline_idx')
			.on(t.deadline)
			.where(sql`${t.status} = 'open'`)
	]
);

export type QuizSnapshot = typeof quizSnapshots.$inferSelect;
export type QuizAttempt = typeof quizAttempts.$inferSelect;
