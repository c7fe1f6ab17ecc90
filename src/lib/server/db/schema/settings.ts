import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './auth';

/**
 * Site settings changed by admins at run time (registration mode, site name, …). One row per key;
 * the value is JSON validated by the key's zod schema in src/lib/server/settings/definitions.ts.
 * A key without a row has its default.
 */
export const settings = sqliteTable('settings', {
	key: text('key').primaryKey(),
	/** JSON text. */
	value: text('value').notNull(),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(cast(unixepoch('subsecond') * 1000 as integer))`),
	updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' })
});

export type SettingRow = typeof settings.$inferSelect;
