import type { Problem } from './types';

/** One reference as a module lists it, with where it came from. */
export type CitedReference = {
	key: string;
	text: string;
	url?: string;
	/** Module number that cites it. */
	module: number;
	/** File it was read from (for warnings). */
	file?: string;
};

/** One work of the bibliography: every key it was cited under and the modules citing it. */
export type BibliographyEntry = {
	key: string;
	keys: string[];
	text: string;
	url?: string;
	modules: number[];
};

/**
 * Text of a reference reduced to what identifies the work: NFKC, lower case, Markdown emphasis and
 * quotes removed, punctuation and whitespace collapsed. "*Designing…*. O'Reilly" ≡ "Designing… OReilly".
 */
export function normaliseReferenceText(text: string): string {
	return text
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[*_`"'“”‘’《》«»]/g, '')
		.replace(/[\s\p{P}\p{S}]+/gu, ' ')
		.trim();
}

/**
 * Merges the modules' references into one bibliography: two citations are the same work when they
 * share a key OR a normalised text (transitively). Each entry keeps the first-seen key and text
 * (lowest module first), lists every key and module, and entries are sorted by text.
 */
export function buildBibliography(cited: CitedReference[], locale = 'en'): BibliographyEntry[] {
	const sorted = [...cited].sort((a, b) => a.module - b.module);
	const parent = sorted.map((_, i) => i);
	const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
	const firstBy = new Map<string, number>();
	sorted.forEach((r, i) => {
		for (const k of [`key:${r.key}`, `text:${normaliseReferenceText(r.text)}`]) {
			const j = firstBy.get(k);
			if (j === undefined) firstBy.set(k, i);
			else parent[find(i)] = find(j);
		}
	});
	const groups = new Map<number, CitedReference[]>();
	sorted.forEach((r, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), r]));
	return [...groups.values()]
		.map((refs) => ({
			key: refs[0].key,
			keys: [...new Set(refs.map((r) => r.key))],
			text: refs[0].text,
			url: refs.find((r) => r.url)?.url,
			modules: [...new Set(refs.map((r) => r.module))].sort((a, b) => a - b)
		}))
		.sort((a, b) =>
			normaliseReferenceText(a.text).localeCompare(normaliseReferenceText(b.text), locale)
		);
}

/**
 * Warnings for inconsistent citations in one language: the same work (normalised text) under two
 * keys, or one key with two different texts. Neither breaks the bibliography (it de-duplicates by
 * both), but each means a module should be fixed to use one key and one text.
 */
export function referenceWarnings(cited: CitedReference[]): Problem[] {
	const problems: Problem[] = [];
	const byKey = new Map<string, CitedReference[]>();
	const byText = new Map<string, CitedReference[]>();
	for (const r of cited) {
		byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
		const t = normaliseReferenceText(r.text);
		byText.set(t, [...(byText.get(t) ?? []), r]);
	}
	const seen = new Set<string>();
	const warn = (r: CitedReference, message: string) => {
		const id = `${r.file ?? r.module}\0${message}`;
		if (seen.has(id)) return;
		seen.add(id);
		problems.push({
			level: 'warning',
			file: r.file ?? `module ${r.module}`,
			field: 'references',
			message
		});
	};
	for (const [key, refs] of byKey) {
		const first = refs[0];
		for (const r of refs.slice(1)) {
			if (normaliseReferenceText(r.text) !== normaliseReferenceText(first.text)) {
				warn(
					r,
					`key "${key}" has a different text here than in module ${first.module} ("${first.text}"); use one text per key`
				);
			}
		}
	}
	for (const refs of byText.values()) {
		const first = refs[0];
		for (const r of refs.slice(1)) {
			if (r.key !== first.key) {
				warn(
					r,
					`"${r.text}" is cited as "${r.key}" here but as "${first.key}" in module ${first.module}; use one key per work`
				);
			}
		}
	}
	return problems;
}
