-- Search filters as FTS5 terms (hand-written: drizzle-kit cannot declare FTS5 tables).
-- `facets` holds one token per filter a document answers to — its locale, its kind, its class
-- ("reference" for content and FAQ, "stream" for what users write), locale and class together, and
-- each of its tags — so searchSite filters inside the full-text index instead of joining every
-- match to search_documents. A token is "x" + the hex of the UTF-8 of "name:value" (src/lib/server/search/
-- facets.ts), which unicode61 keeps whole. The table is rebuilt from the old one's stored columns.
CREATE VIRTUAL TABLE `search_fts_new` USING fts5(
	`title_bi`,
	`title_uni`,
	`body_bi`,
	`body_uni`,
	`facets`,
	tokenize = 'unicode61 remove_diacritics 0'
);
--> statement-breakpoint
INSERT INTO `search_fts_new` (rowid, `title_bi`, `title_uni`, `body_bi`, `body_uni`, `facets`)
SELECT f.rowid, f.`title_bi`, f.`title_uni`, f.`body_bi`, f.`body_uni`,
	'x' || lower(hex('locale:' || d.`locale`))
	|| ' x' || lower(hex('kind:' || d.`kind`))
	|| ' x' || lower(hex('class:' || CASE WHEN d.`kind` = 'question' THEN 'stream' ELSE 'reference' END))
	|| ' x' || lower(hex('scope:' || d.`locale` || ':' || CASE WHEN d.`kind` = 'question' THEN 'stream' ELSE 'reference' END))
	|| coalesce((SELECT group_concat(' x' || lower(hex('tag:' || j.value)), '') FROM json_each(d.`tags`) j), '')
FROM `search_fts` f JOIN `search_documents` d ON d.`id` = f.rowid;
--> statement-breakpoint
DROP TABLE `search_fts`;
--> statement-breakpoint
ALTER TABLE `search_fts_new` RENAME TO `search_fts`;
