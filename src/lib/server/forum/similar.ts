import type { Db } from '../db';
import type { Locale } from '../db/schema';
import { bigramTokens, searchSite, segmentsOf, type SnippetPart } from '../search';

// Words that say "this is a question" rather than what it is about.
const STOP = new Set(
	(
		'a an the to of in on at for and or is are was be been do does did how what why when where which ' +
		'who can could should would will i we you my our your it its this that these those with vs ' +
		'about from by not no any some use using there than then if so just get'
	).split(' ')
);
// Chinese question words and particles, cut out of the title before it is split into bigrams (so
// "如何限流" gives 限流, not 何限).
const STOP_ZH = new RegExp(
	[
		'为什么',
		'怎么样',
		'有没有',
		'如何',
		'怎么',
		'怎样',
		'什么',
		'是否',
		'请问',
		'哪些',
		'哪个',
		'可以',
		'应该',
		'能否',
		'我们',
		'的',
		'吗',
		'呢',
		'了',
		'吧'
	].join('|'),
	'g'
);
const MAX_TERMS = 16;

/**
 * The search query behind "similar questions": the title's content words (English words of two or
 * more letters, Chinese character bigrams), question words and particles left out, joined with OR so any of them
 * may match and BM25 ranks threads sharing more (and rarer) words first. Null when nothing is left.
 */
export function similarQuery(title: string): string | null {
	const terms: string[] = [];
	for (const s of segmentsOf(title.replace(STOP_ZH, ' '))) {
		const candidates =
			s.type === 'word'
				? s.text.length >= 2 && !STOP.has(s.text)
					? [s.text]
					: []
				: [...s.text].length >= 2
					? bigramTokens(s)
					: [];
		for (const t of candidates) if (!terms.includes(t)) terms.push(t);
	}
	if (terms.length === 0) return null;
	return terms
		.slice(0, MAX_TERMS)
		.map((t) => `"${t}"`)
		.join(' OR ');
}

export type SimilarHit = { kind: string; id: string; url: string; title: SnippetPart[] };

/**
 * Threads resembling `title` (Chinese or English), best first, at most `limit` (default 5), never
 * `excludeThreadId`; then up to `faqLimit` (default 3) FAQ entries. Searched in `locale`'s index;
 * hidden threads are not in it.
 */
export function findSimilar(
	db: Db,
	title: string,
	locale: Locale,
	opts: { limit?: number; faqLimit?: number; excludeThreadId?: number } = {}
): SimilarHit[] {
	const query = similarQuery(title.slice(0, 300));
	if (!query) return [];
	const limit = opts.limit ?? 5;
	const hits = (kind: string, n: number) =>
		searchSite(db, query, { locale, kinds: [kind], limit: n, streamOrder: 'relevance' }).hits.map(
			(h) => ({
				kind: h.kind,
				id: h.id,
				url: h.url,
				title: h.title
			})
		);
	const threads = hits('question', limit + 1)
		.filter((h) => h.id !== String(opts.excludeThreadId))
		.slice(0, limit);
	return [...threads, ...hits('faq', opts.faqLimit ?? 3)];
}
