import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { searchDocuments, type Locale } from '../db/schema';
import { getConfig } from '../config';
import { indexTokens } from './tokenize';
import { documentFacets, facetExpr } from './facets';
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

/**
 * `total` counts every match; `ranked` (≤ total) is how many of them are ranked and can be paged
 * through — fewer when Q&A threads matched more than the rank limit (see `searchSite`).
 */
export type SearchResult = { hits: SearchHit[]; total: number; ranked: number; query: string };

function writeFts(db: Db, rowid: number, doc: SearchDocument): void {
	const title = indexTokens(doc.title);
	const body = indexTokens(doc.body);
	db.run(sql`delete from search_fts where rowid = ${rowid}`);
	db.run(
		sql`insert into search_fts (rowid, title_bi, title_uni, body_bi, body_uni, facets)
			values (${rowid}, ${title.bi}, ${title.uni}, ${body.bi}, ${body.uni}, ${documentFacets(doc)})`
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

/** BM25 column weights: titles 5× the body; the facets column never scores. */
const RANK = sql`bm25(search_fts, 5.0, 5.0, 1.0, 1.0, 0.0)`;

/**
 * Full-text search. `query` is what the user typed: words (any case), Chinese text, `"phrases"`,
 * `a OR b`, `prefix*`; any other FTS5 syntax is treated as text, so no input raises an error.
 * Ranked by BM25 with titles weighted 5× the body. Filters are FTS5 terms (./facets.ts), so the
 * work grows with the matches, never with a join per match.
 *
 * Reference documents (content, FAQ) are always ranked in full. Documents users write
 * (`STREAM_KINDS`: Q&A threads, unbounded in number) are ranked among their `rankLimit` most recent
 * matches only, so a word found in tens of thousands of posts costs the same as one found in a
 * few hundred: `total` still counts every match, `ranked` is how many can be paged through.
 * @param opts.locale only documents in this language (all languages when omitted)
 * @param opts.kinds only these source kinds
 * @param opts.tags only documents carrying every one of these tags ("module:5", "state:answered")
 * @param opts.limit page size (default 20, at most 100); opts.offset rows to skip
 * @param opts.rankLimit stream documents ranked per query (default SEARCH_RANK_LIMIT, 200)
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
		rankLimit?: number;
	} = {}
): SearchResult {
	const parsed = parseQuery(query);
	const fts = toFtsQuery(parsed);
	if (!fts || (opts.kinds && opts.kinds.length === 0)) {
		return { hits: [], total: 0, ranked: 0, query };
	}
	const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
	const offset = Math.max(opts.offset ?? 0, 0);
	const rankLimit = Math.max(opts.rankLimit ?? getConfig().SEARCH_RANK_LIMIT, 1);
	const filters = [
		...(opts.locale ? [facetExpr('locale', opts.locale)] : []),
		...(opts.kinds ? [`(${opts.kinds.map((k) => facetExpr('kind', k)).join(' OR ')})`] : []),
		...(opts.tags ?? []).map((t) => facetExpr('tag', t))
	];
	const match = [`(${fts})`, ...filters].join(' AND ');
	const inClass = (c: 'reference' | 'stream') => `${match} AND ${facetExpr('class', c)}`;
	const countOf = (m: string) =>
		db.get<{ n: number }>(sql`select count(*) as n from search_fts where search_fts match ${m}`)
			?.n ?? 0;

	const total = countOf(match);
	if (total === 0) return { hits: [], total: 0, ranked: 0, query };
	const references = countOf(inClass('reference'));
	const streamed = total - references;
	const ranked = references + Math.min(streamed, rankLimit);
	// Each class's best `offset + limit`, merged by score (BM25: lower is better).
	const want = offset + limit;
	const scored = [
		...(references > 0
			? db.all<{ id: number; score: number }>(
					sql`select rowid as id, ${RANK} as score from search_fts
						where search_fts match ${inClass('reference')} order by score limit ${want}`
				)
			: []),
		...(streamed > 0
			? db.all<{ id: number; score: number }>(
					sql`select id, score from (
						select rowid as id, ${RANK} as score from search_fts
						where search_fts match ${inClass('stream')} order by rowid desc limit ${rankLimit}
					) order by score limit ${want}`
				)
			: [])
	]
		.sort((a, b) => a.score - b.score || b.id - a.id)
		.slice(offset, want);
	const docs = scored.length
		? new Map(
				db
					.all<Row & { id: number }>(
						sql`select id, kind, doc_id, locale, title, body, url, tags from search_documents
							where id in (${sql.join(
								scored.map((r) => sql`${r.id}`),
								sql`, `
							)})`
					)
					.map((r) => [r.id, r])
			)
		: new Map<number, Row>();
	const pattern = needlePattern(highlightNeedles(parsed));
	return {
		query,
		total,
		ranked,
		hits: scored.flatMap(({ id }) => {
			const r = docs.get(id);
			return r
				? [
						{
							kind: r.kind,
							id: r.doc_id,
							locale: r.locale,
							url: r.url,
							tags: JSON.parse(r.tags) as string[],
							title: highlightParts(r.title, pattern),
							snippet: buildSnippet(r.body, pattern)
						}
					]
				: [];
		})
	};
}

export type { SnippetPart } from './snippet';
export { parseQuery, toFtsQuery } from './query';
export { bigramTokens, indexTokens, segmentsOf } from './tokenize';
