import { randomUUID } from 'node:crypto';
import { and, asc, eq, lt, lte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getConfig } from '../config';
import { immediate, type Db } from '../db';
import {
	feedbackJobs,
	submissions,
	type FeedbackJob,
	type Submission
} from '../db/schema/feedback';
import { FEEDBACK_LOCALES } from './rubric';
import { emitProgress } from './events';
import type { QueueStats } from '../metrics';

export const submitAnswerSchema = z.object({
	userId: z.number().int().positive(),
	itemId: z.string().min(1).max(200),
	itemVersion: z.number().int().min(1),
	locale: z.enum(FEEDBACK_LOCALES),
	answer: z.string(),
	idempotencyKey: z.string().min(8).max(200)
});
export type SubmitAnswerInput = z.infer<typeof submitAnswerSchema>;

/** Thrown by {@link submitAnswer} when the answer is longer than FEEDBACK_MAX_ANSWER_CHARS. */
export class AnswerTooLongError extends Error {
	constructor(public readonly limit: number) {
		super(`answer longer than ${limit} characters`);
		this.name = 'AnswerTooLongError';
	}
}

/**
 * Stores an answer and its feedback job in ONE transaction, before any network call. A replay with
 * the same `(userId, idempotencyKey)` (double click, resent form) stores nothing and returns the
 * first submission with `duplicate: true`, whatever its answer. Attempt limits and due dates are
 * the exercise's rules, checked by the caller before this.
 * @param maxChars longest answer accepted (FEEDBACK_MAX_ANSWER_CHARS), counted in code points.
 * @throws ZodError on a malformed input; AnswerTooLongError; SQLite errors (e.g. unknown user).
 */
export function submitAnswer(
	db: Db,
	input: SubmitAnswerInput,
	maxChars = getConfig().FEEDBACK_MAX_ANSWER_CHARS
): { submissionId: number; jobId: number; duplicate: boolean } {
	const data = submitAnswerSchema.parse(input);
	if ([...data.answer].length > maxChars) throw new AnswerTooLongError(maxChars);
	const result = immediate(db, (tx) => {
		const existing = tx
			.select({ id: submissions.id })
			.from(submissions)
			.where(
				and(
					eq(submissions.userId, data.userId),
					eq(submissions.idempotencyKey, data.idempotencyKey)
				)
			)
			.get();
		if (existing) {
			const job = tx
				.select({ id: feedbackJobs.id })
				.from(feedbackJobs)
				.where(eq(feedbackJobs.submissionId, existing.id))
				.orderBy(asc(feedbackJobs.id))
				.get();
			return { submissionId: existing.id, jobId: job?.id ?? 0, duplicate: true };
		}
		const sub = tx.insert(submissions).values(data).returning({ id: submissions.id }).get();
		const job = tx
			.insert(feedbackJobs)
			.values({ submissionId: sub.id, nextRunAt: new Date() })
			.returning({ id: feedbackJobs.id })
			.get();
		return { submissionId: sub.id, jobId: job.id, duplicate: false };
	});
	if (!result.duplicate) {
		emitProgress({ submissionId: result.submissionId, jobId: result.jobId, stage: 'queued' });
	}
	return result;
}

/**
 * Queues a new feedback job for an existing submission (instructor regrade), bypassing the cache
 * when asked. The submission itself is never changed.
 */
export function enqueueFeedback(
	db: Db,
	submissionId: number,
	opts: { bypassCache?: boolean } = {}
): number {
	const job = db
		.insert(feedbackJobs)
		.values({ submissionId, bypassCache: opts.bypassCache ?? false, nextRunAt: new Date() })
		.returning({ id: feedbackJobs.id })
		.get();
	emitProgress({ submissionId, jobId: job.id, stage: 'queued' });
	return job.id;
}

/** A job claimed by a worker: its row, the submission, and the token that proves the lease. */
export type ClaimedJob = { job: FeedbackJob; submission: Submission; token: string };

/**
 * Claims the next due job in a `BEGIN IMMEDIATE` transaction: a pending job whose `nextRunAt` has
 * come, or a running job whose lease expired (its worker died). Sets it running with a lease of
 * `leaseMs` and a fresh token, and counts the attempt. Returns null when nothing is due.
 */
export function claimJob(db: Db, leaseMs: number, now = new Date()): ClaimedJob | null {
	return immediate(db, (tx) => {
		const job = tx
			.select()
			.from(feedbackJobs)
			.where(
				or(
					and(eq(feedbackJobs.state, 'pending'), lte(feedbackJobs.nextRunAt, now)),
					and(eq(feedbackJobs.state, 'running'), lt(feedbackJobs.lockedUntil, now))
				)
			)
			.orderBy(asc(feedbackJobs.nextRunAt), asc(feedbackJobs.id))
			.limit(1)
			.get();
		if (!job) return null;
		const token = randomUUID();
		const claimed = tx
			.update(feedbackJobs)
			.set({
				state: 'running',
				attempts: job.attempts + 1,
				lockedUntil: new Date(now.getTime() + leaseMs),
				lockToken: token,
				updatedAt: now
			})
			.where(eq(feedbackJobs.id, job.id))
			.returning()
			.get();
		const submission = tx
			.select()
			.from(submissions)
			.where(eq(submissions.id, job.submissionId))
			.get() as Submission;
		return { job: claimed, submission, token };
	});
}

/** Extends a held lease; false when the lease was lost (expired and claimed by another worker). */
export function renewLease(db: Db, jobId: number, token: string, leaseMs: number): boolean {
	const r = db
		.update(feedbackJobs)
		.set({ lockedUntil: new Date(Date.now() + leaseMs) })
		.where(
			and(
				eq(feedbackJobs.id, jobId),
				eq(feedbackJobs.lockToken, token),
				eq(feedbackJobs.state, 'running')
			)
		)
		.run();
	return r.changes === 1;
}

/**
 * Moves a held job to its next state (in the caller's transaction, after checking the lease):
 * `done`/`failed` end it; `pending` reschedules it at `nextRunAt`. Clears the lease.
 * @returns false when the lease is no longer held (nothing changed).
 */
export function settleJob(
	tx: Db,
	jobId: number,
	token: string,
	next: { state: 'done' | 'failed' | 'pending'; reason?: string | null; nextRunAt?: Date }
): boolean {
	const now = new Date();
	const r = tx
		.update(feedbackJobs)
		.set({
			state: next.state,
			reason: next.reason ?? null,
			nextRunAt: next.nextRunAt ?? now,
			lockedUntil: null,
			lockToken: null,
			updatedAt: now
		})
		.where(
			and(
				eq(feedbackJobs.id, jobId),
				eq(feedbackJobs.lockToken, token),
				eq(feedbackJobs.state, 'running')
			)
		)
		.run();
	return r.changes === 1;
}

/** True when this claim still holds the job's lease (checked inside a write transaction). */
export function holdsLease(tx: Db, jobId: number, token: string): boolean {
	const row = tx
		.select({ id: feedbackJobs.id })
		.from(feedbackJobs)
		.where(
			and(
				eq(feedbackJobs.id, jobId),
				eq(feedbackJobs.lockToken, token),
				eq(feedbackJobs.state, 'running')
			)
		)
		.get();
	return row !== undefined;
}

/** Jobs waiting or in progress (pending, or running with any lease), e.g. for the start-up log. */
export function countOpenJobs(db: Db): number {
	const row = db
		.select({ n: sql<number>`count(*)` })
		.from(feedbackJobs)
		.where(or(eq(feedbackJobs.state, 'pending'), eq(feedbackJobs.state, 'running')))
		.get();
	return row?.n ?? 0;
}

/**
 * The feedback queue for /metrics (registered at start-up with `registerQueue`): pending and running
 * jobs, and since when the longest-waiting due job has been due (its creation, or the time its retry
 * was scheduled for). Pending jobs not yet due (an AI retry later) count as pending but not as waiting.
 */
export function feedbackQueueStats(db: Db, now = new Date()): QueueStats {
	const row = db
		.select({
			pending: sql<number>`coalesce(sum(${feedbackJobs.state} = 'pending'), 0)`,
			running: sql<number>`coalesce(sum(${feedbackJobs.state} = 'running'), 0)`,
			oldestDue: sql<
				number | null
			>`min(case when ${feedbackJobs.state} = 'pending' and ${feedbackJobs.nextRunAt} <= ${now.getTime()} then ${feedbackJobs.nextRunAt} end)`
		})
		.from(feedbackJobs)
		.where(or(eq(feedbackJobs.state, 'pending'), eq(feedbackJobs.state, 'running')))
		.get();
	return {
		pending: row?.pending ?? 0,
		running: row?.running ?? 0,
		oldestPendingAt: row?.oldestDue == null ? null : new Date(row.oldestDue)
	};
}
