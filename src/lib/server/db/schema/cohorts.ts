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

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/**
 * A cohort: one run of the course for a group of learners, managed by the instructor who created it
 * (and by admins). Term dates are calendar dates ("YYYY-MM-DD") in the cohort's IANA time zone, not
 * instants. The invite code is stored as typed out (upper-case, no separators) and is unique.
 */
export const cohorts = sqliteTable(
	'cohorts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		name: text('name').notNull(),
		/** First day of term, "YYYY-MM-DD" in `timeZone`. */
		startDate: text('start_date').notNull(),
		/** Last day of term, "YYYY-MM-DD" in `timeZone`; the invite code stops working after it. */
		endDate: text('end_date').notNull(),
		timeZone: text('time_zone').notNull(),
		inviteCode: text('invite_code').notNull().unique(),
		ownerId: integer('owner_id')
			.notNull()
			.references(() => users.id, { onDelete: 'restrict' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
		/**
		 * The create form's one-time key (a random UUID rendered into the form): a second post of the
		 * same form (double click, resent page) finds this cohort instead of making another. Null for
		 * cohorts made without a form.
		 */
		createKey: text('create_key')
	},
	(t) => [
		index('cohorts_owner_idx').on(t.ownerId),
		uniqueIndex('cohorts_owner_create_key_uq').on(t.ownerId, t.createKey)
	]
);

/** Learners (any role, in fact) belonging to a cohort. A user may belong to several cohorts. */
export const cohortMembers = sqliteTable(
	'cohort_members',
	{
		cohortId: integer('cohort_id')
			.notNull()
			.references(() => cohorts.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		joinedAt: integer('joined_at', { mode: 'timestamp_ms' }).notNull().default(now)
	},
	(t) => [
		primaryKey({ columns: [t.cohortId, t.userId] }),
		index('cohort_members_user_idx').on(t.userId)
	]
);

export type Cohort = typeof cohorts.$inferSelect;
export type CohortMember = typeof cohortMembers.$inferSelect;
