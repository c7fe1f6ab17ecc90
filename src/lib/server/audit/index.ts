import { and, count, desc, eq, gte, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { auditLog, users, type AuditRow } from '../db/schema';

export { AUDIT_ACTIONS, auditActionLabel } from './actions';

/** What {@link audit} records. `before`/`after` are any JSON-serialisable values (null = none). */
export type AuditEntry = {
	/** The user who acted; null for the system. */
	actorId: number | null;
	/** Dotted verb such as "user.role_change"; give it a label in ./actions.ts. */
	action: string;
	targetType: string;
	targetId: string | number;
	before: unknown;
	after: unknown;
	reason?: string | null;
};

/**
 * Appends one row to the audit log. Call it with the transaction that makes the change, so the
 * change and its record commit together: `immediate(db, (tx) => { change(tx); audit(tx, …) })`.
 * Never store secrets (tokens, passwords, invite codes) in before/after.
 */
export function audit(db: Db, entry: AuditEntry): AuditRow {
	const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
	return db
		.insert(auditLog)
		.values({
			actorId: entry.actorId,
			action: entry.action,
			targetType: entry.targetType,
			targetId: String(entry.targetId),
			before: json(entry.before),
			after: json(entry.after),
			reason: entry.reason?.trim() || null
		})
		.returning()
		.get();
}

export type AuditFilter = {
	action?: string;
	targetType?: string;
	targetId?: string;
	/** Substring of the actor's name or email. */
	actor?: string;
	/** Inclusive lower bound of createdAt. */
	from?: Date;
	/** Exclusive upper bound of createdAt. */
	to?: Date;
};

export type AuditListItem = AuditRow & { actorName: string | null; actorEmail: string | null };

/**
 * Audit rows, newest first, filtered; one page of `pageSize` (1-based `page`) and the total.
 * `before`/`after` are returned as stored (JSON text).
 */
export function listAuditEntries(
	db: Db,
	filter: AuditFilter = {},
	opts: { page?: number; pageSize?: number } = {}
): { rows: AuditListItem[]; total: number } {
	const pageSize = opts.pageSize ?? 50;
	const page = Math.max(1, opts.page ?? 1);
	const actor = filter.actor?.trim();
	const pattern = actor ? `%${actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
	const where = and(
		filter.action ? eq(auditLog.action, filter.action) : undefined,
		filter.targetType ? eq(auditLog.targetType, filter.targetType) : undefined,
		filter.targetId ? eq(auditLog.targetId, filter.targetId) : undefined,
		filter.from ? gte(auditLog.createdAt, filter.from) : undefined,
		filter.to ? lt(auditLog.createdAt, filter.to) : undefined,
		pattern
			? or(
					sql`${users.email} like ${pattern} escape '\\'`,
					sql`${users.displayName} like ${pattern} escape '\\'`
				)
			: undefined
	);
	const rows = db
		.select({
			id: auditLog.id,
			actorId: auditLog.actorId,
			action: auditLog.action,
			targetType: auditLog.targetType,
			targetId: auditLog.targetId,
			before: auditLog.before,
			after: auditLog.after,
			reason: auditLog.reason,
			createdAt: auditLog.createdAt,
			actorName: users.displayName,
			actorEmail: users.email
		})
		.from(auditLog)
		.leftJoin(users, eq(auditLog.actorId, users.id))
		.where(where)
		.orderBy(desc(auditLog.createdAt), desc(auditLog.id))
		.limit(pageSize)
		.offset((page - 1) * pageSize)
		.all();
	const total =
		db
			.select({ n: count() })
			.from(auditLog)
			.leftJoin(users, eq(auditLog.actorId, users.id))
			.where(where)
			.get()?.n ?? 0;
	return { rows, total };
}

/** The distinct actions and target types present in the log (for filter selects), sorted. */
export function listAuditFacets(db: Db): { actions: string[]; targetTypes: string[] } {
	const actions = db
		.selectDistinct({ v: auditLog.action })
		.from(auditLog)
		.orderBy(auditLog.action)
		.all()
		.map((r) => r.v);
	const targetTypes = db
		.selectDistinct({ v: auditLog.targetType })
		.from(auditLog)
		.orderBy(auditLog.targetType)
		.all()
		.map((r) => r.v);
	return { actions, targetTypes };
}
