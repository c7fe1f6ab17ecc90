import { foldForQuote } from '../feedback/normalize';

/** A piece of the answer: `marks` lists the criteria (by position) whose evidence covers it. */
export type AnswerSegment = {
	text: string;
	marks: number[];
	/** Anchor ids of evidence quotes that start here ("ev-2-0": criterion 2, quote 0). */
	anchors: string[];
};

const ELLIPSIS = /\.{3,}|…|⋯/u;

type Folded = { text: string; starts: number[]; ends: number[] };

/** The answer in the quote-comparison form, with each folded character's span in the original. */
function foldWithMap(answer: string): Folded {
	let text = '';
	const starts: number[] = [];
	const ends: number[] = [];
	let at = 0;
	for (const ch of answer) {
		const f = foldForQuote(ch);
		for (let k = 0; k < f.length; k++) {
			starts.push(at);
			ends.push(at + ch.length);
		}
		text += f;
		at += ch.length;
	}
	return { text, starts, ends };
}

/**
 * Where each quote occurs in the answer, as [start, end) ranges in the original string, found the
 * way the pipeline verified it (NFKC, case, whitespace and punctuation-width folding; an ellipsis
 * splits a quote into parts found in order). A quote that cannot be found gives no range.
 */
export function locateQuote(
	answer: string,
	quote: string,
	folded = foldWithMap(answer)
): Array<[number, number]> {
	const parts = quote
		.split(ELLIPSIS)
		.map((p) => foldForQuote(p).replace(/^["'`]+|["'`]+$/g, ''))
		.filter((p) => p.length > 0);
	const ranges: Array<[number, number]> = [];
	let from = 0;
	for (const part of parts) {
		const i = folded.text.indexOf(part, from);
		if (i < 0) return [];
		ranges.push([folded.starts[i], folded.ends[i + part.length - 1]]);
		from = i + part.length;
	}
	return ranges;
}

/**
 * Splits `answer` into segments so a page can highlight each criterion's evidence quotes in it
 * (rendered as text, never as HTML). `evidence[i]` holds the quotes of criterion i.
 */
export function highlightEvidence(answer: string, evidence: string[][]): AnswerSegment[] {
	const folded = foldWithMap(answer);
	const marks: Array<{ start: number; end: number; criterion: number; anchor: string | null }> = [];
	evidence.forEach((quotes, criterion) => {
		quotes.forEach((q, k) => {
			locateQuote(answer, q, folded).forEach(([start, end], part) => {
				marks.push({ start, end, criterion, anchor: part === 0 ? `ev-${criterion}-${k}` : null });
			});
		});
	});
	const cuts = new Set<number>([0, answer.length]);
	for (const m of marks) {
		cuts.add(m.start);
		cuts.add(m.end);
	}
	const points = [...cuts].sort((a, b) => a - b);
	const segments: AnswerSegment[] = [];
	for (let i = 0; i < points.length - 1; i++) {
		const [a, b] = [points[i], points[i + 1]];
		if (a === b) continue;
		const covering = marks.filter((m) => m.start <= a && m.end >= b);
		const seg: AnswerSegment = {
			text: answer.slice(a, b),
			marks: [...new Set(covering.map((m) => m.criterion))].sort((x, y) => x - y),
			anchors: marks.filter((m) => m.start === a && m.anchor).map((m) => m.anchor as string)
		};
		const prev = segments[segments.length - 1];
		if (prev && seg.anchors.length === 0 && prev.marks.join() === seg.marks.join())
			prev.text += seg.text;
		else segments.push(seg);
	}
	return segments;
}
