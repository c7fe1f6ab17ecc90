import { z } from 'zod';
import { CASE_MODULES, DIFFICULTIES } from './case';
import { criterionSchema } from './exercise-schema';
import { text } from './shared';

/** The three lab types (cases/labs/README.md). */
export const LAB_TYPES = ['interface', 'capacity', 'runbook'] as const;
export type LabType = (typeof LAB_TYPES)[number];

/** The `##` sections every lab body starts with, in this order; more sections may follow. */
export const LAB_SECTIONS = {
	'zh-CN': ['场景', '任务'],
	en: ['Scenario', 'Task']
} as const;

/** The sections of a runbook answer, always these six in this order. */
export const RUNBOOK_SECTIONS = [
	'detection',
	'mitigation',
	'fallback',
	'communication',
	'recovery',
	'follow-up'
] as const;
export type RunbookSection = (typeof RUNBOOK_SECTIONS)[number];

const slugId = z
	.string()
	.regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens');

/** A JSON document written as text in YAML (a block scalar); must parse. */
const jsonText = text('JSON text').refine((s) => {
	try {
		JSON.parse(s);
		return true;
	} catch {
		return false;
	}
}, 'is not valid JSON');

const interfaceSchema = z.strictObject({
	/** Longest schema (and OpenAPI fragment) accepted, in characters. */
	maxChars: z.number().int().min(1000).max(100_000).default(20_000),
	/** Text the editor starts with (JSON). */
	starter: z.string().default(''),
	/** The reference schema (JSON), shown after the learner's first attempt. */
	solution: jsonText,
	/** Optional second step: an OpenAPI 3.1 document describing the endpoint. */
	openapi: z
		.strictObject({
			method: z.enum(['get', 'post', 'put', 'patch', 'delete']),
			path: z.string().regex(/^\/[A-Za-z0-9/{}._-]*$/, 'must be a path such as /v1/things'),
			/** Status code whose application/json response body is checked against the response samples. */
			status: z
				.string()
				.regex(/^[1-5]\d\d$/, 'must be an HTTP status code written as text, e.g. "200"')
				.default('200'),
			starter: z.string().default(''),
			solution: text('the reference OpenAPI document (JSON or YAML)')
		})
		.optional()
});

const toleranceSchema = z
	.strictObject({
		/** Accepted distance from the answer, in percent of the answer. */
		percent: z.number().min(0).max(100).optional(),
		/** Accepted distance from the answer, in the question's unit. */
		absolute: z.number().min(0).optional()
	})
	.refine((t) => (t.percent === undefined) !== (t.absolute === undefined), {
		message: 'give exactly one of percent or absolute'
	});
export type Tolerance = z.infer<typeof toleranceSchema>;

const questionSchema = z.discriminatedUnion(
	'kind',
	[
		z.strictObject({
			id: slugId,
			kind: z.literal('number'),
			label: text(),
			/** Shown after the field ("次/秒", "req/s", "元"); words only, never parsed. */
			unit: z.string().default(''),
			answer: z.number(),
			tolerance: toleranceSchema
		}),
		z.strictObject({
			id: slugId,
			kind: z.literal('yesno'),
			label: text(),
			answer: z.boolean()
		})
	],
	{
		error:
			'must be { kind: number, label, unit, answer, tolerance } or { kind: yesno, label, answer }'
	}
);
export type CapacityQuestion = z.infer<typeof questionSchema>;

const capacitySchema = z.strictObject({
	questions: z.array(questionSchema).min(2, 'needs 2–10 questions').max(10, 'needs 2–10 questions'),
	/** The worked solution, one Markdown step each; shown after the learner submits. */
	solution: z.array(text()).min(1, 'needs at least 1 step')
});

const runbookSectionSchema = z.strictObject({
	id: z.enum(RUNBOOK_SECTIONS, { error: `must be one of: ${RUNBOOK_SECTIONS.join(', ')}` }),
	title: text(),
	/** What the section should cover (Markdown, shown above the field). */
	prompt: text()
});

const runbookSchema = z.strictObject({
	sections: z
		.array(runbookSectionSchema)
		.refine(
			(s) => s.map((x) => x.id).join() === RUNBOOK_SECTIONS.join(),
			`must be the six sections in this order: ${RUNBOOK_SECTIONS.join(', ')}`
		),
	/** Longest section accepted, in characters (a Chinese character counts 1). */
	maxCharsPerSection: z.number().int().min(200).max(5000).default(2000),
	/** Scored by the feedback pipeline like a design exercise (cases/exercises/README.md). */
	rubric: z.array(criterionSchema).min(3, 'needs 3–6 criteria').max(6, 'needs 3–6 criteria')
});

/** Front matter of one language file of a lab (cases/labs/README.md). */
export const labSchema = z
	.strictObject({
		id: z
			.string()
			.regex(/^lab-[a-z0-9][a-z0-9-]*$/, 'must be "lab-" followed by a lower-case name'),
		title: text(),
		type: z.enum(LAB_TYPES, { error: `must be one of: ${LAB_TYPES.join(', ')}` }),
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
		/** How long the lab should take, in minutes. */
		estimatedMinutes: z.number().int().min(5).max(240),
		attemptLimit: z.number().int().min(1).max(50).default(20),
		/** Score (percent of the maximum) that counts as passed; default 100, runbooks 60. */
		passPercent: z.number().int().min(1).max(100).optional(),
		interface: interfaceSchema.optional(),
		capacity: capacitySchema.optional(),
		runbook: runbookSchema.optional()
	})
	.superRefine((l, ctx) => {
		for (const t of LAB_TYPES) {
			if (t === l.type && !l[t]) {
				ctx.addIssue({ code: 'custom', path: [t], message: `a ${t} lab needs its "${t}:" block` });
			}
			if (t !== l.type && l[t]) {
				ctx.addIssue({
					code: 'custom',
					path: [t],
					message: `only a ${t} lab has a "${t}:" block (this lab is ${l.type})`
				});
			}
		}
		const ids = new Set<string>();
		l.capacity?.questions.forEach((q, i) => {
			if (ids.has(q.id)) {
				ctx.addIssue({
					code: 'custom',
					path: ['capacity', 'questions', i, 'id'],
					message: `question "${q.id}" appears twice`
				});
			}
			ids.add(q.id);
		});
		const criteria = new Set<string>();
		const concepts = new Set<string>();
		l.runbook?.rubric.forEach((c, i) => {
			if (criteria.has(c.id)) {
				ctx.addIssue({
					code: 'custom',
					path: ['runbook', 'rubric', i, 'id'],
					message: `criterion "${c.id}" appears twice`
				});
			}
			criteria.add(c.id);
			c.concepts.forEach((k, j) => {
				if (concepts.has(k.id)) {
					ctx.addIssue({
						code: 'custom',
						path: ['runbook', 'rubric', i, 'concepts', j, 'id'],
						message: `concept "${k.id}" appears twice in the rubric`
					});
				}
				concepts.add(k.id);
			});
		});
	});
export type LabData = z.infer<typeof labSchema>;

const localized = z.strictObject({ 'zh-CN': text(), en: text() });

const sampleSchema = z.strictObject({
	/** Opaque label, unique in the file; learners and instructors see it, never the payload. */
	id: slugId,
	valid: z.boolean(),
	payload: z.unknown().refine((v) => v !== undefined, 'is required'),
	/** Shown when a learner's schema misjudges this sample: what it tests, without giving it away. */
	hint: localized
});
export type LabSample = z.infer<typeof sampleSchema>;

const sampleList = z.array(sampleSchema);

/** `samples.yaml` beside an interface lab: the hidden payloads (server only, never rendered). */
export const labSamplesSchema = z
	.strictObject({
		schema: sampleList.min(4, 'needs at least 4 samples (valid and invalid)'),
		openapi: z.strictObject({ request: sampleList.min(1), response: sampleList.min(1) }).optional()
	})
	.superRefine((s, ctx) => {
		const all = [
			...s.schema.map((x, i) => ({ x, path: ['schema', i, 'id'] })),
			...(s.openapi?.request ?? []).map((x, i) => ({ x, path: ['openapi', 'request', i, 'id'] })),
			...(s.openapi?.response ?? []).map((x, i) => ({ x, path: ['openapi', 'response', i, 'id'] }))
		];
		const seen = new Set<string>();
		for (const { x, path } of all) {
			if (seen.has(x.id))
				ctx.addIssue({ code: 'custom', path, message: `"${x.id}" appears twice` });
			seen.add(x.id);
		}
		for (const valid of [true, false]) {
			if (!s.schema.some((x) => x.valid === valid)) {
				ctx.addIssue({
					code: 'custom',
					path: ['schema'],
					message: `needs at least one ${valid ? 'valid' : 'invalid'} sample`
				});
			}
		}
	});
export type LabSamples = z.infer<typeof labSamplesSchema>;
