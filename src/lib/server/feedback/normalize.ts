/**
 * Text folding shared by the offline check, evidence verification and the cache key.
 * NFKC already turns full-width ASCII (ＡＰＩ，１２３) and the ideographic space into their half-width
 * forms; the table below folds the CJK punctuation NFKC leaves alone.
 */
const PUNCT: Record<string, string> = {
	'。': '.',
	'｡': '.',
	'、': ',',
	'､': ',',
	'“': '"',
	'”': '"',
	'„': '"',
	'‟': '"',
	'″': '"',
	'「': '"',
	'」': '"',
	'『': '"',
	'』': '"',
	'‘': "'",
	'’': "'",
	'‚': "'",
	'‛': "'",
	'′': "'",
	'【': '[',
	'】': ']',
	'〔': '[',
	'〕': ']',
	'〖': '[',
	'〗': ']',
	'《': '<',
	'》': '>',
	'〈': '<',
	'〉': '>',
	'—': '-',
	'–': '-',
	'―': '-',
	'‐': '-',
	'‑': '-',
	'−': '-',
	'…': '...',
	'⋯': '...',
	'〜': '~'
};
const PUNCT_RE = new RegExp(`[${Object.keys(PUNCT).join('')}]`, 'g');
const INVISIBLE_RE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

/** NFKC, full/half-width punctuation folded to ASCII, invisible characters removed. Case kept. */
export function foldWidth(s: string): string {
	return s
		.normalize('NFKC')
		.replace(INVISIBLE_RE, '')
		.replace(PUNCT_RE, (ch) => PUNCT[ch]);
}

/** {@link foldWidth} and lower case: the form concept terms are matched in. */
export function foldForMatch(s: string): string {
	return foldWidth(s).toLowerCase();
}

/**
 * The form evidence quotes are compared in: {@link foldForMatch} with all whitespace removed, so a
 * quote that re-wraps lines, adds spaces between Chinese and Latin, or swaps "，" for "," still matches.
 */
export function foldForQuote(s: string): string {
	return foldForMatch(s).replace(/\s+/gu, '');
}

/** The answer as keyed in the cache: NFKC, CRLF → LF, whitespace runs collapsed, trimmed. */
export function normaliseAnswer(s: string): string {
	return s
		.normalize('NFKC')
		.replace(INVISIBLE_RE, '')
		.replace(/\r\n?/g, '\n')
		.replace(/[^\S\n]+/g, ' ')
		.replace(/ *\n */g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

/** True when `s` contains a Han character (then it is matched as Chinese, without word boundaries). */
export function hasHan(s: string): boolean {
	return /\p{Script=Han}/u.test(s);
}
