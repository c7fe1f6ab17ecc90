import { Lexer, type Token, type Tokens } from 'marked';

/** A Markdown heading's level and text, in document order. */
export type HeadingInfo = { depth: number; text: string };

function walk(tokens: Token[], visit: (t: Token) => void): void {
	for (const t of tokens) {
		visit(t);
		if (t.type === 'list') walk((t as Tokens.List).items, visit);
		else if ('tokens' in t && Array.isArray(t.tokens) && t.type !== 'table') walk(t.tokens, visit);
	}
}

// The checks look at the same body several times (headings, tables, fences, both languages' parity):
// lex each distinct body once. Bounded, so a long-running process does not keep every version.
const lexed = new Map<string, Token[]>();

function lex(markdown: string): Token[] {
	let tokens = lexed.get(markdown);
	if (!tokens) {
		tokens = new Lexer({ gfm: true }).lex(markdown);
		if (lexed.size >= 64) lexed.delete(lexed.keys().next().value!);
		lexed.set(markdown, tokens);
	}
	return tokens;
}

/** Every heading (ATX and setext) with its level; code fences are not mistaken for headings. */
export function headingsOf(markdown: string): HeadingInfo[] {
	const out: HeadingInfo[] = [];
	walk(lex(markdown), (t) => {
		if (t.type === 'heading') out.push({ depth: t.depth, text: t.text.trim() });
	});
	return out;
}

/** Shapes of the GFM tables in the body, as `rows × columns` (header row counted). */
export function tableShapesOf(markdown: string): string[] {
	const out: string[] = [];
	walk(lex(markdown), (t) => {
		if (t.type === 'table') {
			const table = t as Tokens.Table;
			out.push(`${table.rows.length + 1}×${table.header.length}`);
		}
	});
	return out;
}

/** Languages of the fenced code blocks, in order ("mermaid", "json", ""). */
export function codeFencesOf(markdown: string): string[] {
	const out: string[] = [];
	walk(lex(markdown), (t) => {
		if (t.type === 'code') out.push((t.lang ?? '').trim().split(/\s+/)[0].toLowerCase());
	});
	return out;
}

/**
 * Every run of digits in `text` after NFKC (so full-width "３０" counts as "30"), as a multiset
 * (digit sequence → count).
 */
export function digitSequencesOf(text: string): Map<string, number> {
	const counts = new Map<string, number>();
	for (const match of text.normalize('NFKC').matchAll(/\d+/g)) {
		counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
	}
	return counts;
}
