-- Full-text index of search_documents (rowid = search_documents.id). Hand-written: drizzle-kit cannot
-- declare FTS5 tables. The text is tokenised by our own code (src/lib/server/search/tokenize.ts) at
-- write and query time, then stored space-separated, so unicode61 only splits on those spaces:
--   *_bi  : words, CJK bigrams (and lone CJK characters), in text order, so phrases work;
--   *_uni : every CJK character on its own, for one-character queries.
CREATE VIRTUAL TABLE `search_fts` USING fts5(
	`title_bi`,
	`title_uni`,
	`body_bi`,
	`body_uni`,
	tokenize = 'unicode61 remove_diacritics 0'
);
