import { bigramTokens, segmentsOf, type Segment } from './tokenize';

/** One search term: a word, a quoted phrase, or a `prefix*`; with its segments (see tokenize.ts). */
export type QueryTerm = { segments: Segment[]; phrase: boolean; prefix: boolean };

/** A parsed query: every group must match; a group matches when any of its terms does (OR). */
export type ParsedQuery = { groups: QueryTerm[][] };

const BI = '{title_bi body_bi}';
const UNI = '{title_uni body_uni}';
const MAX_TERMS = 16;

/**
 * Reads what a user typed. Understood: `"quoted phrases"`, `OR` (upper case) between two terms,
 * and `word*` (prefix). Everything else is text: `NEAR(`, `AND`, `NOT`, `-`, `:`, `^`, stray quotes
 * and brackets never reach FTS5 as syntax, because every token is re-quoted when the FTS5 query
 * is built. Terms beyond 16 are ignored.
 */
export function parseQuery(input: string): ParsedQuery {
	const raw: Array<{ text: string; phrase: boolean } | 'OR'> = [];
	const re = /"([^"]*)"?|(\S+)/g;
	for (const m of input.slice(0, 500).matchAll(re)) {
		if (m[1] !== undefined) raw.push({ text: m[1], phrase: true });
		else if (m[2] === 'OR') raw.push('OR');
		else raw.push({ text: m[2], phrase: false });
	}
	const groups: QueryTerm[][] = [];
	let joinNext = false;
	let count = 0;
	for (const r of raw) {
		if (r === 'OR') {
			joinNext = groups.length > 0;
			continue;
		}
		const prefix = !r.phrase && /\*$/.test(r.text);
		const segments = segmentsOf(r.text);
		if (segments.length === 0 || count >= MAX_TERMS) continue;
		count++;
		const last = segments.at(-1)!;
		const term: QueryTerm = { segments, phrase: r.phrase, prefix: prefix && last.type === 'word' };
		if (joinNext) groups.at(-1)!.push(term);
		else groups.push([term]);
		joinNext = false;
	}
	return { groups };
}

const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;

function segmentExpr(s: Segment, prefix: boolean): string {
	if (s.type === 'cjk' && [...s.text].length === 1) return `${UNI} : ${quote(s.text)}`;
	const tokens = bigramTokens(s);
	return `${BI} : ${quote(tokens.join(' '))}${prefix ? ' *' : ''}`;
}

function termExpr(t: QueryTerm): string {
	// A multi-segment term ("RAG检索", "e-mail", a quoted phrase) is matched as one phrase of
	// bigram-column tokens when it can be; a lone CJK character cannot sit in such a phrase, so
	// then each segment must match on its own.
	const phraseable = t.segments.every((s) => s.type === 'word' || [...s.text].length > 1);
	if (t.segments.length === 1) return segmentExpr(t.segments[0], t.prefix);
	if (phraseable) {
		const tokens = t.segments.flatMap(bigramTokens);
		return `${BI} : ${quote(tokens.join(' '))}${t.prefix ? ' *' : ''}`;
	}
	return `(${t.segments.map((s, i) => segmentExpr(s, t.prefix && i === t.segments.length - 1)).join(' AND ')})`;
}

/**
 * The FTS5 MATCH expression for a parsed query, or null when nothing searchable is left (only
 * punctuation). Built only from quoted tokens, column filters and AND/OR, so it is always valid.
 * @param opts.titleOnly match in titles only (the search ranks title matches of Q&A threads first)
 */
export function toFtsQuery(q: ParsedQuery, opts: { titleOnly?: boolean } = {}): string | null {
	if (q.groups.length === 0) return null;
	const expr = q.groups
		.map((g) => (g.length === 1 ? termExpr(g[0]) : `(${g.map(termExpr).join(' OR ')})`))
		.join(' AND ');
	// Every column filter is one of the two sets above, never text (tokens are quoted).
	return opts.titleOnly ? expr.replaceAll(BI, '{title_bi}').replaceAll(UNI, '{title_uni}') : expr;
}

/** The strings to highlight in results: each word (and CJK run) of every term, longest first. */
export function highlightNeedles(q: ParsedQuery): Array<{ text: string; prefix: boolean }> {
	const seen = new Map<string, boolean>();
	for (const g of q.groups)
		for (const t of g)
			t.segments.forEach((s, i) => {
				const prefix = t.prefix && i === t.segments.length - 1;
				seen.set(s.text, (seen.get(s.text) ?? false) || prefix);
			});
	return [...seen]
		.map(([text, prefix]) => ({ text, prefix }))
		.sort((a, b) => b.text.length - a.text.length);
}
