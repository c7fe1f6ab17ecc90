import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './auth';

/**
 * In-app notifications. Only the kind and its JSON payload are stored; the text is rendered in the
 * reader's language when read (src/lib/server/notifications/kinds.ts).
 */
export const notifications = sqliteTable(
	'notifications',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		/** JSON text, validated against the kind's schema when written. */
		payload: text('payload').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(cast(unixepoch('subsecond') * 1000 as integer))`),
		readAt: integer('read_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		index('notifications_user_created_idx').on(t.userId, t.createdAt),
		index('notifications_user_unread_idx').on(t.userId, t.readAt)
	]
);

export type NotificationRow = typeof notifications.$inferSelect;
