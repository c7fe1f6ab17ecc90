/** A piece of a snippet or title: `hit` pieces are shown highlighted (`<mark>`). */
export type SnippetPart = { text: string; hit: boolean };

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const CJK_START = new RegExp(`^[${CJK}]`, 'u');
/** A letter or digit that is not CJK (CJK characters are not word boundaries' business). */
const WORD_CHAR = `[[\\p{L}\\p{N}]--[${CJK}]]`;

/**
 * A case-insensitive pattern for the needles on ORIGINAL text: words match at word starts (a
 * prefix needle then takes the rest of the word), CJK runs match anywhere. Null when no needles.
 */
export function needlePattern(needles: Array<{ text: string; prefix: boolean }>): RegExp | null {
	if (needles.length === 0) return null;
	const parts = needles.map(({ text, prefix }) => {
		const body = escapeRe(text);
		if (CJK_START.test(text)) return body;
		return `(?<!${WORD_CHAR})${body}${prefix ? `${WORD_CHAR}*` : `(?!${WORD_CHAR})`}`;
	});
	return new RegExp(parts.join('|'), 'giv');
}

/** Splits `text` into plain and highlighted parts by `pattern`. */
export function highlightParts(text: string, pattern: RegExp | null): SnippetPart[] {
	if (!pattern) return [{ text, hit: false }];
	const parts: SnippetPart[] = [];
	let last = 0;
	for (const m of text.matchAll(pattern)) {
		if (m[0].length === 0) continue;
		if (m.index > last) parts.push({ text: text.slice(last, m.index), hit: false });
		parts.push({ text: m[0], hit: true });
		last = m.index + m[0].length;
	}
	if (last < text.length) parts.push({ text: text.slice(last), hit: false });
	return parts;
}

/**
 * A window of about `length` characters of `text` around the densest cluster of matches (the most
 * different needles within the window), cut at spaces where the text has them, with "…" where it
 * was cut, split into highlighted parts. Without matches, the start of the text.
 * @param continues `text` is an excerpt: the full text goes on before / after it ("…" there too)
 */
export function buildSnippet(
	text: string,
	pattern: RegExp | null,
	length = 180,
	continues: { before?: boolean; after?: boolean } = {}
): SnippetPart[] {
	// Bodies can be long (a module is tens of thousands of characters): only the neighbourhood of
	// the first densest cluster is flattened and searched again, not the whole text.
	const from = pattern ? Math.max(0, densestStart(text, pattern, length) - length) : 0;
	const to = Math.min(text.length, from + length * 4);
	const flat = text.slice(from, to).replace(/\s+/g, ' ').trim();
	const matches = pattern ? [...flat.matchAll(pattern)] : [];
	let start = 0;
	if (matches.length > 0) {
		let best = -1;
		for (const m of matches) {
			const distinct = new Set(
				matches
					.filter((o) => o.index >= m.index && o.index < m.index + length * 0.7)
					.map((o) => o[0].toLowerCase())
			).size;
			if (distinct > best) {
				best = distinct;
				start = m.index;
			}
		}
		start = Math.max(0, start - Math.floor(length * 0.25));
		const space = flat.lastIndexOf(' ', start);
		if (space > 0 && start - space < 20) start = space + 1;
	}
	let end = Math.min(flat.length, start + length);
	if (end < flat.length) {
		const space = flat.lastIndexOf(' ', end);
		if (space > start + length * 0.7) end = space;
	}
	const window = flat.slice(start, end);
	const parts = highlightParts(window, pattern);
	if (start > 0 || from > 0 || continues.before) parts.unshift({ text: '…', hit: false });
	if (end < flat.length || text.slice(to).trim() !== '' || continues.after)
		parts.push({ text: '…', hit: false });
	return parts;
}

/** Index in `text` of the match starting the window with the most different needles (0 if none);
 * one pass with a sliding window. */
function densestStart(text: string, pattern: RegExp, length: number): number {
	const matches = [...text.matchAll(pattern)].map((m) => ({
		at: m.index,
		key: m[0].toLowerCase()
	}));
	const inWindow = new Map<string, number>();
	let best = -1;
	let start = 0;
	let j = 0;
	for (let i = 0; i < matches.length; i++) {
		// Window [matches[i].at, matches[i].at + 0.7 × length): extend j, then count.
		while (j < matches.length && matches[j].at < matches[i].at + length * 0.7) {
			inWindow.set(matches[j].key, (inWindow.get(matches[j].key) ?? 0) + 1);
			j++;
		}
		if (inWindow.size > best) {
			best = inWindow.size;
			start = matches[i].at;
		}
		const n = inWindow.get(matches[i].key)! - 1;
		if (n === 0) inWindow.delete(matches[i].key);
		else inWindow.set(matches[i].key, n);
	}
	return start;
}
