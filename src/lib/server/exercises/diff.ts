import { diffArrays, diffLines } from 'diff';

/** A piece of a line; `changed` marks the words that differ from the other version. */
export type DiffPart = { text: string; changed: boolean };
/** A line of the comparison: kept, removed (old version only) or added (new version only). */
export type DiffLine = { kind: 'same' | 'del' | 'add'; parts: DiffPart[] };
/** A run of unchanged lines left out (`count` lines). */
export type DiffSkip = { kind: 'skip'; count: number };
export type AnswerDiff = {
	blocks: Array<DiffLine | DiffSkip>;
	/** Lines added and removed. */
	added: number;
	removed: number;
};

const CONTEXT = 2;

function linesOf(value: string): string[] {
	const lines = value.split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	return lines;
}

/** Appends `text` to `parts`, merging with the last part when both are (un)changed alike. */
function push(parts: DiffPart[], text: string, changed: boolean) {
	const last = parts[parts.length - 1];
	if (last && last.changed === changed) last.text += text;
	else parts.push({ text, changed });
}

/**
 * Word-level pieces of an old and a new line: both are split into words, spaces and punctuation by
 * Intl.Segmenter (which finds Chinese word boundaries), then compared token by token, so each
 * line is rebuilt exactly from its own pieces.
 */
function pairLines(before: string, after: string, segmenter: Intl.Segmenter): [DiffLine, DiffLine] {
	const tokens = (t: string) => [...segmenter.segment(t)].map((s) => s.segment);
	const del: DiffPart[] = [];
	const add: DiffPart[] = [];
	for (const c of diffArrays(tokens(before), tokens(after))) {
		const text = c.value.join('');
		if (!c.added) push(del, text, !!c.removed);
		if (!c.removed) push(add, text, !!c.added);
	}
	return [
		{ kind: 'del', parts: del },
		{ kind: 'add', parts: add }
	];
}

/**
 * Compares two versions of an answer line by line (the `diff` package), marking changed words
 * inside a replaced line; runs of unchanged lines longer than a few lines are folded into a
 * `skip` block with 2 lines of context on each side.
 * @param locale guides word segmentation ("zh-CN" splits Chinese into words).
 */
export function diffAnswers(before: string, after: string, locale = 'zh-CN'): AnswerDiff {
	const segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
	// A missing newline at the very end is no change worth showing.
	const norm = (t: string) => {
		const lf = t.replace(/\r\n?/g, '\n');
		return lf === '' || lf.endsWith('\n') ? lf : `${lf}\n`;
	};
	const changes = diffLines(norm(before), norm(after));
	const lines: DiffLine[] = [];
	let added = 0;
	let removed = 0;
	for (let i = 0; i < changes.length; i++) {
		const c = changes[i];
		if (!c.added && !c.removed) {
			for (const l of linesOf(c.value))
				lines.push({ kind: 'same', parts: [{ text: l, changed: false }] });
			continue;
		}
		if (c.removed && changes[i + 1]?.added) {
			const olds = linesOf(c.value);
			const news = linesOf(changes[i + 1].value);
			removed += olds.length;
			added += news.length;
			const paired = Math.min(olds.length, news.length);
			const dels: DiffLine[] = [];
			const adds: DiffLine[] = [];
			for (let k = 0; k < paired; k++) {
				const [d, a] = pairLines(olds[k], news[k], segmenter);
				dels.push(d);
				adds.push(a);
			}
			for (const l of olds.slice(paired))
				dels.push({ kind: 'del', parts: [{ text: l, changed: true }] });
			for (const l of news.slice(paired))
				adds.push({ kind: 'add', parts: [{ text: l, changed: true }] });
			lines.push(...dels, ...adds);
			i++;
			continue;
		}
		const kind = c.added ? 'add' : 'del';
		for (const l of linesOf(c.value)) {
			lines.push({ kind, parts: [{ text: l, changed: true }] });
			if (kind === 'add') added++;
			else removed++;
		}
	}

	const blocks: Array<DiffLine | DiffSkip> = [];
	for (let i = 0; i < lines.length;) {
		if (lines[i].kind !== 'same') {
			blocks.push(lines[i++]);
			continue;
		}
		let j = i;
		while (j < lines.length && lines[j].kind === 'same') j++;
		const run = lines.slice(i, j);
		const head = i === 0 ? 0 : CONTEXT;
		const tail = j === lines.length ? 0 : CONTEXT;
		if (run.length > head + tail + 1) {
			blocks.push(...run.slice(0, head));
			blocks.push({ kind: 'skip', count: run.length - head - tail });
			blocks.push(...run.slice(run.length - tail));
		} else blocks.push(...run);
		i = j;
	}
	return { blocks, added, removed };
}
