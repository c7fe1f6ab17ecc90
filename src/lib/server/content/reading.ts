import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import {
	contentBookmarks,
	contentItems,
	contentLocales,
	contentReads,
	type Locale
} from '../db/schema';

/** Whether `userId` bookmarked and marked as read `itemId`. */
export function getReadingState(
	db: Db,
	userId: number,
	itemId: string
): { bookmarked: boolean; read: boolean } {
	const key = (t: typeof contentBookmarks | typeof contentReads) =>
		and(eq(t.userId, userId), eq(t.itemId, itemId));
	return {
		bookmarked: !!db
			.select({ u: contentBookmarks.userId })
			.from(contentBookmarks)
			.where(key(contentBookmarks))
			.get(),
		read: !!db.select({ u: contentReads.userId }).from(contentReads).where(key(contentReads)).get()
	};
}

/** True when `itemId` is a live item (bookmarks and read marks only for those). */
export function isLiveItem(db: Db, itemId: string): boolean {
	return !!db
		.select({ id: contentItems.id })
		.from(contentItems)
		.where(and(eq(contentItems.id, itemId), isNull(contentItems.archivedAt)))
		.get();
}

/** Bookmarks (on) or removes it (off). Idempotent. */
export function setBookmark(db: Db, userId: number, itemId: string, on: boolean): void {
	if (on) db.insert(contentBookmarks).values({ userId, itemId }).onConflictDoNothing().run();
	else
		db.delete(contentBookmarks)
			.where(and(eq(contentBookmarks.userId, userId), eq(contentBookmarks.itemId, itemId)))
			.run();
}

/** Marks as read (on) or unread. Idempotent. */
export function setRead(db: Db, userId: number, itemId: string, on: boolean): void {
	if (on) db.insert(contentReads).values({ userId, itemId }).onConflictDoNothing().run();
	else
		db.delete(contentReads)
			.where(and(eq(contentReads.userId, userId), eq(contentReads.itemId, itemId)))
			.run();
}

export type BookmarkEntry = {
	id: string;
	kind: string;
	path: string;
	title: string;
	createdAt: Date;
};

/** A user's bookmarks on live items, newest first, with titles in `locale`. */
export function listBookmarks(db: Db, userId: number, locale: Locale): BookmarkEntry[] {
	return db
		.select({
			id: contentItems.id,
			kind: contentItems.kind,
			path: contentItems.path,
			title: contentLocales.title,
			createdAt: contentBookmarks.createdAt
		})
		.from(contentBookmarks)
		.innerJoin(contentItems, eq(contentItems.id, contentBookmarks.itemId))
		.innerJoin(
			contentLocales,
			and(eq(contentLocales.itemId, contentItems.id), eq(contentLocales.locale, locale))
		)
		.where(and(eq(contentBookmarks.userId, userId), isNull(contentItems.archivedAt)))
		.orderBy(desc(contentBookmarks.createdAt))
		.all();
}

/** Ids of the live items of `kinds` the user has marked as read. */
export function listReadIds(db: Db, userId: number, kinds: string[]): Set<string> {
	const rows = db
		.select({ id: contentReads.itemId })
		.from(contentReads)
		.innerJoin(contentItems, eq(contentItems.id, contentReads.itemId))
		.where(
			and(
				eq(contentReads.userId, userId),
				inArray(contentItems.kind, kinds),
				isNull(contentItems.archivedAt)
			)
		)
		.all();
	return new Set(rows.map((r) => r.id));
}

/** Reading progress per kind: live items read / live items. */
export function getReadingProgress(
	db: Db,
	userId: number,
	kinds: string[]
): Record<string, { read: number; total: number }> {
	const out: Record<string, { read: number; total: number }> = {};
	for (const kind of kinds) {
		const total =
			db
				.select({ n: count() })
				.from(contentItems)
				.where(and(eq(contentItems.kind, kind), isNull(contentItems.archivedAt)))
				.get()?.n ?? 0;
		const read =
			db
				.select({ n: count() })
				.from(contentReads)
				.innerJoin(contentItems, eq(contentItems.id, contentReads.itemId))
				.where(
					and(
						eq(contentReads.userId, userId),
						eq(contentItems.kind, kind),
						isNull(contentItems.archivedAt)
					)
				)
				.get()?.n ?? 0;
		out[kind] = { read, total };
	}
	return out;
}
