import { and, asc, desc, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import { feedback, feedbackJobs, submissions } from '../db/schema/feedback';
import { regradeBatches, regradeItems, type RegradeBatch } from '../db/schema/regrade';
import { audit } from '../audit';
import { isArchived } from '../archive/state';

/** Thrown by {@link requestRegrade} when nothing can be regraded or a batch is already running. */
export class RegradeError extends Error {
	constructor(public readonly code: 'no_submissions' | 'already_running') {
		super(code);
		this.name = 'RegradeError';
	}
}

/**
 * The latest submission of every learner on exercise `itemId` (highest id per learner), oldest
 * first: what a batch regrade asks new AI feedback for.
 */
export function listLatestSubmissionIds(db: Db, itemId: string): number[] {
	return db
		.select({ id: max(submissions.id) })
		.from(submissions)
		.where(eq(submissions.itemId, itemId))
		.groupBy(submissions.userId)
		.all()
		.map((r) => r.id as number)
		.sort((a, b) => a - b);
}

/**
 * Creates a batch regrade of exercise `itemId`: the batch, one item per learner's latest
 * submission, and the audit record (`exercise.regrade_request`), in one transaction. No job is
 * queued here: the feeder ({@link feedRegrades}) queues them a few at a time.
 * @throws RegradeError('no_submissions') when nobody submitted; ('already_running') when a batch
 *   of this exercise is still running (cancel it first).
 */
export function requestRegrade(
	db: Db,
	actorId: number,
	itemId: string,
	reason: string | null = null
): RegradeBatch {
	return immediate(db, (tx) => {
		const running = tx
			.select({ id: regradeBatches.id })
			.from(regradeBatches)
			.where(and(eq(regradeBatches.itemId, itemId), eq(regradeBatches.state, 'running')))
			.get();
		if (running) throw new RegradeError('already_running');
		const ids = listLatestSubmissionIds(tx, itemId);
		if (ids.length === 0) throw new RegradeError('no_submissions');
		const batch = tx
			.insert(regradeBatches)
			.values({ itemId, requestedBy: actorId, total: ids.length })
			.returning()
			.get();
		for (let i = 0; i < ids.length; i += 400) {
			tx.insert(regradeItems)
				.values(ids.slice(i, i + 400).map((submissionId) => ({ batchId: batch.id, submissionId })))
				.run();
		}
		audit(tx, {
			actorId,
			action: 'exercise.regrade_request',
			targetType: 'exercise',
			targetId: itemId,
			before: null,
			after: { batchId: batch.id, submissions: ids.length },
			reason
		});
		return batch;
	});
}

/**
 * Cancels a running batch: items not yet queued, and queued jobs no worker has started (pending),
 * are dropped; jobs already running finish and keep their feedback. Audited
 * (`exercise.regrade_cancel`). @returns false when the batch is unknown or no longer running.
 */
export function cancelRegrade(db: Db, actorId: number, batchId: number): boolean {
	return immediate(db, (tx) => {
		const batch = tx.select().from(regradeBatches).where(eq(regradeBatches.id, batchId)).get();
		if (!batch || batch.state !== 'running') return false;
		const waiting = tx
			.select({ jobId: regradeItems.jobId })
			.from(regradeItems)
			.innerJoin(feedbackJobs, eq(feedbackJobs.id, regradeItems.jobId))
			.where(and(eq(regradeItems.batchId, batchId), eq(feedbackJobs.state, 'pending')))
			.all()
			.map((r) => r.jobId as number);
		for (let i = 0; i < waiting.length; i += 400) {
			const chunk = waiting.slice(i, i + 400);
			tx.update(regradeItems)
				.set({ cancelled: true, jobId: null })
				.where(and(eq(regradeItems.batchId, batchId), inArray(regradeItems.jobId, chunk)))
				.run();
			tx.delete(feedbackJobs)
				.where(and(inArray(feedbackJobs.id, chunk), eq(feedbackJobs.state, 'pending')))
				.run();
		}
		tx.update(regradeItems)
			.set({ cancelled: true })
			.where(and(eq(regradeItems.batchId, batchId), isNull(regradeItems.jobId)))
			.run();
		tx.update(regradeBatches)
			.set({ state: 'cancelled', endedAt: new Date(), cancelledBy: actorId })
			.where(eq(regradeBatches.id, batchId))
			.run();
		audit(tx, {
			actorId,
			action: 'exercise.regrade_cancel',
			targetType: 'exercise',
			targetId: batch.itemId,
			before: { batchId, state: 'running' },
			after: { batchId, state: 'cancelled', droppedJobs: waiting.length }
		});
		return true;
	});
}

/**
 * Where a batch stands, in items (submissions): `waiting` not yet queued; `queued` job pending;
 * `running`; `done` feedback written (`withAi` of them by the model, the rest by the offline
 * check); `failed` job gave up; `cancelled` dropped by a cancel.
 */
export type RegradeProgress = {
	total: number;
	waiting: number;
	queued: number;
	running: number;
	done: number;
	withAi: number;
	failed: number;
	cancelled: number;
};

export type RegradeBatchView = RegradeBatch & { progress: RegradeProgress };

const progressColumns = {
	total: sql<number>`count(*)`,
	waiting: sql<number>`coalesce(sum(${regradeItems.jobId} is null and ${regradeItems.cancelled} = 0), 0)`,
	queued: sql<number>`coalesce(sum(${feedbackJobs.state} = 'pending'), 0)`,
	running: sql<number>`coalesce(sum(${feedbackJobs.state} = 'running'), 0)`,
	done: sql<number>`coalesce(sum(${feedbackJobs.state} = 'done'), 0)`,
	withAi: sql<number>`coalesce(sum(exists (select 1 from ${feedback} f where f.submission_id = ${regradeItems.submissionId} and f.job_id = ${regradeItems.jobId} and f.source = 'model')), 0)`,
	failed: sql<number>`coalesce(sum(${feedbackJobs.state} = 'failed'), 0)`,
	cancelled: sql<number>`coalesce(sum(${regradeItems.cancelled}), 0)`
};

/** Progress of several batches in one query, by batch id. */
export function getRegradeProgress(db: Db, batchIds: number[]): Map<number, RegradeProgress> {
	if (batchIds.length === 0) return new Map();
	const rows = db
		.select({ batchId: regradeItems.batchId, ...progressColumns })
		.from(regradeItems)
		.leftJoin(feedbackJobs, eq(feedbackJobs.id, regradeItems.jobId))
		.where(inArray(regradeItems.batchId, batchIds))
		.groupBy(regradeItems.batchId)
		.all();
	return new Map(rows.map(({ batchId, ...p }) => [batchId, p]));
}

/** The newest batches (all exercises), newest first, with their progress (two queries). */
export function listRegradeBatches(db: Db, limit = 20): RegradeBatchView[] {
	const batches = db
		.select()
		.from(regradeBatches)
		.orderBy(desc(regradeBatches.id))
		.limit(limit)
		.all();
	const progress = getRegradeProgress(
		db,
		batches.map((b) => b.id)
	);
	const empty: RegradeProgress = {
		total: 0,
		waiting: 0,
		queued: 0,
		running: 0,
		done: 0,
		withAi: 0,
		failed: 0,
		cancelled: 0
	};
	return batches.map((b) => ({ ...b, progress: progress.get(b.id) ?? empty }));
}

/** Learners with a submission on each exercise (the size a batch regrade would have), by item id. */
export function countLatestSubmissions(db: Db): Map<string, number> {
	const rows = db
		.select({ itemId: submissions.itemId, n: sql<number>`count(distinct ${submissions.userId})` })
		.from(submissions)
		.groupBy(submissions.itemId)
		.all();
	return new Map(rows.map((r) => [r.itemId, r.n]));
}

/**
 * Feeds running batches into the feedback queue, in one transaction: keeps at most `window` of
 * their jobs open (pending or running) across all batches, so learners' own submissions are never
 * stuck behind a batch, and the provider's RPM/TPM limiter (LLM_RPM, LLM_TPM) paces the calls.
 * Queued jobs bypass the cache. A batch with every item settled becomes `done`. Idempotent and
 * stateless (everything is in the database), so it resumes after a restart. In archive mode it
 * queues nothing (the batches wait, still running): a regrade then could only give every learner
 * an offline "archived" check in place of their feedback.
 * @returns how many jobs were queued.
 */
export function feedRegrades(
	db: Db,
	window: number,
	enqueue: (tx: Db, submissionId: number) => number
): number {
	if (isArchived(db)) return 0;
	return immediate(db, (tx) => {
		const running = tx
			.select({ id: regradeBatches.id })
			.from(regradeBatches)
			.where(eq(regradeBatches.state, 'running'))
			.orderBy(asc(regradeBatches.id))
			.all();
		if (running.length === 0) return 0;
		const ids = running.map((b) => b.id);
		const open =
			tx
				.select({ n: sql<number>`count(*)` })
				.from(regradeItems)
				.innerJoin(feedbackJobs, eq(feedbackJobs.id, regradeItems.jobId))
				.where(
					and(
						inArray(regradeItems.batchId, ids),
						inArray(feedbackJobs.state, ['pending', 'running'])
					)
				)
				.get()?.n ?? 0;
		let free = Math.max(0, window - open);
		let queued = 0;
		for (const { id } of running) {
			if (free > 0) {
				const next = tx
					.select({ submissionId: regradeItems.submissionId })
					.from(regradeItems)
					.where(
						and(
							eq(regradeItems.batchId, id),
							isNull(regradeItems.jobId),
							eq(regradeItems.cancelled, false)
						)
					)
					.orderBy(asc(regradeItems.submissionId))
					.limit(free)
					.all();
				for (const { submissionId } of next) {
					const jobId = enqueue(tx, submissionId);
					tx.update(regradeItems)
						.set({ jobId })
						.where(and(eq(regradeItems.batchId, id), eq(regradeItems.submissionId, submissionId)))
						.run();
				}
				free -= next.length;
				queued += next.length;
			}
			const p = getRegradeProgress(tx, [id]).get(id);
			if (p && p.waiting === 0 && p.queued === 0 && p.running === 0) {
				tx.update(regradeBatches)
					.set({ state: 'done', endedAt: new Date() })
					.where(eq(regradeBatches.id, id))
					.run();
			}
		}
		return queued;
	});
}

/** Exercises (item ids) with a running batch. */
export function listRunningRegradeItems(db: Db): Set<string> {
	return new Set(
		db
			.select({ itemId: regradeBatches.itemId })
			.from(regradeBatches)
			.where(eq(regradeBatches.state, 'running'))
			.all()
			.map((r) => r.itemId)
	);
}
