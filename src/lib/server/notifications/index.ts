import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { cachedRead, invalidateReads } from '../db/read-cache';
import { notifications, type Locale, type NotificationRow } from '../db/schema';
import { log } from '../log';
import { m } from '../../paraglide/messages';
import {
	NOTIFICATION_KINDS,
	type NotificationKind,
	type NotificationPayload,
	type RenderedNotification
} from './kinds';

export { NOTIFICATION_KINDS, type NotificationKind, type RenderedNotification } from './kinds';

/**
 * Read-cache scope of the unread counts (../db/read-cache.ts), shown in the header of every page:
 * every write to `notifications` in this process drops it (`changedNotifications`); writes by other
 * connections drop it through `PRAGMA data_version`.
 */
const UNREAD_READS = 'notifications';

/** Call after writing `notifications` (any user's): the cached unread counts are dropped. */
export function changedNotifications(db: Db): void {
	invalidateReads(db, UNREAD_READS);
}

/**
 * Creates a notification for `userId`. Only the kind and the payload are stored; the text is
 * rendered when read, in the reader's language. Pass the transaction that makes the change the
 * notification is about, so both commit together.
 * @throws ZodError when the payload does not match the kind's schema (a programming error).
 */
export function notify<K extends NotificationKind>(
	db: Db,
	userId: number,
	kind: K,
	payload: NotificationPayload<K>
): NotificationRow {
	const valid = NOTIFICATION_KINDS[kind].schema.parse(payload);
	const row = db
		.insert(notifications)
		.values({ userId, kind, payload: JSON.stringify(valid) })
		.returning()
		.get();
	changedNotifications(db);
	return row;
}

/** Number of unread notifications of a user (indexed, and cached until notifications change:
 * every page's header shows it). */
export function countUnread(db: Db, userId: number): number {
	return cachedRead(
		db,
		UNREAD_READS,
		`unread ${userId}`,
		() =>
			db
				.select({ n: count() })
				.from(notifications)
				.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
				.get()?.n ?? 0
	);
}

/**
 * Renders a stored notification for a reader of `locale`. A row whose kind is unknown or whose
 * payload no longer fits its schema reads as a generic notice rather than failing the page.
 */
export function renderNotification(
	row: Pick<NotificationRow, 'kind' | 'payload'>,
	locale: Locale
): RenderedNotification {
	const def = (NOTIFICATION_KINDS as Record<string, (typeof NOTIFICATION_KINDS)[NotificationKind]>)[
		row.kind
	];
	if (def) {
		try {
			const parsed = def.schema.safeParse(JSON.parse(row.payload));
			// eslint-disable-next-line @typescript-eslint/no-explicit-any -- payload checked by the kind's own schema
			if (parsed.success) return def.render(parsed.data as any, locale);
		} catch {
			/* malformed JSON */
		}
	}
	log.warn({ kind: row.kind }, 'notification cannot be rendered');
	return { text: m.notif_unknown({}, { locale }), href: null };
}

export type NotificationListItem = RenderedNotification & {
	id: number;
	createdAt: Date;
	readAt: Date | null;
};

/**
 * One page of a user's notifications, newest first, rendered in `locale`, and the total count.
 * @param opts.unreadOnly only unread ones; `page` is 1-based.
 * @param opts.withTotal false: skip counting (`total` is then the rows' length)
 */
export function listNotifications(
	db: Db,
	userId: number,
	locale: Locale,
	opts: { page?: number; pageSize?: number; unreadOnly?: boolean; withTotal?: boolean } = {}
): { rows: NotificationListItem[]; total: number } {
	const pageSize = opts.pageSize ?? 30;
	const page = Math.max(1, opts.page ?? 1);
	const where = and(
		eq(notifications.userId, userId),
		opts.unreadOnly ? isNull(notifications.readAt) : undefined
	);
	const rows = db
		.select()
		.from(notifications)
		.where(where)
		.orderBy(desc(notifications.createdAt), desc(notifications.id))
		.limit(pageSize)
		.offset((page - 1) * pageSize)
		.all()
		.map((r) => ({
			id: r.id,
			createdAt: r.createdAt,
			readAt: r.readAt,
			...renderNotification(r, locale)
		}));
	const total =
		opts.withTotal === false
			? rows.length
			: (db.select({ n: count() }).from(notifications).where(where).get()?.n ?? 0);
	return { rows, total };
}

/** Marks one of the user's notifications read. @returns false when it is not theirs or missing. */
export function markNotificationRead(
	db: Db,
	userId: number,
	id: number,
	now = new Date()
): boolean {
	const mine = db
		.select({ id: notifications.id, readAt: notifications.readAt })
		.from(notifications)
		.where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
		.get();
	if (!mine) return false;
	if (!mine.readAt) {
		db.update(notifications).set({ readAt: now }).where(eq(notifications.id, id)).run();
		changedNotifications(db);
	}
	return true;
}

/** Marks every unread notification of the user read. @returns how many changed. */
export function markAllNotificationsRead(db: Db, userId: number, now = new Date()): number {
	const changed = db
		.update(notifications)
		.set({ readAt: now })
		.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
		.run().changes;
	changedNotifications(db);
	return changed;
}
