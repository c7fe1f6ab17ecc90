import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const ROLES = ['learner', 'instructor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

export const users = sqliteTable(
	'users',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** Stored lower-cased and trimmed; unique. */
		email: text('email').notNull().unique(),
		displayName: text('display_name').notNull(),
		passwordHash: text('password_hash').notNull(),
		role: text('role', { enum: ROLES }).notNull().default('learner'),
		timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
		locale: text('locale', { enum: LOCALES }).notNull().default('zh-CN'),
		disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now)
	},
	(t) => [index('users_role_idx').on(t.role), index('users_display_name_idx').on(t.displayName)]
);

/**
 * Sessions as the Lucia guide describes them: the id is the hex SHA-256 of the
 * token in the cookie, so a leaked database cannot be replayed as cookies.
 */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** Sliding expiry, pushed forward when renewed. */
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		/** Absolute expiry: never moved. */
		absoluteExpiresAt: integer('absolute_expires_at', { mode: 'timestamp_ms' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
		userAgent: text('user_agent'),
		ip: text('ip')
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Session = typeof sessions.$inferSelect;
