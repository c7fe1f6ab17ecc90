import { and, eq, isNotNull, lt, max, sql } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import {
	contentLocales,
	quizAttempts,
	quizSnapshots,
	type QuizAttempt,
	type QuizSnapshot
} from '../db/schema';
import type { QuizMeta } from '../content/kinds/quiz';
import { getItemWithMeta } from '../content/items';
import { validateAnswers, type RawAnswers } from './answers';
import { QuizError } from './errors';
import { getOwnAttempt, getQuizKey } from './records';
import { gradeAttempt, type Answers } from './scoring';
import { newSeed, shuffleOptions } from './shuffle';

/**
 * Attempts: start (or resume), save, submit, and closing attempts whose time is up. Every
 * read-then-write runs in one IMMEDIATE transaction, so two submits of one attempt grade it once
 * and two starts never make two open attempts or pass the attempt limit.
 * Times are passed in (`now`) so tests need no clock; `graceMs` is QUIZ_GRACE_MS.
 */

export type AttemptClock = { now?: Date; graceMs: number };

/** The live quiz item with its current settings (from its base-language metadata), or undefined. */
function getLiveQuiz(db: Db, quizId: string) {
	const item = getItemWithMeta(db, quizId, 'quiz', 'zh-CN');
	if (!item?.live) return undefined;
	const { id, version, contentHash, metadata } = item;
	return { id, version, contentHash, metadata, meta: metadata as unknown as QuizMeta };
}

/** The snapshot of the quiz's current content, written on first use (see quiz_snapshots). */
function ensureSnapshot(
	tx: Db,
	quiz: { id: string; version: number; contentHash: string }
): QuizSnapshot {
	const existing = tx
		.select()
		.from(quizSnapshots)
		.where(and(eq(quizSnapshots.quizId, quiz.id), eq(quizSnapshots.contentHash, quiz.contentHash)))
		.get();
	if (existing) return existing;
	const locales = tx
		.select({ locale: contentLocales.locale, metadata: contentLocales.metadata })
		.from(contentLocales)
		.where(eq(contentLocales.itemId, quiz.id))
		.all();
	return tx
		.insert(quizSnapshots)
		.values({
			quizId: quiz.id,
			version: quiz.version,
			contentHash: quiz.contentHash,
			questions: Object.fromEntries(locales.map((l) => [l.locale, l.metadata]))
		})
		.returning()
		.get();
}

/** True when the attempt has a deadline and `now` is past it plus the grace period. */
export function isPastGrace(
	attempt: Pick<QuizAttempt, 'deadline'>,
	now: Date,
	graceMs: number
): boolean {
	return !!attempt.deadline && now.getTime() > attempt.deadline.getTime() + graceMs;
}

/** Grades `answers` against the attempt's own version and closes it. Returns the updated row. */
function gradeAndClose(
	tx: Db,
	attempt: QuizAttempt,
	answers: Answers,
	closedBy: 'learner' | 'time',
	now: Date,
	lateAnswers: Answers | null = null
): QuizAttempt {
	const grade = gradeAttempt(getQuizKey(tx, attempt.quizId, attempt.version), answers);
	return tx
		.update(quizAttempts)
		.set({
			status: 'graded',
			answers,
			savedAt: closedBy === 'learner' ? now : attempt.savedAt,
			submittedAt: now,
			closedBy,
			lateAnswers,
			earnedN: grade.earned.n,
			earnedD: grade.earned.d,
			maxN: grade.max.n,
			maxD: grade.max.d,
			percent: grade.percent,
			passed: grade.passed,
			results: grade.questions
		})
		.where(and(eq(quizAttempts.id, attempt.id), eq(quizAttempts.status, 'open')))
		.returning()
		.get();
}

/**
 * Grades every open attempt whose deadline + grace has passed, with the answers saved so far
 * (never thrown away), optionally only `userId`'s and/or one quiz's. Called before pages read
 * attempts and at start-up, so results never depend on someone visiting at the right moment.
 * @returns the number of attempts closed.
 */
export function closeExpiredAttempts(
	db: Db,
	filter: { userId?: number; quizId?: string },
	clock: AttemptClock
): number {
	const now = clock.now ?? new Date();
	const cutoff = new Date(now.getTime() - clock.graceMs);
	const where = and(
		eq(quizAttempts.status, 'open'),
		isNotNull(quizAttempts.deadline),
		lt(quizAttempts.deadline, cutoff),
		filter.userId !== undefined ? eq(quizAttempts.userId, filter.userId) : undefined,
		filter.quizId !== undefined ? eq(quizAttempts.quizId, filter.quizId) : undefined
	);
	// Cheap check first, so reading a page does not take the write lock when nothing is due.
	if (!db.select({ id: quizAttempts.id }).from(quizAttempts).where(where).limit(1).get()) return 0;
	return immediate(db, (tx) => {
		const due = tx.select().from(quizAttempts).where(where).all();
		for (const a of due) gradeAndClose(tx, a, a.answers, 'time', now);
		return due.length;
	});
}

/**
 * Starts an attempt at a live quiz, or returns the learner's unfinished one (resume).
 * The attempt gets the quiz's current version and snapshot, a fresh seed and the option order made
 * from it, and a deadline when the quiz has a time limit.
 * @throws QuizError `quiz-not-found` (no live quiz with that id), `attempt-limit` (all attempts used;
 *   nothing recorded).
 */
export function startAttempt(
	db: Db,
	input: { userId: number; quizId: string },
	clock: AttemptClock
): { attempt: QuizAttempt; resumed: boolean } {
	const now = clock.now ?? new Date();
	closeExpiredAttempts(db, input, clock);
	return immediate(db, (tx) => {
		const quiz = getLiveQuiz(tx, input.quizId);
		if (!quiz) throw new QuizError('quiz-not-found');
		const mine = and(eq(quizAttempts.userId, input.userId), eq(quizAttempts.quizId, quiz.id));
		const open = tx
			.select()
			.from(quizAttempts)
			.where(and(mine, eq(quizAttempts.status, 'open')))
			.get();
		if (open) return { attempt: open, resumed: true };
		const used = tx
			.select({ n: max(quizAttempts.number) })
			.from(quizAttempts)
			.where(mine)
			.get()?.n;
		const limit = quiz.meta.attemptLimit;
		if (limit > 0 && (used ?? 0) >= limit) throw new QuizError('attempt-limit', { limit });
		const snapshot = ensureSnapshot(tx, quiz);
		const seed = newSeed();
		const minutes = quiz.meta.timeLimitMinutes;
		const attempt = tx
			.insert(quizAttempts)
			.values({
				userId: input.userId,
				quizId: quiz.id,
				version: quiz.version,
				snapshotId: snapshot.id,
				number: (used ?? 0) + 1,
				seed,
				optionOrder: shuffleOptions(seed, quiz.meta.questions),
				startedAt: now,
				deadline: minutes ? new Date(now.getTime() + minutes * 60_000) : null
			})
			.returning()
			.get();
		return { attempt, resumed: false };
	});
}

export type SaveResult =
	/** Answers stored; the attempt stays open. */
	| { outcome: 'saved'; attempt: QuizAttempt }
	/** The attempt was already graded; nothing changed. */
	| { outcome: 'already-graded'; attempt: QuizAttempt }
	/** Time (and grace) had run out: graded with the answers saved before; these were kept as late. */
	| { outcome: 'expired'; attempt: QuizAttempt };

function closeOrSave(
	db: Db,
	input: { userId: number; attemptId: number; answers: RawAnswers },
	clock: AttemptClock,
	write: (tx: Db, attempt: QuizAttempt, answers: Answers, now: Date) => QuizAttempt,
	outcome: 'saved' | 'graded'
) {
	const now = clock.now ?? new Date();
	return immediate(db, (tx) => {
		const attempt = getOwnAttempt(tx, input.userId, input.attemptId);
		if (attempt.status !== 'open') return { outcome: 'already-graded' as const, attempt };
		const answers = validateAnswers(getQuizKey(tx, attempt.quizId, attempt.version), input.answers);
		if (isPastGrace(attempt, now, clock.graceMs)) {
			const closed = gradeAndClose(tx, attempt, attempt.answers, 'time', now, answers);
			return { outcome: 'expired' as const, attempt: closed };
		}
		return { outcome, attempt: write(tx, attempt, answers, now) };
	});
}

/**
 * Stores the answers of an open attempt (autosave, the "save" button) without grading.
 * @throws QuizError `attempt-not-found` (missing or someone else's), `unknown-question`,
 *   `unknown-option`, `one-option-only` — nothing recorded.
 */
export function saveAnswers(
	db: Db,
	input: { userId: number; attemptId: number; answers: RawAnswers },
	clock: AttemptClock
): SaveResult {
	return closeOrSave(
		db,
		input,
		clock,
		(tx, attempt, answers, now) =>
			tx
				.update(quizAttempts)
				.set({ answers, savedAt: now })
				.where(eq(quizAttempts.id, attempt.id))
				.returning()
				.get(),
		'saved'
	) as SaveResult;
}

export type SubmitResult =
	| { outcome: 'graded'; attempt: QuizAttempt }
	/** A second submit (double click, resent form): graded once, the first time; nothing changed. */
	| { outcome: 'already-graded'; attempt: QuizAttempt }
	| { outcome: 'expired'; attempt: QuizAttempt };

/**
 * Submits an open attempt and grades it against the version it was given. Within the deadline +
 * grace the submitted answers count; after it, the answers saved before are graded and the late
 * ones are kept (never counted, never thrown away).
 * @throws QuizError `attempt-not-found`, `unknown-question`, `unknown-option`, `one-option-only`
 *   — nothing recorded.
 */
export function submitAttempt(
	db: Db,
	input: { userId: number; attemptId: number; answers: RawAnswers },
	clock: AttemptClock
): SubmitResult {
	return closeOrSave(
		db,
		input,
		clock,
		(tx, attempt, answers, now) => gradeAndClose(tx, attempt, answers, 'learner', now),
		'graded'
	) as SubmitResult;
}

/** Number of attempts (open and graded) of a learner at a quiz. */
export function countAttempts(db: Db, userId: number, quizId: string): number {
	return (
		db
			.select({ n: sql<number>`count(*)` })
			.from(quizAttempts)
			.where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.quizId, quizId)))
			.get()?.n ?? 0
	);
}
