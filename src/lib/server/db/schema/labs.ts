import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { LOCALES, users } from './auth';
import { submissions } from './feedback';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/** What a lab attempt answered: the JSON Schema step, the OpenAPI step, the numbers, the runbook. */
export const LAB_STEPS = ['schema', 'openapi', 'capacity', 'runbook'] as const;
export type LabStep = (typeof LAB_STEPS)[number];

/**
 * One checked lab attempt, immutable once written (an attempt the checker could not read — not
 * JSON, an unreadable number, an empty runbook section — is refused and never stored). References
 * the lab by content item id and version (no foreign key: an archived lab keeps its attempts).
 * `answer` holds what the learner sent (`{ text }`, `{ answers }` or `{ sections }`); `result` the
 * checker's outcome by sample id or question id (never a hidden payload). A runbook attempt's
 * score comes from its feedback (`submissionId`), so `score` and `passed` stay null there.
 */
export const labAttempts = sqliteTable(
	'lab_attempts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		itemId: text('item_id').notNull(),
		itemVersion: integer('item_version').notNull(),
		step: text('step', { enum: LAB_STEPS }).notNull(),
		/** The page's language when submitting (feedback and messages in it). */
		locale: text('locale', { enum: LOCALES }).notNull(),
		/** 1-based attempt number of this learner on this lab (all steps counted). */
		attempt: integer('attempt').notNull(),
		answer: text('answer', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		result: text('result', { mode: 'json' }).$type<Record<string, unknown> | null>(),
		/** Points: samples judged right, answers within tolerance; null for runbooks (see feedback). */
		score: real('score'),
		maxScore: real('max_score').notNull(),
		passed: integer('passed', { mode: 'boolean' }),
		/** The feedback pipeline's submission of a runbook attempt. */
		submissionId: integer('submission_id').references(() => submissions.id, {
			onDelete: 'set null'
		}),
		/** From the form: a double click or a replayed request carries the same key. */
		idempotencyKey: text('idempotency_key').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now)
	},
	(t) => [
		uniqueIndex('lab_attempts_user_idem_uq').on(t.userId, t.idempotencyKey),
		uniqueIndex('lab_attempts_attempt_uq').on(t.userId, t.itemId, t.attempt),
		index('lab_attempts_item_idx').on(t.itemId, t.step)
	]
);

export type LabAttempt = typeof labAttempts.$inferSelect;
