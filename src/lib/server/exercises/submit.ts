import { and, count, eq } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import { exerciseSubmissions, submissions } from '../db/schema';
import { getItemWithMeta } from '../content/items';
import type { ExerciseMeta, LatePolicy } from '../content/kinds/exercise';
import { submitAnswer } from '../feedback/jobs';
import type { FeedbackLocale } from '../feedback/rubric';
import { countCharacters } from '../../text-count';
import { dueInstant, lateness, type Lateness } from './deadline';
import { normaliseNewlines, saveDraft } from './drafts';
import { getExtension } from './extensions';

/** The due date that applies to one learner: the exercise's, or their extension's. */
export type Deadline = {
	dueAt: Date | null;
	/** The exercise's named time zone (days late are counted in it). */
	timeZone: string;
	policy: LatePolicy;
	/** True when an instructor granted this learner their own due date. */
	extended: boolean;
};

/**
 * The deadline of exercise `itemId` (with metadata `meta`) for learner `userId`: their extension's
 * due instant when they have one, else the exercise's `due` (DST-correct). `fallbackTimeZone`
 * counts days for an extension on an exercise without a due date of its own.
 */
export function deadlineFor(
	db: Db,
	userId: number,
	itemId: string,
	meta: Pick<ExerciseMeta, 'due' | 'latePolicy'>,
	fallbackTimeZone = 'UTC'
): Deadline {
	const ext = getExtension(db, userId, itemId);
	return {
		dueAt: ext?.dueAt ?? dueInstant(meta.due),
		timeZone: meta.due?.timeZone ?? fallbackTimeZone,
		policy: meta.latePolicy,
		extended: !!ext
	};
}

/** Submissions learner `userId` has made on exercise `itemId` (attempts used). */
export function countAttempts(db: Db, userId: number, itemId: string): number {
	return (
		db
			.select({ n: count() })
			.from(exerciseSubmissions)
			.where(and(eq(exerciseSubmissions.userId, userId), eq(exerciseSubmissions.itemId, itemId)))
			.get()?.n ?? 0
	);
}

/** The longest answer accepted on an exercise: its own limit, within the pipeline's. */
export function answerLimit(meta: Pick<ExerciseMeta, 'maxChars'>, pipelineMax: number): number {
	return Math.min(meta.maxChars, pipelineMax);
}

export type SubmitExerciseInput = {
	userId: number;
	itemId: string;
	/** Language the feedback is written in (the page's). */
	locale: FeedbackLocale;
	answer: string;
	/** From the form: a double click or a replayed request carries the same key. */
	idempotencyKey: string;
	/** FEEDBACK_MAX_ANSWER_CHARS. */
	pipelineMaxChars: number;
	fallbackTimeZone?: string;
	now?: Date;
};

export type SubmitExerciseResult =
	| { ok: true; submissionId: number; duplicate: boolean; attempt: number; lateness: Lateness }
	| { ok: false; reason: 'not_found' }
	| { ok: false; reason: 'empty' }
	| { ok: false; reason: 'too_long'; limit: number }
	| { ok: false; reason: 'attempt_limit'; limit: number }
	| { ok: false; reason: 'closed'; closesAt: Date | null };

/**
 * Submits an answer to a live exercise, in ONE immediate transaction:
 * 1. a replay of `idempotencyKey` returns the first submission (`duplicate: true`), whatever the
 *    rules now say — so the last attempt's double click is not refused as over the limit;
 * 2. the rules (line breaks counted as LF): not empty, at most {@link answerLimit} characters (code points), attempts used below
 *    the exercise's `attemptLimit`, not closed by the late policy (the learner's extension applies);
 * 3. `submitAnswer` stores the immutable answer and its feedback job (the pipeline), then the
 *    attempt number and lateness (`exercise_submissions`), and the draft becomes the submitted text.
 * Counting and writing under one write lock keeps two simultaneous submissions within the limit.
 */
export function submitExercise(db: Db, input: SubmitExerciseInput): SubmitExerciseResult {
	const now = input.now ?? new Date();
	const answer = normaliseNewlines(input.answer);
	return immediate(db, (tx): SubmitExerciseResult => {
		const replay = tx
			.select({ id: submissions.id, attempt: exerciseSubmissions.attempt })
			.from(submissions)
			.leftJoin(exerciseSubmissions, eq(exerciseSubmissions.submissionId, submissions.id))
			.where(
				and(
					eq(submissions.userId, input.userId),
					eq(submissions.idempotencyKey, input.idempotencyKey)
				)
			)
			.get();
		if (replay) {
			const meta = tx
				.select()
				.from(exerciseSubmissions)
				.where(eq(exerciseSubmissions.submissionId, replay.id))
				.get();
			return {
				ok: true,
				submissionId: replay.id,
				duplicate: true,
				attempt: replay.attempt ?? 0,
				lateness: {
					state: meta?.late ? 'late' : 'open',
					daysLate: meta?.daysLate ?? 0,
					penaltyPercent: meta?.penaltyPercent ?? 0,
					closesAt: null
				}
			};
		}

		// The live exercise's current rules, from its base-language row.
		const item = getItemWithMeta(tx, input.itemId, 'exercise', 'zh-CN');
		if (!item?.live) return { ok: false, reason: 'not_found' };
		const meta = item.metadata as ExerciseMeta;

		if (answer.trim() === '') return { ok: false, reason: 'empty' };
		const limit = answerLimit(meta, input.pipelineMaxChars);
		if (countCharacters(answer) > limit) return { ok: false, reason: 'too_long', limit };
		const used = countAttempts(tx, input.userId, input.itemId);
		if (used >= meta.attemptLimit) {
			return { ok: false, reason: 'attempt_limit', limit: meta.attemptLimit };
		}
		const d = deadlineFor(tx, input.userId, input.itemId, meta, input.fallbackTimeZone);
		const late = lateness(d.dueAt, d.timeZone, d.policy, now);
		if (late.state === 'closed') return { ok: false, reason: 'closed', closesAt: late.closesAt };

		const { submissionId } = submitAnswer(
			tx,
			{
				userId: input.userId,
				itemId: input.itemId,
				itemVersion: item.version,
				locale: input.locale,
				answer,
				idempotencyKey: input.idempotencyKey
			},
			limit
		);
		const attempt = used + 1;
		tx.insert(exerciseSubmissions)
			.values({
				submissionId,
				userId: input.userId,
				itemId: input.itemId,
				attempt,
				dueAt: d.dueAt,
				late: late.state === 'late',
				daysLate: late.daysLate,
				penaltyPercent: late.penaltyPercent
			})
			.run();
		saveDraft(tx, { userId: input.userId, itemId: input.itemId, body: answer, editedAt: now }, now);
		return { ok: true, submissionId, duplicate: false, attempt, lateness: late };
	});
}
