import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { LOCALES } from './auth';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/**
 * The documents of the site search, one per (kind, doc id, locale), with their ORIGINAL text (used
 * for snippets). Their tokenised form lives in the FTS5 table `search_fts` (rowid = id), created by
 * the hand-written migration `*_search_fts.sql` (drizzle-kit cannot declare virtual tables).
 * Written only through src/lib/server/search.
 */
export const searchDocuments = sqliteTable(
	'search_documents',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		kind: text('kind').notNull(),
		docId: text('doc_id').notNull(),
		locale: text('locale', { enum: LOCALES }).notNull(),
		title: text('title').notNull(),
		body: text('body').notNull(),
		/** Site path without locale ("/cases/x", "/questions/12"). */
		url: text('url').notNull(),
		tags: text('tags', { mode: 'json' }).$type<string[]>().notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now)
	},
	(t) => [uniqueIndex('search_documents_doc_idx').on(t.kind, t.docId, t.locale)]
);

export type SearchDocumentRow = typeof searchDocuments.$inferSelect;
