import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { feedbackJobs, submissions } from './feedback';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/** `running`: items are still being fed to the queue or graded; `done` / `cancelled` are final. */
export const REGRADE_STATES = ['running', 'done', 'cancelled'] as const;
export type RegradeState = (typeof REGRADE_STATES)[number];

/**
 * An instructor's request for new AI feedback on the latest submission of every learner of one
 * exercise. Durable: the batch and all its items are written in one transaction; the feeder
 * (src/lib/server/regrade) queues their feedback jobs a few at a time and survives restarts.
 */
export const regradeBatches = sqliteTable(
	'regrade_batches',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** Content item id of the exercise (no foreign key, like submissions). */
		itemId: text('item_id').notNull(),
		requestedBy: integer('requested_by').references(() => users.id, { onDelete: 'set null' }),
		state: text('state', { enum: REGRADE_STATES }).notNull().default('running'),
		/** Number of items (submissions) in the batch. */
		total: integer('total').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
		/** When it became done or cancelled. */
		endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
		cancelledBy: integer('cancelled_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [
		index('regrade_batches_state_idx').on(t.state),
		index('regrade_batches_item_idx').on(t.itemId)
	]
);

/**
 * One submission of a batch. `jobId` is null until the feeder queues its feedback job; a cancelled
 * batch's items without a job (or whose job was still waiting) are `cancelled`.
 */
export const regradeItems = sqliteTable(
	'regrade_items',
	{
		batchId: integer('batch_id')
			.notNull()
			.references(() => regradeBatches.id, { onDelete: 'cascade' }),
		submissionId: integer('submission_id')
			.notNull()
			.references(() => submissions.id, { onDelete: 'cascade' }),
		jobId: integer('job_id').references(() => feedbackJobs.id, { onDelete: 'set null' }),
		cancelled: integer('cancelled', { mode: 'boolean' }).notNull().default(false)
	},
	(t) => [
		primaryKey({ columns: [t.batchId, t.submissionId] }),
		index('regrade_items_job_idx').on(t.jobId)
	]
);

export type RegradeBatch = typeof regradeBatches.$inferSelect;
export type RegradeItem = typeof regradeItems.$inferSelect;
