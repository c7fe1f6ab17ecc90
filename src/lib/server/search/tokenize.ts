/**
 * The search analyser, used on documents (write time) and on queries (query time) alike.
 *
 * Text is NFKC-normalised and lower-cased, then cut into segments: runs of CJK characters (Han,
 * Hiragana, Katakana, Hangul) and words of other letters/digits. As Lucene's CJKAnalyzer does,
 * a CJK run becomes overlapping bigrams ("熔断器" → 熔断 断器) and a lone CJK character stays a
 * unigram; additionally every CJK character is indexed on its own in a separate column, so a
 * one-character query still finds it inside longer words.
 */

export type Segment = { type: 'word' | 'cjk'; text: string };

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const CJK_CHAR = new RegExp(`[${CJK}]`, 'v');
// A CJK run, or a run of other letters, digits and marks (set difference: CJK never joins a word).
const SEGMENT = new RegExp(`([${CJK}]+)|([[\\p{L}\\p{N}\\p{M}]--[${CJK}]]+)`, 'gv');

/** NFKC + lower case: the normal form both sides of the index agree on. */
export function normalise(text: string): string {
	return text.normalize('NFKC').toLowerCase();
}

/** Segments of `text` in order (punctuation and spaces dropped). */
export function segmentsOf(text: string): Segment[] {
	const out: Segment[] = [];
	for (const m of normalise(text).matchAll(SEGMENT)) {
		out.push(m[1] ? { type: 'cjk', text: m[1] } : { type: 'word', text: m[2] });
	}
	return out;
}

/** True when `text` holds a CJK character. */
export function hasCjk(text: string): boolean {
	return CJK_CHAR.test(text);
}

/** The bigram-column tokens of one segment: a word, a lone CJK character, or a run's bigrams. */
export function bigramTokens(segment: Segment): string[] {
	if (segment.type === 'word') return [segment.text];
	const chars = [...segment.text];
	if (chars.length === 1) return chars;
	return chars.slice(1).map((c, i) => chars[i] + c);
}

/**
 * The two token strings stored in FTS5 for a text: `bi` (words and CJK bigrams, in text order) and
 * `uni` (every CJK character). Tokens are separated by single spaces.
 */
export function indexTokens(text: string): { bi: string; uni: string } {
	const segments = segmentsOf(text);
	return {
		bi: segments.flatMap(bigramTokens).join(' '),
		uni: segments
			.filter((s) => s.type === 'cjk')
			.flatMap((s) => [...s.text])
			.join(' ')
	};
}
