import { z } from 'zod';
import { itemRef, text } from './shared';

/** Question types (cases/quizzes/README.md). */
export const QUESTION_TYPES = ['single', 'multiple', 'truefalse'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
/** How an attempt's counting score is chosen among a learner's graded attempts. */
export const GRADING_METHODS = ['highest', 'last'] as const;
export type GradingMethod = (typeof GRADING_METHODS)[number];
/** Scoring of multiple-response questions: partial credit (±1/k) or exactly the correct set. */
export const SCORING_MODES = ['partial', 'all-or-nothing'] as const;
export type ScoringMode = (typeof SCORING_MODES)[number];
/** Module numbers a quiz may test (teaching modules; 11 is the bibliography, 12 the Q&A). */
export const QUIZ_MODULES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/**
 * Points of a question: a positive number with at most 2 decimals (1, 2, 0.5, 1.25), so that
 * every score is an exact fraction (src/lib/server/quiz/scoring.ts).
 */
const points = z
	.number({ error: 'must be a positive number' })
	.positive('must be a positive number')
	.max(100, 'must be at most 100')
	.refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-9, 'may have at most 2 decimals');

const option = z.strictObject({
	id: z
		.string({
			error: (issue) =>
				typeof issue.input === 'boolean'
					? 'write "true" and "false" in quotes (YAML reads a bare true as a yes/no value)'
					: 'must be a letter a–f, or "true" / "false"'
		})
		.regex(/^([a-f]|true|false)$/, 'must be a letter a–f, or "true" / "false"'),
	/** Markdown, one line. */
	text: text(),
	correct: z.boolean({ error: 'must be true or false' }),
	/** Why this option is right or wrong (Markdown). */
	explanation: text()
});

const question = z
	.strictObject({
		id: z
			.string({ error: 'must be an id such as "q1"' })
			.regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case id such as "q1"'),
		type: z.enum(QUESTION_TYPES, { error: `must be one of: ${QUESTION_TYPES.join(', ')}` }),
		points,
		prompt: text(),
		options: z.array(option),
		explanation: text(),
		links: z.array(itemRef).min(1, 'needs at least 1 link to what teaches it ("module:module-03")')
	})
	.superRefine((q, ctx) => {
		const issue = (message: string, path: (string | number)[] = ['options']) =>
			ctx.addIssue({ code: 'custom', path, message });
		const ids = q.options.map((o) => o.id);
		const correct = q.options.filter((o) => o.correct).length;
		if (new Set(ids).size !== ids.length) issue('has two options with the same id');
		if (q.type === 'truefalse') {
			if (ids.length !== 2 || !ids.includes('true') || !ids.includes('false'))
				issue('a true/false question has exactly the options "true" and "false"');
			if (correct !== 1) issue('a true/false question has exactly 1 correct option');
			return;
		}
		if (ids.length < 3 || ids.length > 6) issue(`needs 3–6 options (has ${ids.length})`);
		ids.forEach((id, i) => {
			const expected = 'abcdef'[i];
			if (id !== expected)
				issue(`option ${i + 1} must have the id "${expected}"`, ['options', i, 'id']);
		});
		if (q.type === 'single' && correct !== 1)
			issue(`a single-choice question has exactly 1 correct option (has ${correct})`);
		if (q.type === 'multiple' && correct < 1)
			issue('a multiple-response question needs at least 1 correct option');
	});

export const quizSchema = z.strictObject({
	id: z
		.string()
		.regex(/^quiz-[a-z0-9][a-z0-9-]*$/, 'must be "quiz-" followed by a lower-case name'),
	module: z
		.number({ error: 'must be a module number 1–10' })
		.int()
		.refine((n) => (QUIZ_MODULES as readonly number[]).includes(n), 'must be a module number 1–10'),
	title: text(),
	/** One or two sentences shown above the quiz (Markdown). */
	description: text(),
	/** Percent of the maximum points needed to pass. */
	passMark: z
		.number({ error: 'must be a whole percent 0–100' })
		.int('must be a whole percent 0–100')
		.min(0, 'must be a whole percent 0–100')
		.max(100, 'must be a whole percent 0–100'),
	/** Attempts per learner; 0 = unlimited. */
	attemptLimit: z
		.number({ error: 'must be a whole number (0 = unlimited)' })
		.int('must be a whole number (0 = unlimited)')
		.min(0, 'must be a whole number (0 = unlimited)'),
	grading: z.enum(GRADING_METHODS, { error: `must be one of: ${GRADING_METHODS.join(', ')}` }),
	timeLimitMinutes: z
		.number({ error: 'must be a whole number of minutes' })
		.int('must be a whole number of minutes')
		.min(1, 'must be at least 1 minute')
		.max(600, 'must be at most 600 minutes')
		.optional(),
	scoring: z.enum(SCORING_MODES, { error: `must be one of: ${SCORING_MODES.join(', ')}` }),
	questions: z
		.array(question)
		.min(8, 'needs at least 8 questions')
		.superRefine((qs, ctx) => {
			const seen = new Set<string>();
			qs.forEach((q, i) => {
				if (seen.has(q.id))
					ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `"${q.id}" is used twice` });
				seen.add(q.id);
			});
		})
});
export type QuizData = z.infer<typeof quizSchema>;
export type QuizQuestionData = QuizData['questions'][number];
