import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './auth';

/**
 * Append-only log of administrative actions: who (actor), what (action, target), when, and the
 * state before and after as JSON. Written in the same transaction as the change it records.
 */
export const auditLog = sqliteTable(
	'audit_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** Null for the system (start-up, scripts) or a since-deleted user. */
		actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
		/** Dotted verb, e.g. "user.role_change", "settings.update", "cohort.create". */
		action: text('action').notNull(),
		/** What was changed: "user", "cohort", "settings", … */
		targetType: text('target_type').notNull(),
		/** Its id as text (numeric ids, setting keys …). */
		targetId: text('target_id').notNull(),
		/** JSON text, or null when nothing existed before / after. */
		before: text('before'),
		after: text('after'),
		reason: text('reason'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(cast(unixepoch('subsecond') * 1000 as integer))`)
	},
	(t) => [
		index('audit_created_idx').on(t.createdAt),
		index('audit_action_idx').on(t.action, t.createdAt),
		index('audit_actor_idx').on(t.actorId, t.createdAt),
		index('audit_target_idx').on(t.targetType, t.targetId)
	]
);

export type AuditRow = typeof auditLog.$inferSelect;
