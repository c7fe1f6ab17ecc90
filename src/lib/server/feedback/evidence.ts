import { foldForQuote } from './normalize';

const ELLIPSIS = /\.{3,}|…|⋯/u;

/**
 * True when `quote` occurs in `answer` after NFKC, case, whitespace and full/half-width punctuation
 * folding. A quote the model shortened with an ellipsis ("A … B") matches when every part occurs in
 * order. Surrounding quotation marks are ignored. Empty quotes never match.
 */
export function quoteOccurs(answer: string, quote: string): boolean {
	const haystack = foldForQuote(answer);
	const parts = quote
		.split(ELLIPSIS)
		.map((p) => foldForQuote(p).replace(/^["'`]+|["'`]+$/g, ''))
		.filter((p) => p.length > 0);
	if (parts.length === 0) return false;
	let from = 0;
	for (const part of parts) {
		const at = haystack.indexOf(part, from);
		if (at < 0) return false;
		from = at + part.length;
	}
	return true;
}

/**
 * Keeps the quotes that occur in the answer (see {@link quoteOccurs}), de-duplicated, and says
 * whether any was dropped.
 */
export function verifyQuotes(
	answer: string,
	quotes: string[]
): { kept: string[]; dropped: string[] } {
	const kept: string[] = [];
	const dropped: string[] = [];
	const seen = new Set<string>();
	for (const q of quotes) {
		const trimmed = q.trim();
		const key = foldForQuote(trimmed).replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, '');
		if (seen.has(key)) continue;
		seen.add(key);
		(quoteOccurs(answer, trimmed) ? kept : dropped).push(trimmed);
	}
	return { kept, dropped };
}
