import { sql } from 'drizzle-orm';
import {
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import { LOCALES, users } from './auth';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/**
 * One course item synced from `cases/` (module, case, page; later quiz, exercise, lab, faq).
 * Keyed by the stable `id` of its front matter. Never deleted: an item removed from `cases/` gets
 * `archivedAt`, so attempts, submissions, bookmarks and forum tags that refer to it stay valid.
 */
export const contentItems = sqliteTable(
	'content_items',
	{
		id: text('id').primaryKey(),
		kind: text('kind').notNull(),
		slug: text('slug').notNull(),
		/** Site path without locale, e.g. "/cases/banking-customer-service". */
		path: text('path').notNull(),
		/** Folder relative to the content root, e.g. "case-studies/banking-customer-service". */
		sourceDir: text('source_dir').notNull(),
		sortKey: text('sort_key').notNull(),
		/** SHA-256 of the files (and renderer version): unchanged hash, nothing to do. */
		contentHash: text('content_hash').notNull(),
		/** SHA-256 of the scoring-relevant fields of the current version. */
		scoringHash: text('scoring_hash').notNull(),
		/** Current version number (1-based); see content_versions. */
		version: integer('version').notNull().default(1),
		archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now)
	},
	(t) => [
		// A slug is unique among live items of a kind; an archived item may leave its slug to a new one.
		uniqueIndex('content_items_kind_slug_live_idx')
			.on(t.kind, t.slug)
			.where(sql`${t.archivedAt} is null`),
		index('content_items_kind_idx').on(t.kind, t.sortKey)
	]
);

/** The rendered text of an item in one language (HTML rendered and sanitised at sync time). */
export const contentLocales = sqliteTable(
	'content_locales',
	{
		itemId: text('item_id')
			.notNull()
			.references(() => contentItems.id),
		locale: text('locale', { enum: LOCALES }).notNull(),
		title: text('title').notNull(),
		summary: text('summary').notNull().default(''),
		html: text('html').notNull(),
		/** Kind-specific JSON (ModuleMeta, CaseMeta, …). */
		metadata: text('metadata', { mode: 'json' }).$type<Record<string, unknown>>().notNull()
	},
	(t) => [primaryKey({ columns: [t.itemId, t.locale] })]
);

/**
 * Versions of an item's scoring-relevant fields. A new row only when they change (a typo fix
 * changes nothing here); attempts and submissions store (item_id, version) and keep theirs.
 */
export const contentVersions = sqliteTable(
	'content_versions',
	{
		itemId: text('item_id')
			.notNull()
			.references(() => contentItems.id),
		version: integer('version').notNull(),
		scoringHash: text('scoring_hash').notNull(),
		/** The kind's scoring snapshot (correct options, criteria, points…), or null. */
		scoring: text('scoring', { mode: 'json' }).$type<unknown>(),
		contentHash: text('content_hash').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now)
	},
	(t) => [primaryKey({ columns: [t.itemId, t.version] })]
);

/** Tags for data-driven links: "module:3", "industry:banking", "case:case-x", "teaches:batch". */
export const contentTags = sqliteTable(
	'content_tags',
	{
		itemId: text('item_id')
			.notNull()
			.references(() => contentItems.id),
		tag: text('tag').notNull()
	},
	(t) => [primaryKey({ columns: [t.itemId, t.tag] }), index('content_tags_tag_idx').on(t.tag)]
);

/** A signed-in user's bookmark on an item. */
export const contentBookmarks = sqliteTable(
	'content_bookmarks',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		itemId: text('item_id')
			.notNull()
			.references(() => contentItems.id),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now)
	},
	(t) => [primaryKey({ columns: [t.userId, t.itemId] })]
);

/** "Marked as read" by a signed-in user (reading progress). */
export const contentReads = sqliteTable(
	'content_reads',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		itemId: text('item_id')
			.notNull()
			.references(() => contentItems.id),
		readAt: integer('read_at', { mode: 'timestamp_ms' }).notNull().default(now)
	},
	(t) => [primaryKey({ columns: [t.userId, t.itemId] })]
);

export type ContentItem = typeof contentItems.$inferSelect;
export type ContentLocaleRow = typeof contentLocales.$inferSelect;
export type ContentVersion = typeof contentVersions.$inferSelect;
