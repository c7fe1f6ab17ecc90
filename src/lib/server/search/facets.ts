/**
 * Search filters stored as full-text terms in `search_fts.facets` (migration 0014_search_facets):
 * every document carries one token per filter it answers to, so a filtered search is one FTS5
 * query (the index intersects the lists) instead of a join of every match to `search_documents`.
 * The migration computes the same tokens in SQL: keep the two in step.
 */

/**
 * Kinds whose documents users write, so their number grows without bound (Q&A threads). They
 * form the "stream" class, ranked among their most recent matches only (see `searchSite`); every
 * other kind (modules, cases, quizzes, FAQ…) is "reference" and always ranked in full.
 */
export const STREAM_KINDS: ReadonlySet<string> = new Set(['question']);

export type FacetName = 'locale' | 'kind' | 'class' | 'scope' | 'tag';

/** A document's class: see {@link STREAM_KINDS}. */
export type SearchClass = 'reference' | 'stream';

/**
 * The token for one filter: "x" + hex of the UTF-8 of `name:value` (letters and digits only, so
 * the unicode61 tokenizer keeps it whole and no value can collide with another or with FTS5 syntax).
 * @example facetToken('locale', 'en') → "x6c6f63616c653a656e"
 */
export function facetToken(name: FacetName, value: string): string {
	return 'x' + Buffer.from(`${name}:${value}`, 'utf8').toString('hex');
}

/**
 * The `facets` column of a document: its locale, kind, class, scope (locale and class together:
 * the reference scope of a language holds a few hundred documents, so BM25, which counts every
 * document of every phrase in the query, stays cheap with it) and tags, as tokens.
 */
export function documentFacets(doc: { locale: string; kind: string; tags: string[] }): string {
	const cls: SearchClass = STREAM_KINDS.has(doc.kind) ? 'stream' : 'reference';
	return [
		facetToken('locale', doc.locale),
		facetToken('kind', doc.kind),
		facetToken('class', cls),
		facetToken('scope', `${doc.locale}:${cls}`),
		...doc.tags.map((t) => facetToken('tag', t))
	].join(' ');
}

/** An FTS5 expression requiring the facet (column filter, so user terms never match it). */
export function facetExpr(name: FacetName, value: string): string {
	return `facets : ${facetToken(name, value)}`;
}
