import { stemmer } from 'stemmer';
import { foldForMatch, hasHan } from './normalize';
import type { KeyConcept } from './rubric';

/** Where a concept was found: its id, the term that matched, and the answer offsets [start, end). */
export type ConceptHit = { conceptId: string; term: string; start: number; end: number };

type Entry = { conceptId: string; term: string; key: string };

/**
 * A matcher for a set of key concepts, built once per rubric.
 *
 * - Terms with Chinese characters: the answer is folded (NFKC, case, width), whitespace is dropped,
 *   and it is segmented by forward maximum matching against the terms — at each position the longest
 *   term wins, so "语义缓存" counts as that concept and not also as "缓存".
 * - Other terms (English, "API", "JSON Schema"): word-boundary match of stemmed tokens
 *   (Porter stemmer, case-insensitive), so "retries" matches "retry" and "rate-limiting" matches
 *   "rate limit". Multi-word terms match as consecutive tokens.
 *
 * Every concept is matched in both languages whatever the answer's language. Known limits: no
 * negation ("没有缓存" counts as mentioning caching) and no traditional-character folding.
 */
export class ConceptMatcher {
	private readonly han: Map<string, Entry[]>; // first char → entries, longest first
	private readonly latin: Array<{ entry: Entry; stems: string[] }>;

	constructor(concepts: KeyConcept[]) {
		this.han = new Map();
		this.latin = [];
		for (const c of concepts) {
			const terms = [c.term['zh-CN'], c.term.en, ...c.synonyms['zh-CN'], ...c.synonyms.en];
			for (const term of new Set(terms)) {
				if (hasHan(term)) {
					const key = foldForMatch(term).replace(/\s+/gu, '');
					const list = this.han.get(key[0]) ?? [];
					list.push({ conceptId: c.id, term, key });
					this.han.set(key[0], list);
				} else {
					const stems = tokens(term).map((t) => t.stem);
					if (stems.length > 0)
						this.latin.push({ entry: { conceptId: c.id, term, key: '' }, stems });
				}
			}
		}
		for (const list of this.han.values()) list.sort((a, b) => b.key.length - a.key.length);
	}

	/** Every occurrence of every concept in `answer`, in answer order. */
	find(answer: string): ConceptHit[] {
		return [...this.findHan(answer), ...this.findLatin(answer)].sort((a, b) => a.start - b.start);
	}

	/** Concept ids found in `answer`. */
	covered(answer: string): Set<string> {
		return new Set(this.find(answer).map((h) => h.conceptId));
	}

	private findHan(answer: string): ConceptHit[] {
		if (this.han.size === 0) return [];
		// Fold per character (dropping whitespace) so offsets map back to the original answer:
		// startOf[u] / endOf[u] are the answer offsets of the character behind code unit u of `text`.
		let text = '';
		const startOf: number[] = [];
		const endOf: number[] = [];
		let i = 0;
		for (const ch of answer) {
			for (const f of foldForMatch(ch)) {
				if (/\s/u.test(f)) continue;
				text += f;
				for (let u = 0; u < f.length; u++) {
					startOf.push(i);
					endOf.push(i + ch.length);
				}
			}
			i += ch.length;
		}
		const hits: ConceptHit[] = [];
		let pos = 0;
		while (pos < text.length) {
			const candidates = this.han.get(text[pos]);
			const match = candidates?.find((e) => text.startsWith(e.key, pos));
			if (match) {
				const endUnit = pos + match.key.length;
				hits.push({
					conceptId: match.conceptId,
					term: match.term,
					start: startOf[pos],
					end: endOf[endUnit - 1]
				});
				pos = endUnit;
			} else {
				pos += 1;
			}
		}
		return hits;
	}

	private findLatin(answer: string): ConceptHit[] {
		if (this.latin.length === 0) return [];
		const toks = tokens(answer);
		const hits: ConceptHit[] = [];
		for (const { entry, stems } of this.latin) {
			for (let i = 0; i + stems.length <= toks.length; i++) {
				if (stems.every((s, k) => toks[i + k].stem === s)) {
					hits.push({
						conceptId: entry.conceptId,
						term: entry.term,
						start: toks[i].start,
						end: toks[i + stems.length - 1].end
					});
				}
			}
		}
		return hits;
	}
}

type Token = { stem: string; start: number; end: number };

const WORD_CHAR = /^[\p{Script=Latin}\p{Nd}]+$/u;

/**
 * Latin-script words and numbers of `s`, lower-cased after NFKC (so full-width "ＡＰＩ" is "api"),
 * with their Porter stems and offsets [start, end) into `s`. Hyphens and punctuation separate words.
 */
export function tokens(s: string): Token[] {
	const out: Token[] = [];
	let word = '';
	let start = -1;
	let i = 0;
	const flush = (end: number) => {
		if (start >= 0) out.push({ stem: stemmer(word.toLowerCase()), start, end });
		word = '';
		start = -1;
	};
	for (const ch of s) {
		const folded = ch.normalize('NFKC');
		if (WORD_CHAR.test(folded)) {
			if (start < 0) start = i;
			word += folded;
		} else {
			flush(i);
		}
		i += ch.length;
	}
	flush(i);
	return out;
}
