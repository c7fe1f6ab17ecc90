import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { searchDocuments, type Locale } from '../db/schema';
import { indexTokens } from './tokenize';
import { highlightNeedles, parseQuery, toFtsQuery } from './query';
import { buildSnippet, highlightParts, needlePattern, type SnippetPart } from './snippet';

/**
 * The site search: ONE interface for every source (see README.md in this folder).
 * A source (content sync, FAQ, Q&A) calls `indexDocuments` whenever a document is created or
 * changed and `removeDocuments` when it is deleted, hidden or archived; pages call
 * `searchSite`. Nothing else touches `search_documents` / `search_fts`.
 */

/** A searchable document as a source registers it. `id` is unique within `kind`. */
export type SearchDocument = {
	/** Source kind: "module", "case", "page", later "faq", "question"… */
	kind: string;
	id: string;
	locale: Locale;
	title: string;
	/** Plain text (no Markdown or HTML); snippets are cut from it. */
	body: string;
	/** Site path without locale ("/cases/x"); the page localises it. */
	url: string;
	tags: string[];
};

export type SearchHit = {
	kind: string;
	id: string;
	locale: Locale;
	url: string;
	tags: string[];
	/** The title split into highlighted / plain parts. */
	title: SnippetPart[];
	/** About 180 characters of the body around the matches, highlighted. */
	snippet: SnippetPart[];
};

export type SearchResult = { hits: SearchHit[]; total: number; query: string };

function writeFts(db: Db, rowid: number, doc: SearchDocument): void {
	const title = indexTokens(doc.title);
	const body = indexTokens(doc.body);
	db.run(sql`delete from search_fts where rowid = ${rowid}`);
	db.run(
		sql`insert into search_fts (rowid, title_bi, title_uni, body_bi, body_uni)
			values (${rowid}, ${title.bi}, ${title.uni}, ${body.bi}, ${body.uni})`
	);
}

/**
 * Adds or replaces documents (matched by kind, id, locale), in one transaction (a savepoint when
 * the caller already holds one). Tokenising happens here, so sources pass plain text.
 */
export function indexDocuments(db: Db, docs: SearchDocument[]): void {
	if (docs.length === 0) return;
	db.transaction((tx) => {
		const t = tx as unknown as Db;
		for (const doc of docs) {
			const values = {
				kind: doc.kind,
				docId: doc.id,
				locale: doc.locale,
				title: doc.title,
				body: doc.body,
				url: doc.url,
				tags: doc.tags,
				updatedAt: new Date()
			};
			const row = t
				.insert(searchDocuments)
				.values(values)
				.onConflictDoUpdate({
					target: [searchDocuments.kind, searchDocuments.docId, searchDocuments.locale],
					set: values
				})
				.returning({ id: searchDocuments.id })
				.get();
			writeFts(t, row.id, doc);
		}
	});
}

/**
 * Removes documents of `kind`: those with the given ids (all their locales), or every document of
 * the kind when `ids` is omitted. Returns how many rows were removed.
 */
export function removeDocuments(db: Db, kind: string, ids?: string[]): number {
	if (ids && ids.length === 0) return 0;
	return db.transaction((tx) => {
		const t = tx as unknown as Db;
		const where = and(
			eq(searchDocuments.kind, kind),
			ids ? inArray(searchDocuments.docId, ids) : undefined
		);
		const rows = t.select({ id: searchDocuments.id }).from(searchDocuments).where(where).all();
		for (const r of rows) t.run(sql`delete from search_fts where rowid = ${r.id}`);
		t.delete(searchDocuments).where(where).run();
		return rows.length;
	});
}

type Row = {
	kind: string;
	doc_id: string;
	locale: Locale;
	title: string;
	body: string;
	url: string;
	tags: string;
};

/**
 * Full-text search. `query` is what the user typed: words (any case), Chinese text, `"phrases"`,
 * `a OR b`, `prefix*`; any other FTS5 syntax is treated as text, so no input raises an error.
 * Ranked by BM25 with titles weighted 5× the body.
 * @param opts.locale only documents in this language (all languages when omitted)
 * @param opts.kinds only these source kinds
 * @param opts.tags only documents carrying every one of these tags ("module:5", "state:answered")
 * @param opts.limit page size (default 20, at most 100); opts.offset rows to skip
 */
export function searchSite(
	db: Db,
	query: string,
	opts: {
		locale?: Locale;
		kinds?: string[];
		tags?: string[];
		limit?: number;
		offset?: number;
	} = {}
): SearchResult {
	const parsed = parseQuery(query);
	const fts = toFtsQuery(parsed);
	if (!fts || (opts.kinds && opts.kinds.length === 0)) return { hits: [], total: 0, query };
	const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
	const offset = Math.max(opts.offset ?? 0, 0);
	const filters = sql.join(
		[
			sql`search_fts match ${fts}`,
			...(opts.locale ? [sql`d.locale = ${opts.locale}`] : []),
			...(opts.kinds
				? [
						sql`d.kind in (${sql.join(
							opts.kinds.map((k) => sql`${k}`),
							sql`, `
						)})`
					]
				: []),
			...(opts.tags ?? []).map(
				(t) => sql`exists (select 1 from json_each(d.tags) where json_each.value = ${t})`
			)
		],
		sql` and `
	);
	const from = sql`from search_fts join search_documents d on d.id = search_fts.rowid where ${filters}`;
	const total = db.get<{ n: number }>(sql`select count(*) as n ${from}`)?.n ?? 0;
	const rows = db.all<Row>(
		sql`select d.kind, d.doc_id, d.locale, d.title, d.body, d.url, d.tags ${from}
			order by bm25(search_fts, 5.0, 5.0, 1.0, 1.0) limit ${limit} offset ${offset}`
	);
	const pattern = needlePattern(highlightNeedles(parsed));
	return {
		query,
		total,
		hits: rows.map((r) => ({
			kind: r.kind,
			id: r.doc_id,
			locale: r.locale,
			url: r.url,
			tags: JSON.parse(r.tags) as string[],
			title: highlightParts(r.title, pattern),
			snippet: buildSnippet(r.body, pattern)
		}))
	};
}

export type { SnippetPart } from './snippet';
export { parseQuery, toFtsQuery } from './query';
export { bigramTokens, indexTokens, segmentsOf } from './tokenize';
