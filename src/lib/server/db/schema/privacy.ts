import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './auth';

/**
 * Pending account-deletion requests: a user asks (re-entering their password), an admin confirms
 * on /admin/deletions, and the account is deleted (src/lib/server/privacy/deletion.ts). One row per
 * user; cancelling removes it; the row goes with the user.
 */
export const deletionRequests = sqliteTable('deletion_requests', {
	userId: integer('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	requestedAt: integer('requested_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(cast(unixepoch('subsecond') * 1000 as integer))`),
	/** The user's optional reason (shown to admins), at most 500 characters. */
	reason: text('reason')
});

export type DeletionRequest = typeof deletionRequests.$inferSelect;
