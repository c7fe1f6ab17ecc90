import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './auth';

/**
 * One-time password-reset links. The id is the hex SHA-256 of the token in the link, so the
 * database never holds a usable link. A used link keeps its row (usedAt set) so reuse gets a
 * clear message; rows are removed when the user's password changes or a newer link is issued.
 */
export const passwordResetTokens = sqliteTable(
	'password_reset_tokens',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' }),
		/** The admin who issued it; null when the user asked for it by email. */
		issuedBy: integer('issued_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(cast(unixepoch('subsecond') * 1000 as integer))`)
	},
	(t) => [index('password_reset_user_idx').on(t.userId)]
);

export type PasswordResetToken = typeof passwordResetTokens.$inferSelect;
