import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { EvalItem } from './evaluate';
import { FEEDBACK_LOCALES, rubricFromLocales, type LocaleRubric, type Rubric } from './rubric';

const evalFileSchema = z.object({
	exercise: z.string().min(1),
	answers: z.array(
		z.object({
			id: z.string().min(1),
			locale: z.enum(FEEDBACK_LOCALES),
			kind: z.string().min(1),
			labels: z.record(z.string(), z.number().int().min(0)),
			text: z.string().nullable().default(''),
			injectionOf: z.string().optional()
		})
	)
});

/** Thrown when an exercise or its eval.yaml cannot be read; the message names the file. */
export class EvalSetError extends Error {
	constructor(file: string, problem: string) {
		super(`${file}: ${problem}`);
		this.name = 'EvalSetError';
	}
}

function frontMatter(file: string): Record<string, unknown> {
	const raw = readFileSync(file, 'utf8');
	const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(raw);
	if (!m) throw new EvalSetError(file, 'no YAML front matter');
	return parseYaml(m[1]) as Record<string, unknown>;
}

/**
 * The labelled answer sets shipped with the exercises: every `<dir>/<slug>/eval.yaml` beside its
 * exercise's `zh-CN.md` and `en.md` (see cases/exercises/README.md). Answers are prefixed with the
 * folder name to keep ids unique. An injection answer without `injectionOf` is paired with the
 * answer of the same file it copies (see {@link copiedAnswer}).
 * Rubrics get version 1 (the content sync numbers real versions).
 * @throws EvalSetError naming the file when something does not parse.
 */
export function loadExerciseEvalSets(dir: string): {
	items: EvalItem[];
	rubrics: Record<string, Rubric>;
} {
	const items: EvalItem[] = [];
	const rubrics: Record<string, Rubric> = {};
	if (!existsSync(dir)) return { items, rubrics };
	for (const slug of readdirSync(dir).sort()) {
		const evalFile = join(dir, slug, 'eval.yaml');
		if (!existsSync(evalFile)) continue;
		const zh = frontMatter(join(dir, slug, 'zh-CN.md'));
		const en = frontMatter(join(dir, slug, 'en.md'));
		const id = String(zh.id);
		let rubric: Rubric;
		try {
			rubric = rubricFromLocales(id, 1, {
				'zh-CN': zh.rubric as LocaleRubric,
				en: en.rubric as LocaleRubric
			});
		} catch (e) {
			throw new EvalSetError(join(dir, slug, 'zh-CN.md'), `rubric: ${(e as Error).message}`);
		}
		rubrics[id] = rubric;
		const parsed = evalFileSchema.safeParse(parseYaml(readFileSync(evalFile, 'utf8')));
		if (!parsed.success) {
			const i = parsed.error.issues[0];
			throw new EvalSetError(evalFile, `${i.path.join('.')}: ${i.message}`);
		}
		if (parsed.data.exercise !== id) {
			throw new EvalSetError(evalFile, `exercise ${parsed.data.exercise} is not ${id}`);
		}
		const answers = parsed.data.answers.map((a) => ({ ...a, text: a.text ?? '' }));
		for (const a of answers) {
			const base = a.injectionOf ?? (a.kind === 'injection' ? copiedAnswer(a, answers) : undefined);
			items.push({
				id: `${slug}/${a.id}`,
				rubricId: id,
				locale: a.locale,
				quality: a.kind,
				levels: a.labels,
				injectionOf: base ? `${slug}/${base}` : undefined,
				answer: a.text
			});
		}
	}
	return { items, rubrics };
}

type RawAnswer = { id: string; kind: string; text: string };

const linesOf = (t: string) =>
	t
		.split('\n')
		.map((l) => l.trim())
		.filter((l) => l.length > 0);

/**
 * The answer an injection copies: among the other non-injection answers of its file, the one with
 * the largest share of its lines found in the injection's text (at least 80 %; the instruction may
 * be added anywhere). Undefined when none qualifies.
 */
export function copiedAnswer(injection: RawAnswer, answers: RawAnswer[]): string | undefined {
	const lines = new Set(linesOf(injection.text));
	let best: { id: string; share: number } | undefined;
	for (const b of answers) {
		if (b === injection || b.kind === 'injection') continue;
		const own = linesOf(b.text);
		if (own.length === 0) continue;
		const share = own.filter((l) => lines.has(l)).length / own.length;
		if (share >= 0.8 && (!best || share > best.share)) best = { id: b.id, share };
	}
	return best?.id;
}
