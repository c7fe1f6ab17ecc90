import { z } from 'zod';
import { isTimeZone } from '../../config';
import { isLocalDateTime } from '../../time';
import { CASE_MODULES, DIFFICULTIES } from './case';
import { text } from './shared';

/** The `##` sections of an exercise body, in this order (cases/exercises/README.md). */
export const EXERCISE_SECTIONS = {
	'zh-CN': ['场景', '任务', '约束', '提交要求'],
	en: ['Scenario', 'Tasks', 'Constraints', 'What to submit']
} as const;

const slugId = z
	.string()
	.regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens');

const termList = z.array(text()).default([]);

/** A key concept the offline check looks for; identical in both language files. */
export const conceptSchema = z.strictObject({
	id: slugId,
	term: z.strictObject({ 'zh-CN': text(), en: text() }),
	synonyms: z.strictObject({ 'zh-CN': termList, en: termList }).default({ 'zh-CN': [], en: [] })
});

const levelSchema = z.strictObject({
	level: z.number().int().min(0, 'must be 0 or more'),
	points: z.number().min(0, 'must be 0 or more'),
	descriptor: text()
});

export const criterionSchema = z
	.strictObject({
		id: slugId,
		title: text(),
		levels: z.array(levelSchema).min(3, 'needs 3–5 levels').max(5, 'needs 3–5 levels'),
		concepts: z.array(conceptSchema).min(1, 'needs at least 1 key concept')
	})
	.superRefine((c, ctx) => {
		c.levels.forEach((l, i) => {
			if (l.level !== i) {
				ctx.addIssue({
					code: 'custom',
					path: ['levels', i, 'level'],
					message: `must be ${i}: levels are numbered 0, 1, 2, … from the lowest, in order`
				});
			}
			if (i > 0 && l.points < c.levels[i - 1].points) {
				ctx.addIssue({
					code: 'custom',
					path: ['levels', i, 'points'],
					message: `must not be less than level ${i - 1}'s points (${c.levels[i - 1].points})`
				});
			}
		});
	});

const latePolicySchema = z.discriminatedUnion(
	'kind',
	[
		z.strictObject({ kind: z.literal('accept') }),
		z.strictObject({
			kind: z.literal('penalty'),
			percentPerDay: z.number().int().min(1).max(100),
			cutoffDays: z.number().int().min(0).max(365).optional()
		}),
		z.strictObject({ kind: z.literal('cutoff'), cutoffDays: z.number().int().min(0).max(365) })
	],
	{
		error:
			'must be { kind: accept }, { kind: penalty, percentPerDay } or { kind: cutoff, cutoffDays }'
	}
);
export type LatePolicy = z.infer<typeof latePolicySchema>;

const dueSchema = z.strictObject({
	at: z
		.string({ error: 'must be a local date-time written YYYY-MM-DDTHH:mm' })
		.refine(isLocalDateTime, 'must be a real local date-time written YYYY-MM-DDTHH:mm'),
	timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai')
});
export type Due = z.infer<typeof dueSchema>;

/** Front matter of one language file of a design exercise (cases/exercises/README.md). */
export const exerciseSchema = z
	.strictObject({
		id: z
			.string()
			.regex(/^exercise-[a-z0-9][a-z0-9-]*$/, 'must be "exercise-" followed by a lower-case name'),
		title: text(),
		case: z
			.string()
			.regex(/^case-[a-z0-9][a-z0-9-]*$/, 'must be a case id ("case-…")')
			.optional(),
		modules: z
			.array(
				z
					.number()
					.int()
					.refine(
						(n) => (CASE_MODULES as readonly number[]).includes(n),
						'must be a module number 1–10 or 12'
					)
			)
			.min(1, 'needs at least 1 module')
			.refine((a) => new Set(a).size === a.length, 'lists a module twice'),
		difficulty: z.enum(DIFFICULTIES, { error: `must be one of: ${DIFFICULTIES.join(', ')}` }),
		estimatedMinutes: z.number().int().min(5).max(600),
		attemptLimit: z.number().int().min(1).max(20),
		maxChars: z.number().int().min(200).max(20_000),
		due: dueSchema.optional(),
		latePolicy: latePolicySchema.default({ kind: 'accept' }),
		rubric: z.array(criterionSchema).min(4, 'needs 4–6 criteria').max(6, 'needs 4–6 criteria')
	})
	.superRefine((e, ctx) => {
		const criteria = new Set<string>();
		const concepts = new Set<string>();
		e.rubric.forEach((c, i) => {
			if (criteria.has(c.id)) {
				ctx.addIssue({
					code: 'custom',
					path: ['rubric', i, 'id'],
					message: `criterion "${c.id}" appears twice`
				});
			}
			criteria.add(c.id);
			c.concepts.forEach((k, j) => {
				if (concepts.has(k.id)) {
					ctx.addIssue({
						code: 'custom',
						path: ['rubric', i, 'concepts', j, 'id'],
						message: `concept "${k.id}" appears twice in the rubric (ids are unique across criteria)`
					});
				}
				concepts.add(k.id);
			});
		});
		if (e.latePolicy.kind !== 'accept' && !e.due) {
			ctx.addIssue({
				code: 'custom',
				path: ['latePolicy'],
				message: 'a penalty or cut-off needs a due date (due: { at, timeZone })'
			});
		}
	});
export type ExerciseData = z.infer<typeof exerciseSchema>;
export type ExerciseCriterion = ExerciseData['rubric'][number];
export type ExerciseConcept = z.infer<typeof conceptSchema>;
