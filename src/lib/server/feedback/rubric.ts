import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The two content languages; feedback is written in one of them. */
export const FEEDBACK_LOCALES = ['zh-CN', 'en'] as const;
export type FeedbackLocale = (typeof FEEDBACK_LOCALES)[number];

const text = z.string().trim().min(1);
const localized = z.object({ 'zh-CN': text, en: text });
export type LocalizedText = z.infer<typeof localized>;

/**
 * A key concept the offline check looks for: its main term and synonyms in both languages.
 * An answer in either language may use either language's terms (Chinese answers often say "API").
 */
export const keyConceptSchema = z.object({
	id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens'),
	term: localized,
	synonyms: z
		.object({ 'zh-CN': z.array(text).default([]), en: z.array(text).default([]) })
		.default({ 'zh-CN': [], en: [] })
});
export type KeyConcept = z.infer<typeof keyConceptSchema>;

/** One level of a criterion: `level` is its rank (0 = lowest), `points` what it is worth. */
export const rubricLevelSchema = z.object({
	level: z.number().int().min(0),
	points: z.number().min(0),
	descriptor: localized
});
export type RubricLevel = z.infer<typeof rubricLevelSchema>;

export const criterionSchema = z
	.object({
		id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens'),
		title: localized,
		levels: z.array(rubricLevelSchema).min(2).max(6),
		concepts: z.array(keyConceptSchema).min(1)
	})
	.superRefine((c, ctx) => {
		const sorted = [...c.levels].sort((a, b) => a.level - b.level);
		sorted.forEach((l, i) => {
			if (i > 0 && l.level === sorted[i - 1].level) {
				ctx.addIssue({ code: 'custom', path: ['levels'], message: `level ${l.level} twice` });
			}
			if (i > 0 && l.points < sorted[i - 1].points) {
				ctx.addIssue({
					code: 'custom',
					path: ['levels'],
					message: 'points must not decrease as the level rises'
				});
			}
		});
	});
export type Criterion = z.infer<typeof criterionSchema>;

/**
 * A rubric: criteria × levels × points, plus the key concepts per criterion.
 * `id` is the exercise's content item id and `version` its version (a scoring change makes a new one).
 */
export const rubricSchema = z
	.object({
		id: z.string().min(1),
		version: z.number().int().min(1),
		criteria: z.array(criterionSchema).min(1).max(10)
	})
	.superRefine((r, ctx) => {
		const seen = new Set<string>();
		const concepts = new Set<string>();
		r.criteria.forEach((c, i) => {
			if (seen.has(c.id)) {
				ctx.addIssue({ code: 'custom', path: ['criteria', i, 'id'], message: `duplicate ${c.id}` });
			}
			seen.add(c.id);
			c.concepts.forEach((k, j) => {
				if (concepts.has(k.id)) {
					ctx.addIssue({
						code: 'custom',
						path: ['criteria', i, 'concepts', j, 'id'],
						message: `concept ${k.id} appears in two places`
					});
				}
				concepts.add(k.id);
			});
		});
	});
export type Rubric = z.infer<typeof rubricSchema>;
export type RubricInput = z.input<typeof rubricSchema>;

/** One language file's rubric, as written in `cases/exercises/<slug>/<locale>.md` front matter. */
export type LocaleRubric = Array<{
	id: string;
	title: string;
	levels: Array<{ level: number; points: number; descriptor: string }>;
	concepts: unknown[];
}>;

/**
 * Builds a {@link Rubric} from the two language files of an exercise: titles and descriptors from
 * each file, structure (levels, points, concepts) from the zh-CN file (the content check guarantees
 * both files agree on it).
 * @throws ZodError naming the bad field (e.g. a criterion or level missing from the en file).
 */
export function rubricFromLocales(
	id: string,
	version: number,
	files: Record<FeedbackLocale, LocaleRubric>
): Rubric {
	const en = new Map(files.en.map((c) => [c.id, c]));
	return parseRubric({
		id,
		version,
		criteria: files['zh-CN'].map((c) => {
			const other = en.get(c.id);
			return {
				id: c.id,
				title: { 'zh-CN': c.title, en: other?.title },
				levels: c.levels.map((l) => ({
					level: l.level,
					points: l.points,
					descriptor: {
						'zh-CN': l.descriptor,
						en: other?.levels.find((x) => x.level === l.level)?.descriptor
					}
				})),
				concepts: c.concepts
			};
		})
	});
}

/** Parses and validates a rubric. @throws ZodError naming the bad field. */
export function parseRubric(input: unknown): Rubric {
	return rubricSchema.parse(input);
}

/** A criterion's levels from lowest to highest. */
export function sortedLevels(c: Criterion): RubricLevel[] {
	return [...c.levels].sort((a, b) => a.level - b.level);
}

/** Highest points a criterion can give. */
export function criterionMaximum(c: Criterion): number {
	return Math.max(...c.levels.map((l) => l.points));
}

/** Rubric maximum, in points: the sum of each criterion's highest level. */
export function rubricMaximum(r: Rubric): number {
	return r.criteria.reduce((sum, c) => sum + criterionMaximum(c), 0);
}

/**
 * The defined level nearest to `level` (clamped into the criterion's range; ties go down),
 * so a model's out-of-range or in-between level becomes one the rubric has.
 */
export function clampLevel(c: Criterion, level: number): RubricLevel {
	const levels = sortedLevels(c);
	const target = Number.isFinite(level) ? level : levels[0].level;
	let best = levels[0];
	for (const l of levels) {
		if (Math.abs(l.level - target) < Math.abs(best.level - target)) best = l;
	}
	return best;
}

/** SHA-256 (hex) of the rubric's canonical JSON: changes whenever anything in it changes. */
export function rubricHash(r: Rubric): string {
	return createHash('sha256').update(canonicalJson(r)).digest('hex');
}

function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}
