import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Db } from '../db';
import { cachedRead } from '../db/read-cache';
import { contentItems, contentLocales, contentTags, type Locale } from '../db/schema';

/**
 * The read-cache scope of published content (../db/read-cache.ts). Content changes only through
 * `syncContent`, which drops it; the reads below are therefore served from memory between syncs
 * (results are frozen: copy before changing).
 */
export const CONTENT_READS = 'content';

/** A live item as lists and links show it. `path` has no locale prefix. */
export type ItemSummary = {
	id: string;
	kind: string;
	slug: string;
	path: string;
	title: string;
	summary: string;
	metadata: Record<string, unknown>;
};

/** An item with its rendered body in one language. */
export type ItemPage = ItemSummary & { html: string; version: number };

/** An item by id in one language, archived or not (see `getItemWithMeta`). */
export type ItemWithMeta = Omit<ItemSummary, 'kind'> & {
	version: number;
	contentHash: string;
	live: boolean;
};

const summaryColumns = {
	id: contentItems.id,
	kind: contentItems.kind,
	slug: contentItems.slug,
	path: contentItems.path,
	title: contentLocales.title,
	summary: contentLocales.summary,
	metadata: contentLocales.metadata
};

function localeJoin(locale: Locale) {
	return and(eq(contentLocales.itemId, contentItems.id), eq(contentLocales.locale, locale));
}

/** Live (not archived) items of `kind` in `locale`, in the kind's sort order. */
export function listItems(db: Db, kind: string, locale: Locale): ItemSummary[] {
	return cachedRead(db, CONTENT_READS, `listItems ${kind} ${locale}`, () => {
		return db
			.select(summaryColumns)
			.from(contentItems)
			.innerJoin(contentLocales, localeJoin(locale))
			.where(and(eq(contentItems.kind, kind), isNull(contentItems.archivedAt)))
			.orderBy(asc(contentItems.sortKey), asc(contentItems.id))
			.all();
	});
}

/** The live item of `kind` with this slug, with its HTML in `locale`; undefined when none. */
export function getItemPage(
	db: Db,
	kind: string,
	slug: string,
	locale: Locale
): ItemPage | undefined {
	return cachedRead(db, CONTENT_READS, `getItemPage ${kind} ${slug} ${locale}`, () => {
		return db
			.select({ ...summaryColumns, html: contentLocales.html, version: contentItems.version })
			.from(contentItems)
			.innerJoin(contentLocales, localeJoin(locale))
			.where(
				and(
					eq(contentItems.kind, kind),
					eq(contentItems.slug, slug),
					isNull(contentItems.archivedAt)
				)
			)
			.get();
	});
}

/**
 * One item of `kind` by id, archived or not (an attempt or submission still names its item after
 * its folder left `cases/`), with its title, summary and metadata in `locale`, its current version
 * and content hash; `live` is false for an archived item. Undefined for an unknown id, an item of
 * another kind, or one without a `locale` row. Server only: `metadata` may hold answer keys.
 * Not served from the read cache: callers read it inside their write transactions (submit, quiz start).
 */
export function getItemWithMeta(
	db: Db,
	id: string,
	kind: string,
	locale: Locale
): ItemWithMeta | undefined {
	const row = db
		.select({
			id: contentItems.id,
			slug: contentItems.slug,
			path: contentItems.path,
			version: contentItems.version,
			contentHash: contentItems.contentHash,
			archivedAt: contentItems.archivedAt,
			title: contentLocales.title,
			summary: contentLocales.summary,
			metadata: contentLocales.metadata
		})
		.from(contentItems)
		.innerJoin(contentLocales, localeJoin(locale))
		.where(and(eq(contentItems.id, id), eq(contentItems.kind, kind)))
		.get();
	if (!row) return undefined;
	const { archivedAt, ...rest } = row;
	return { ...rest, live: archivedAt === null };
}

/**
 * Live items carrying ANY of `tags` (e.g. every item tagged "module:3"), optionally only of
 * `kinds`, never `excludeId`; in kind then sort order. This is how pages link to quizzes, labs,
 * FAQ entries and cases that later features add: they only have to tag them.
 */
export function listTaggedItems(
	db: Db,
	tags: string[],
	locale: Locale,
	opts: { kinds?: string[]; excludeId?: string } = {}
): Array<ItemSummary & { tags: string[] }> {
	return cachedRead(
		db,
		CONTENT_READS,
		`listTaggedItems ${JSON.stringify([tags, locale, opts])}`,
		() => {
			if (tags.length === 0 || opts.kinds?.length === 0) return [];
			const rows = db
				.selectDistinct(summaryColumns)
				.from(contentTags)
				.innerJoin(contentItems, eq(contentItems.id, contentTags.itemId))
				.innerJoin(contentLocales, localeJoin(locale))
				.where(
					and(
						inArray(contentTags.tag, tags),
						isNull(contentItems.archivedAt),
						opts.kinds ? inArray(contentItems.kind, opts.kinds) : undefined,
						opts.excludeId ? ne(contentItems.id, opts.excludeId) : undefined
					)
				)
				.orderBy(asc(contentItems.kind), asc(contentItems.sortKey))
				.all();
			const tagsOf = listTags(
				db,
				rows.map((r) => r.id)
			);
			return rows.map((r) => ({ ...r, tags: tagsOf.get(r.id) ?? [] }));
		}
	);
}

/** Tags of the given items. */
export function listTags(db: Db, ids: string[]): Map<string, string[]> {
	return cachedRead(db, CONTENT_READS, `listTags ${JSON.stringify(ids)}`, () => {
		const out = new Map<string, string[]>();
		if (ids.length === 0) return out;
		for (const r of db.select().from(contentTags).where(inArray(contentTags.itemId, ids)).all()) {
			out.set(r.itemId, [...(out.get(r.itemId) ?? []), r.tag]);
		}
		return out;
	});
}

/**
 * Resolves "kind:id" references (hands-on links, a case's exercise) to live items; references to
 * items that do not exist (yet) are left out, in the given order otherwise.
 */
export function resolveItemRefs(db: Db, refs: string[], locale: Locale): ItemSummary[] {
	return cachedRead(db, CONTENT_READS, `resolveItemRefs ${JSON.stringify([refs, locale])}`, () => {
		const ids = refs.map((r) => r.slice(r.indexOf(':') + 1));
		if (ids.length === 0) return [];
		const rows = db
			.select(summaryColumns)
			.from(contentItems)
			.innerJoin(contentLocales, localeJoin(locale))
			.where(and(inArray(contentItems.id, ids), isNull(contentItems.archivedAt)))
			.all();
		const byRef = new Map(rows.map((r) => [`${r.kind}:${r.id}`, r]));
		return refs.flatMap((ref) => byRef.get(ref) ?? []);
	});
}

/** Titles of live items by id, in `locale` (for bookmarks and progress lists). */
export function getItemSummaries(db: Db, ids: string[], locale: Locale): ItemSummary[] {
	return cachedRead(db, CONTENT_READS, `getItemSummaries ${JSON.stringify([ids, locale])}`, () => {
		if (ids.length === 0) return [];
		return db
			.select(summaryColumns)
			.from(contentItems)
			.innerJoin(contentLocales, localeJoin(locale))
			.where(and(inArray(contentItems.id, ids), isNull(contentItems.archivedAt)))
			.all();
	});
}

/**
 * Display titles of items by id, archived items included (an export or a grade still names an item
 * after it left the course): each id's title in `locale`, else in the other language, else the id
 * itself (an item that no longer exists). Every id of `itemIds` is a key (duplicates once).
 * Served from the read cache (scope {@link CONTENT_READS}); the map is shared: do not change it.
 */
export function getItemTitles(
	db: Db,
	itemIds: readonly string[],
	locale: Locale
): ReadonlyMap<string, string> {
	const ids = [...new Set(itemIds)];
	return cachedRead(db, CONTENT_READS, `getItemTitles ${JSON.stringify([ids, locale])}`, () => {
		const rows =
			ids.length === 0
				? []
				: db
						.select({
							itemId: contentLocales.itemId,
							locale: contentLocales.locale,
							title: contentLocales.title
						})
						.from(contentLocales)
						.where(inArray(contentLocales.itemId, ids))
						.orderBy(asc(contentLocales.itemId), asc(contentLocales.locale))
						.all();
		const byItem = new Map<string, typeof rows>();
		for (const r of rows) byItem.set(r.itemId, [...(byItem.get(r.itemId) ?? []), r]);
		return new Map(
			ids.map((id) => {
				const own = byItem.get(id) ?? [];
				return [id, (own.find((r) => r.locale === locale) ?? own[0])?.title ?? id];
			})
		);
	});
}

/** The kind of every live item, by id (cached). */
export function listLiveItemKinds(db: Db): ReadonlyMap<string, string> {
	return cachedRead(db, CONTENT_READS, 'liveItemKinds', () => {
		const rows = db
			.select({ id: contentItems.id, kind: contentItems.kind })
			.from(contentItems)
			.where(isNull(contentItems.archivedAt))
			.all();
		return new Map(rows.map((r) => [r.id, r.kind]));
	});
}

/** What a link to a live item needs, for every live item of any kind, by id (cached). */
export function listLiveItemIndex(
	db: Db,
	locale: Locale
): ReadonlyMap<string, { kind: string; path: string; title: string }> {
	return cachedRead(db, CONTENT_READS, `liveItemIndex ${locale}`, () => {
		const rows = db
			.select({
				id: contentItems.id,
				kind: contentItems.kind,
				path: contentItems.path,
				title: contentLocales.title
			})
			.from(contentItems)
			.innerJoin(contentLocales, localeJoin(locale))
			.where(isNull(contentItems.archivedAt))
			.all();
		return new Map(rows.map(({ id, ...r }) => [id, r]));
	});
}

/** Id of the live item of `kind` with this slug, or undefined. */
export function findLiveItemId(db: Db, kind: string, slug: string): string | undefined {
	return cachedRead(db, CONTENT_READS, `findLiveItemId ${kind} ${slug}`, () => {
		return db
			.select({ id: contentItems.id })
			.from(contentItems)
			.where(
				and(
					eq(contentItems.kind, kind),
					eq(contentItems.slug, slug),
					isNull(contentItems.archivedAt)
				)
			)
			.get()?.id;
	});
}

/** What a page needs to link to an item. */
export type ItemLink = Pick<ItemSummary, 'id' | 'kind' | 'slug' | 'path' | 'title' | 'summary'>;

/**
 * Items reduced to their links, for load functions: `metadata` must never reach the browser
 * whole (a quiz's holds its answer key and explanations).
 */
export function itemLinks(items: ItemSummary[]): ItemLink[] {
	return items.map(({ id, kind, slug, path, title, summary }) => ({
		id,
		kind,
		slug,
		path,
		title,
		summary
	}));
}

/** What a plain list of links needs: no slug, no summary. */
export type TitleLink = Pick<ItemSummary, 'id' | 'kind' | 'path' | 'title'>;

/**
 * Items (or cases) reduced to `{ id, kind, path, title }`, for pages that only list their titles as
 * links: every byte of load data is sent twice (in the HTML and again as hydration data), so a
 * page's data should carry only what it shows.
 */
export function titleLinks(items: TitleLink[]): TitleLink[] {
	return items.map(({ id, kind, path, title }) => ({ id, kind, path, title }));
}
