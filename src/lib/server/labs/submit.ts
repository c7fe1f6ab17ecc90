import { and, count, eq } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import { labAttempts, type LabAttempt, type LabStep } from '../db/schema';
import type { LabKey, LabMeta } from '../content/kinds/lab';
import { RUNBOOK_SECTIONS } from '../content/kinds/lab-schema';
import { submitAnswer } from '../feedback/jobs';
import type { FeedbackLocale } from '../feedback/rubric';
import { countCharacters } from '../../text-count';
import { checkCapacity, type CapacityFieldProblem } from './capacity';
import { checkOpenApiText, type OpenApiProblem } from './openapi-check';
import { checkSchemaText, type SchemaProblem } from './schema-check';
import { getLabKey } from './catalog';

/** What the learner sent, by step. */
export type LabAnswer =
	| { step: 'schema' | 'openapi'; text: string }
	| { step: 'capacity'; answers: Record<string, string> }
	| { step: 'runbook'; sections: Record<string, string> };

export type SubmitLabInput = {
	userId: number;
	lab: { id: string; version: number; meta: LabMeta };
	/** The page's language (runbook feedback is written in it). */
	locale: FeedbackLocale;
	answer: LabAnswer;
	/** From the form: a replay (double click, resent form) returns the first attempt. */
	idempotencyKey: string;
	/** LAB_CHECK_TIMEOUT_MS. */
	timeoutMs: number;
	/** FEEDBACK_MAX_ANSWER_CHARS (runbooks go through the feedback pipeline). */
	pipelineMaxChars: number;
};

export type SubmitLabResult =
	| { ok: true; attemptId: number; duplicate: boolean }
	| { ok: false; reason: 'not_found' | 'wrong_step' }
	| { ok: false; reason: 'attempt_limit'; limit: number }
	| {
			ok: false;
			reason: 'schema';
			problem: SchemaProblem | OpenApiProblem;
			part?: 'request' | 'response';
	  }
	| { ok: false; reason: 'capacity'; problems: Record<string, CapacityFieldProblem> }
	| { ok: false; reason: 'runbook'; empty: string[]; tooLong: string[]; limit: number };

/** Attempts learner `userId` has made on lab `itemId` (every step counts). */
export function countLabAttempts(db: Db, userId: number, itemId: string): number {
	return (
		db
			.select({ n: count() })
			.from(labAttempts)
			.where(and(eq(labAttempts.userId, userId), eq(labAttempts.itemId, itemId)))
			.get()?.n ?? 0
	);
}

function findReplay(db: Db, userId: number, key: string): LabAttempt | undefined {
	return db
		.select()
		.from(labAttempts)
		.where(and(eq(labAttempts.userId, userId), eq(labAttempts.idempotencyKey, key)))
		.get();
}

const STEPS_OF: Record<LabMeta['type'], LabStep[]> = {
	interface: ['schema', 'openapi'],
	capacity: ['capacity'],
	runbook: ['runbook']
};

/** Passed when `score` reaches `passPercent` of `max`. */
export function passes(score: number, max: number, passPercent: number): boolean {
	return max > 0 && score * 100 >= passPercent * max - 1e-9;
}

/** The six runbook sections as one Markdown answer, each under its own `##` heading. */
export function runbookMarkdown(meta: LabMeta, sections: Record<string, string>): string {
	return (meta.runbook?.sections ?? [])
		.map((s) => `## ${s.title}\n\n${(sections[s.id] ?? '').replace(/\r\n?/g, '\n').trim()}`)
		.join('\n\n');
}

type Checked = {
	answer: Record<string, unknown>;
	result: Record<string, unknown> | null;
	score: number | null;
	maxScore: number;
	passed: boolean | null;
	runbookAnswer?: string;
};

async function check(
	input: SubmitLabInput,
	key: LabKey
): Promise<{ ok: true; checked: Checked } | Extract<SubmitLabResult, { ok: false }>> {
	const { meta } = input.lab;
	const a = input.answer;
	if (a.step === 'schema' || a.step === 'openapi') {
		const samples = key.samples;
		if (!meta.interface || !samples) return { ok: false, reason: 'wrong_step' };
		const opts = { maxChars: meta.interface.maxChars, timeoutMs: input.timeoutMs };
		let r;
		if (a.step === 'schema') {
			r = await checkSchemaText(a.text, samples.schema, opts);
		} else {
			if (!meta.interface.openapi || !samples.openapi) return { ok: false, reason: 'wrong_step' };
			r = await checkOpenApiText(a.text, samples.openapi, meta.interface.openapi, opts);
		}
		if (!r.ok) {
			return {
				ok: false,
				reason: 'schema',
				problem: r.problem,
				part: 'part' in r ? r.part : undefined
			};
		}
		return {
			ok: true,
			checked: {
				answer: { text: a.text },
				result: { samples: r.samples },
				score: r.correct,
				maxScore: r.total,
				passed: passes(r.correct, r.total, key.passPercent)
			}
		};
	}
	if (a.step === 'capacity') {
		if (!key.capacity) return { ok: false, reason: 'wrong_step' };
		const r = checkCapacity(key.capacity, a.answers);
		if (!r.ok) return { ok: false, reason: 'capacity', problems: r.problems };
		const answers = Object.fromEntries(key.capacity.map((q) => [q.id, a.answers[q.id] ?? '']));
		return {
			ok: true,
			checked: {
				answer: { answers },
				result: { outcomes: r.outcomes },
				score: r.correct,
				maxScore: r.total,
				passed: passes(r.correct, r.total, key.passPercent)
			}
		};
	}
	if (a.step !== 'runbook' || !meta.runbook) return { ok: false, reason: 'wrong_step' };
	// Within the lab's limit, and short enough that six sections and their headings fit the pipeline's.
	const limit = Math.min(
		meta.runbook.maxCharsPerSection,
		Math.floor(input.pipelineMaxChars / RUNBOOK_SECTIONS.length) - 100
	);
	const sections = Object.fromEntries(
		RUNBOOK_SECTIONS.map((id) => [id, (a.sections[id] ?? '').replace(/\r\n?/g, '\n')])
	);
	const empty = RUNBOOK_SECTIONS.filter((id) => sections[id].trim() === '');
	const tooLong = RUNBOOK_SECTIONS.filter((id) => countCharacters(sections[id]) > limit);
	if (empty.length || tooLong.length) {
		return { ok: false, reason: 'runbook', empty: [...empty], tooLong: [...tooLong], limit };
	}
	return {
		ok: true,
		checked: {
			answer: { sections },
			result: null,
			score: null,
			maxScore: meta.runbook.maxPoints,
			passed: null,
			runbookAnswer: runbookMarkdown(meta, sections)
		}
	};
}

/**
 * Checks and stores one lab attempt; results are there at once (a runbook's feedback as soon as
 * the feedback worker answers):
 * 1. a replay of `idempotencyKey` returns the first attempt (`duplicate: true`), unchecked;
 * 2. the step must belong to the lab; attempts used below `attemptLimit`;
 * 3. the check (schema and OpenAPI in a worker thread; numbers; runbook sections not empty and
 *    within the per-section limit). An answer the checker cannot read is refused with what is
 *    wrong and nothing is stored, so it does not use up an attempt;
 * 4. one immediate transaction re-checks the replay and the limit, stores the attempt with the
 *    lab version it was checked against and, for a runbook, the feedback pipeline's submission and
 *    job (`submitAnswer`, same idempotency key).
 */
export async function submitLab(db: Db, input: SubmitLabInput): Promise<SubmitLabResult> {
	const first = findReplay(db, input.userId, input.idempotencyKey);
	if (first) return { ok: true, attemptId: first.id, duplicate: true };
	const { lab } = input;
	if (!STEPS_OF[lab.meta.type].includes(input.answer.step))
		return { ok: false, reason: 'wrong_step' };
	const key = getLabKey(db, lab.id, lab.version);
	if (!key) return { ok: false, reason: 'not_found' };
	if (countLabAttempts(db, input.userId, lab.id) >= lab.meta.attemptLimit) {
		return { ok: false, reason: 'attempt_limit', limit: lab.meta.attemptLimit };
	}
	const c = await check(input, key);
	if (!c.ok) return c;
	const { checked } = c;
	return immediate(db, (tx): SubmitLabResult => {
		const replay = findReplay(tx, input.userId, input.idempotencyKey);
		if (replay) return { ok: true, attemptId: replay.id, duplicate: true };
		const used = countLabAttempts(tx, input.userId, lab.id);
		if (used >= lab.meta.attemptLimit) {
			return { ok: false, reason: 'attempt_limit', limit: lab.meta.attemptLimit };
		}
		let submissionId: number | null = null;
		if (checked.runbookAnswer !== undefined) {
			submissionId = submitAnswer(
				tx,
				{
					userId: input.userId,
					itemId: lab.id,
					itemVersion: lab.version,
					locale: input.locale,
					answer: checked.runbookAnswer,
					idempotencyKey: input.idempotencyKey
				},
				input.pipelineMaxChars
			).submissionId;
		}
		const row = tx
			.insert(labAttempts)
			.values({
				userId: input.userId,
				itemId: lab.id,
				itemVersion: lab.version,
				step: input.answer.step,
				locale: input.locale,
				attempt: used + 1,
				answer: checked.answer,
				result: checked.result,
				score: checked.score,
				maxScore: checked.maxScore,
				passed: checked.passed,
				submissionId,
				idempotencyKey: input.idempotencyKey
			})
			.returning({ id: labAttempts.id })
			.get();
		return { ok: true, attemptId: row.id, duplicate: false };
	});
}
