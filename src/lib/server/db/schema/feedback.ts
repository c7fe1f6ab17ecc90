import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { LOCALES, users } from './auth';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

export const JOB_STATES = ['pending', 'running', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Where a feedback row came from: the provider's model, or the deterministic offline check. */
export const FEEDBACK_SOURCES = ['model', 'offline'] as const;
export type FeedbackSource = (typeof FEEDBACK_SOURCES)[number];

/**
 * Why the offline check answered instead of the model:
 * - `no_provider`: no LLM configured; `breaker_open`: the provider is failing, AI retried later;
 * - `provider_error`: retries exhausted (HTTP errors, timeouts, stalled streams), AI retried later;
 * - `quota`: the learner's daily AI quota is used up; `budget`: the global daily budget is spent;
 * - `invalid_reply`: the reply stayed malformed, refused or cut after one repair attempt;
 * - `archived`: the site is in archive mode, which makes no LLM calls.
 */
export const OFFLINE_REASONS = [
	'no_provider',
	'breaker_open',
	'provider_error',
	'quota',
	'budget',
	'invalid_reply',
	'archived'
] as const;
export type OfflineReason = (typeof OFFLINE_REASONS)[number];

/**
 * An answer as submitted: immutable (never updated). References the exercise by its content item
 * id and version (no foreign key: the content tables belong to the content pipeline, and an
 * archived item keeps its submissions).
 */
export const submissions = sqliteTable(
	'submissions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		itemId: text('item_id').notNull(),
		itemVersion: integer('item_version').notNull(),
		/** Language the feedback is written in (the learner's locale when submitting). */
		locale: text('locale', { enum: LOCALES }).notNull(),
		answer: text('answer').notNull(),
		/** Client-chosen key; a replay with the same key returns the first submission. */
		idempotencyKey: text('idempotency_key').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now)
	},
	(t) => [
		uniqueIndex('submissions_user_idem_uq').on(t.userId, t.idempotencyKey),
		index('submissions_user_item_idx').on(t.userId, t.itemId),
		index('submissions_item_idx').on(t.itemId, t.itemVersion),
		// The grading queue, oldest first (grading/queue.ts walks it instead of sorting).
		index('submissions_created_idx').on(t.createdAt)
	]
);

/**
 * Durable work item producing feedback for one submission. Claimed by a worker with a lease
 * (`lockedUntil`); a job whose lease expired (worker died) is claimable again.
 */
export const feedbackJobs = sqliteTable(
	'feedback_jobs',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		submissionId: integer('submission_id')
			.notNull()
			.references(() => submissions.id, { onDelete: 'cascade' }),
		state: text('state', { enum: JOB_STATES }).notNull().default('pending'),
		/** How many times a worker has claimed this job. */
		attempts: integer('attempts').notNull().default(0),
		nextRunAt: integer('next_run_at', { mode: 'timestamp_ms' }).notNull().default(now),
		lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
		/** Random token of the claim holding the lease; writes check it. */
		lockToken: text('lock_token'),
		/** Regrades skip the cache. */
		bypassCache: integer('bypass_cache', { mode: 'boolean' }).notNull().default(false),
		/** Last offline reason or failure cause (see OFFLINE_REASONS; also `rubric_missing`, `error`). */
		reason: text('reason'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now)
	},
	(t) => [
		index('feedback_jobs_claim_idx').on(t.state, t.nextRunAt),
		index('feedback_jobs_submission_idx').on(t.submissionId)
	]
);

/** One feedback result for a submission (a submission may get offline feedback, then the model's). */
export const feedback = sqliteTable(
	'feedback',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		submissionId: integer('submission_id')
			.notNull()
			.references(() => submissions.id, { onDelete: 'cascade' }),
		jobId: integer('job_id').references(() => feedbackJobs.id, { onDelete: 'set null' }),
		source: text('source', { enum: FEEDBACK_SOURCES }).notNull(),
		offlineReason: text('offline_reason', { enum: OFFLINE_REASONS }),
		/** Model name (null for offline). */
		model: text('model'),
		promptVersion: text('prompt_version'),
		rubricVersion: integer('rubric_version').notNull(),
		/** SHA-256 of the rubric's canonical JSON (what the cache and the result were built on). */
		rubricHash: text('rubric_hash').notNull(),
		locale: text('locale', { enum: LOCALES }).notNull(),
		/** Points, computed by code from the levels (never the model's arithmetic). */
		totalPoints: real('total_points').notNull(),
		maxPoints: real('max_points').notNull(),
		summary: text('summary').notNull().default(''),
		/** Cache key (model, prompt version, rubric, locale, normalised answer); model rows only. */
		cacheKey: text('cache_key'),
		/** The feedback row this one was copied from, when served from the cache. */
		cachedFromId: integer('cached_from_id'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now)
	},
	(t) => [
		index('feedback_submission_idx').on(t.submissionId),
		index('feedback_cache_idx').on(t.cacheKey),
		// The usage dashboard's date ranges (usage/index.ts).
		index('feedback_created_idx').on(t.createdAt)
	]
);

/** Per-criterion part of a feedback row. JSON columns hold string arrays. */
export const feedbackCriteria = sqliteTable(
	'feedback_criteria',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		feedbackId: integer('feedback_id')
			.notNull()
			.references(() => feedback.id, { onDelete: 'cascade' }),
		criterionId: text('criterion_id').notNull(),
		position: integer('position').notNull(),
		level: integer('level').notNull(),
		points: real('points').notNull(),
		maxPoints: real('max_points').notNull(),
		evidence: text('evidence', { mode: 'json' }).$type<string[]>().notNull(),
		missing: text('missing', { mode: 'json' }).$type<string[]>().notNull(),
		/** Concept ids found (offline check) or empty. */
		covered: text('covered', { mode: 'json' }).$type<string[]>().notNull(),
		suggestion: text('suggestion').notNull().default(''),
		/** False when a quote was dropped (not in the answer) or a level above the lowest had no evidence. */
		verified: integer('verified', { mode: 'boolean' }).notNull()
	},
	(t) => [index('feedback_criteria_feedback_idx').on(t.feedbackId)]
);

export const LLM_OUTCOMES = [
	'ok',
	'http_429',
	'http_5xx',
	'http_4xx',
	'timeout',
	'stalled',
	'network',
	'refusal',
	'length',
	'invalid',
	'aborted'
] as const;
export type LlmOutcome = (typeof LLM_OUTCOMES)[number];

/** Accounting: one row per HTTP call to the provider (retries and repairs are calls too). */
export const llmCalls = sqliteTable(
	'llm_calls',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		jobId: integer('job_id').references(() => feedbackJobs.id, { onDelete: 'set null' }),
		/** Whose quota the call counts against (internal only; never sent to the provider). */
		userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
		purpose: text('purpose', { enum: ['feedback', 'repair', 'eval'] }).notNull(),
		model: text('model').notNull(),
		promptVersion: text('prompt_version').notNull(),
		tokensIn: integer('tokens_in').notNull().default(0),
		tokensOut: integer('tokens_out').notNull().default(0),
		latencyMs: integer('latency_ms').notNull(),
		outcome: text('outcome', { enum: LLM_OUTCOMES }).notNull(),
		httpStatus: integer('http_status'),
		/** Estimated cost in LLM_PRICE_CURRENCY, from the price table (per 1M tokens). */
		cost: real('cost').notNull().default(0),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now)
	},
	(t) => [
		index('llm_calls_created_idx').on(t.createdAt),
		index('llm_calls_user_created_idx').on(t.userId, t.createdAt)
	]
);

export type Submission = typeof submissions.$inferSelect;
export type FeedbackJob = typeof feedbackJobs.$inferSelect;
export type FeedbackRow = typeof feedback.$inferSelect;
export type FeedbackCriterionRow = typeof feedbackCriteria.$inferSelect;
export type LlmCall = typeof llmCalls.$inferSelect;
