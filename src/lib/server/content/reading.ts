import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { cachedRead, invalidateReads } from '../db/read-cache';
import { contentBookmarks, contentItems, contentReads, type Locale } from '../db/schema';
import { listLiveItemIndex, listLiveItemKinds } from './items';

/**
 * Read-cache scope of each user's read marks and bookmarks (../db/read-cache.ts), under the key
 * `user <id>`: nearly every content page and the home page show them, and only `setBookmark` /
 * `setRead` below change them (they drop that user's entry).
 */
const READING_READS = 'reading';

type UserReading = {
	/** Item ids marked read (archived items included: callers keep the live ones). */
	read: readonly string[];
	/** Bookmarked item ids, newest first. */
	bookmarks: ReadonlyArray<{ itemId: string; createdAt: Date }>;
};

/** A user's read marks and bookmarks, in one statement, cached until they change. */
function userReading(db: Db, userId: number): UserReading {
	return cachedRead(db, READING_READS, `user ${userId}`, () => {
		const rows = db.all<{ k: 'r' | 'b'; itemId: string; at: number }>(
			sql`select 'r' as k, ${contentReads.itemId} as itemId, ${contentReads.readAt} as at
				from ${contentReads} where ${contentReads.userId} = ${userId}
				union all
				select 'b', ${contentBookmarks.itemId}, ${contentBookmarks.createdAt}
				from ${contentBookmarks} where ${contentBookmarks.userId} = ${userId}
				order by 3 desc, 2`
		);
		return {
			read: rows.filter((r) => r.k === 'r').map((r) => r.itemId),
			bookmarks: rows
				.filter((r) => r.k === 'b')
				.map((r) => ({ itemId: r.itemId, createdAt: new Date(r.at) }))
		};
	});
}

/** Whether `userId` bookmarked and marked as read `itemId`. */
export function getReadingState(
	db: Db,
	userId: number,
	itemId: string
): { bookmarked: boolean; read: boolean } {
	const mine = userReading(db, userId);
	return {
		bookmarked: mine.bookmarks.some((b) => b.itemId === itemId),
		read: mine.read.includes(itemId)
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
	invalidateReads(db, READING_READS, `user ${userId}`);
}

/** Marks as read (on) or unread. Idempotent. */
export function setRead(db: Db, userId: number, itemId: string, on: boolean): void {
	if (on) db.insert(contentReads).values({ userId, itemId }).onConflictDoNothing().run();
	else
		db.delete(contentReads)
			.where(and(eq(contentReads.userId, userId), eq(contentReads.itemId, itemId)))
			.run();
	invalidateReads(db, READING_READS, `user ${userId}`);
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
	const live = listLiveItemIndex(db, locale);
	return userReading(db, userId).bookmarks.flatMap(({ itemId, createdAt }) => {
		const item = live.get(itemId);
		return item ? [{ id: itemId, ...item, createdAt }] : [];
	});
}

/** Ids of the live items of `kinds` the user has marked as read. */
export function listReadIds(db: Db, userId: number, kinds: string[]): Set<string> {
	const live = listLiveItemKinds(db);
	return new Set(userReading(db, userId).read.filter((id) => kinds.includes(live.get(id) ?? '')));
}

/** Reading progress per kind: live items read / live items. */
export function getReadingProgress(
	db: Db,
	userId: number,
	kinds: string[]
): Record<string, { read: number; total: number }> {
	const out: Record<string, { read: number; total: number }> = Object.fromEntries(
		kinds.map((k) => [k, { read: 0, total: 0 }])
	);
	const live = listLiveItemKinds(db);
	for (const kind of live.values()) if (out[kind]) out[kind].total++;
	for (const id of userReading(db, userId).read) {
		const kind = live.get(id);
		if (kind && out[kind]) out[kind].read++;
	}
	return out;
}
