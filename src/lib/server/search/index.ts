import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { searchDocuments, type Locale } from '../db/schema';
import { getConfig } from '../config';
import { cachedRead, invalidateReads } from '../db/read-cache';
import { indexTokens } from './tokenize';
import { documentFacets, facetExpr, type SearchClass } from './facets';
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
	invalidateReads(db, SEARCH_READS);
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
	invalidateReads(db, SEARCH_READS);
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

/** Body excerpt read for a snippet: characters before the first needle, and in all. */
const EXCERPT_BEFORE = 300;
const EXCERPT_LENGTH = 900;
const NOT_FOUND = 1_000_000_000;

/** BM25 column weights: titles 5× the body; the facets column never scores. */
const RANK = sql`bm25(search_fts, 5.0, 5.0, 1.0, 1.0, 0.0)`;

/**
 * Full-text search. `query` is what the user typed: words (any case), Chinese text, `"phrases"`,
 * `a OR b`, `prefix*`; any other FTS5 syntax is treated as text, so no input raises an error.
 * Filters are FTS5 terms (./facets.ts), so the work grows with the matches, never with a join.
 *
 * Order: reference documents (content, FAQ) first, ranked by BM25 with titles weighted 5× the body;
 * then documents users write (`STREAM_KINDS`: Q&A threads, unbounded in number), taken from their
 * `rankLimit` most recent matches — those matching in the title first, each group newest first. So
 * a word found in tens of thousands of posts costs the same as one found in a few hundred: `total`
 * counts every match, `ranked` is how many can be paged through. Results are cached until the
 * index changes (indexDocuments / removeDocuments); they are frozen.
 * @param opts.locale only documents in this language (all languages when omitted)
 * @param opts.kinds only these source kinds
 * @param opts.tags only documents carrying every one of these tags ("module:5", "state:answered")
 * @param opts.limit page size (default 20, at most 100); opts.offset rows to skip
 * @param opts.rankLimit Q&A threads considered per query (default SEARCH_RANK_LIMIT, 200)
 * @param opts.streamOrder "relevance": order those threads by BM25 instead (costlier: BM25 counts
 *   every document of the language's threads; for "similar questions", not the search page)
 */
export function searchSite(db: Db, query: string, opts: SearchOptions = {}): SearchResult {
	const rankLimit = Math.max(opts.rankLimit ?? getConfig().SEARCH_RANK_LIMIT, 1);
	return cachedRead(db, SEARCH_READS, JSON.stringify([query, { ...opts, rankLimit }]), () =>
		runSearch(db, query, { ...opts, rankLimit })
	);
}

export type SearchOptions = {
	locale?: Locale;
	kinds?: string[];
	tags?: string[];
	limit?: number;
	offset?: number;
	rankLimit?: number;
	streamOrder?: 'recent' | 'relevance';
};

/**
 * Read-cache scope (../db/read-cache.ts) of search results, like a search engine's request cache:
 * a repeated search is answered from memory until any document is indexed or removed.
 */
const SEARCH_READS = 'search';

/** {@link searchSite} without its cache (benchmarks measure a cold search with it). */
export function searchSiteUncached(db: Db, query: string, opts: SearchOptions = {}): SearchResult {
	return runSearch(db, query, {
		...opts,
		rankLimit: Math.max(opts.rankLimit ?? getConfig().SEARCH_RANK_LIMIT, 1)
	});
}

function runSearch(
	db: Db,
	query: string,
	opts: SearchOptions & { rankLimit: number }
): SearchResult {
	const parsed = parseQuery(query);
	const fts = toFtsQuery(parsed);
	const ftsTitle = toFtsQuery(parsed, { titleOnly: true });
	if (!fts || !ftsTitle || (opts.kinds && opts.kinds.length === 0)) {
		return { hits: [], total: 0, ranked: 0, query };
	}
	const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
	const offset = Math.max(opts.offset ?? 0, 0);
	const rankLimit = opts.rankLimit;
	const filters = [
		...(opts.kinds ? [`(${opts.kinds.map((k) => facetExpr('kind', k)).join(' OR ')})`] : []),
		...(opts.tags ?? []).map((t) => facetExpr('tag', t))
	];
	const matching = (terms: string, cls?: SearchClass) =>
		[
			`(${terms})`,
			...(cls
				? [opts.locale ? facetExpr('scope', `${opts.locale}:${cls}`) : facetExpr('class', cls)]
				: opts.locale
					? [facetExpr('locale', opts.locale)]
					: []),
			...filters
		].join(' AND ');
	const countOf = (m: string) =>
		db.get<{ n: number }>(sql`select count(*) as n from search_fts where search_fts match ${m}`)
			?.n ?? 0;
	const rowids = (m: string, max: number) =>
		db
			.all<{ id: number }>(
				sql`select rowid as id from search_fts where search_fts match ${m} order by rowid desc limit ${max}`
			)
			.map((r) => r.id);

	const total = countOf(matching(fts));
	if (total === 0) return { hits: [], total: 0, ranked: 0, query };
	const references = countOf(matching(fts, 'reference'));
	const streamed = total - references;
	const ranked = references + Math.min(streamed, rankLimit);
	const want = offset + limit;
	const ids: number[] = [];
	if (offset < references) {
		ids.push(
			...db
				.all<{ id: number }>(
					sql`select rowid as id from search_fts where search_fts match ${matching(fts, 'reference')}
						order by ${RANK} limit ${want}`
				)
				.map((r) => r.id)
		);
	}
	if (want > references && streamed > 0 && opts.streamOrder === 'relevance') {
		ids.push(
			...db
				.all<{ id: number }>(
					sql`select id from (
						select rowid as id, ${RANK} as score from search_fts
						where search_fts match ${matching(fts, 'stream')} order by rowid desc limit ${rankLimit}
					) order by score, id desc limit ${want}`
				)
				.map((r) => r.id)
		);
	} else if (want > references && streamed > 0) {
		const recent = rowids(matching(fts, 'stream'), rankLimit);
		const inTitle = new Set(rowids(matching(ftsTitle, 'stream'), rankLimit));
		ids.push(...recent.filter((id) => inTitle.has(id)), ...recent.filter((id) => !inTitle.has(id)));
	}
	const page = ids.slice(offset, want);
	// Only an excerpt of each body is read: from a little before the first needle (bodies of
	// modules run to tens of thousands of characters; the snippet needs a few hundred).
	const needles = highlightNeedles(parsed)
		.slice(0, 8)
		.map(
			(n) => sql`coalesce(nullif(instr(lower(body), ${n.text.toLowerCase()}), 0), ${NOT_FOUND})`
		);
	const first = needles.length === 1 ? needles[0] : sql`min(${sql.join(needles, sql`, `)})`;
	const docs = page.length
		? new Map(
				db
					.all<Row & { id: number; before: number; after: number }>(
						sql`select id, kind, doc_id, locale, title, url, tags,
							substr(body, max(1, p - ${EXCERPT_BEFORE}), ${EXCERPT_LENGTH}) as body,
							p > ${EXCERPT_BEFORE + 1} as before,
							max(1, p - ${EXCERPT_BEFORE}) + ${EXCERPT_LENGTH} <= length(body) as after
						from (select *, (case when ${first} = ${NOT_FOUND} then 1 else ${first} end) as p
							from search_documents where id in (${sql.join(
								page.map((id) => sql`${id}`),
								sql`, `
							)}))`
					)
					.map((r) => [r.id, r])
			)
		: new Map<number, Row & { before: number; after: number }>();
	const pattern = needlePattern(highlightNeedles(parsed));
	return {
		query,
		total,
		ranked,
		hits: page.flatMap((id) => {
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
							snippet: buildSnippet(r.body, pattern, 180, {
								before: !!r.before,
								after: !!r.after
							})
						}
					]
				: [];
		})
	};
}

export type { SnippetPart } from './snippet';
export { parseQuery, toFtsQuery } from './query';
export { bigramTokens, indexTokens, segmentsOf } from './tokenize';
