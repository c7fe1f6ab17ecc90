import { createHash } from 'node:crypto';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import {
	feedback,
	feedbackCriteria,
	feedbackJobs,
	submissions,
	type FeedbackJob,
	type FeedbackRow
} from '../db/schema/feedback';
import { normaliseAnswer } from './normalize';
import type { CriterionFeedback, FeedbackResult } from './result';
import type { FeedbackLocale } from './rubric';

/**
 * Cache key of a model feedback: SHA-256 over (model, prompt version, rubric hash, feedback locale,
 * normalised answer). The locale is part of it because feedback is written in the learner's language.
 */
export function cacheKey(parts: {
	model: string;
	promptVersion: string;
	rubricHash: string;
	locale: FeedbackLocale;
	answer: string;
}): string {
	return createHash('sha256')
		.update(
			JSON.stringify([
				parts.model,
				parts.promptVersion,
				parts.rubricHash,
				parts.locale,
				normaliseAnswer(parts.answer)
			])
		)
		.digest('hex');
}

/**
 * Inserts a feedback row and its criteria (in the caller's transaction). Returns the new row id.
 */
export function insertFeedback(
	tx: Db,
	submissionId: number,
	jobId: number | null,
	result: FeedbackResult,
	extra: { cacheKey?: string | null; cachedFromId?: number | null } = {}
): number {
	const row = tx
		.insert(feedback)
		.values({
			submissionId,
			jobId,
			source: result.source,
			offlineReason: result.offlineReason,
			model: result.model,
			promptVersion: result.promptVersion,
			rubricVersion: result.rubricVersion,
			rubricHash: result.rubricHash,
			locale: result.locale,
			totalPoints: result.totalPoints,
			maxPoints: result.maxPoints,
			summary: result.summary,
			cacheKey: extra.cacheKey ?? null,
			cachedFromId: extra.cachedFromId ?? null
		})
		.returning({ id: feedback.id })
		.get();
	result.criteria.forEach((c, position) => {
		tx.insert(feedbackCriteria)
			.values({ feedbackId: row.id, position, ...c })
			.run();
	});
	return row.id;
}

/** A stored feedback with its criteria in rubric order. */
export type StoredFeedback = FeedbackRow & { criteria: CriterionFeedback[] };

function withCriteria(db: Db, row: FeedbackRow): StoredFeedback {
	const criteria = db
		.select()
		.from(feedbackCriteria)
		.where(eq(feedbackCriteria.feedbackId, row.id))
		.orderBy(asc(feedbackCriteria.position))
		.all()
		.map((c) => ({
			criterionId: c.criterionId,
			level: c.level,
			points: c.points,
			maxPoints: c.maxPoints,
			evidence: c.evidence,
			missing: c.missing,
			covered: c.covered,
			suggestion: c.suggestion,
			verified: c.verified
		}));
	return { ...row, criteria };
}

/** The newest model feedback stored under `key` (the cache), or null. */
export function findCachedFeedback(db: Db, key: string): StoredFeedback | null {
	const row = db
		.select()
		.from(feedback)
		.where(and(eq(feedback.cacheKey, key), eq(feedback.source, 'model')))
		.orderBy(desc(feedback.id))
		.limit(1)
		.get();
	return row ? withCriteria(db, row) : null;
}

/** Every feedback row of a submission, oldest first. */
export function listFeedback(db: Db, submissionId: number): StoredFeedback[] {
	return db
		.select()
		.from(feedback)
		.where(eq(feedback.submissionId, submissionId))
		.orderBy(asc(feedback.id))
		.all()
		.map((r) => withCriteria(db, r));
}

/** True when the submission already has any feedback row. */
export function hasFeedback(db: Db, submissionId: number): boolean {
	return (
		db
			.select({ id: feedback.id })
			.from(feedback)
			.where(eq(feedback.submissionId, submissionId))
			.get() !== undefined
	);
}

/** What a submission's page shows. */
export type FeedbackView = {
	submission: {
		id: number;
		userId: number;
		itemId: string;
		itemVersion: number;
		locale: FeedbackLocale;
		answer: string;
		createdAt: Date;
	};
	/** The newest job (a regrade adds one). */
	job: Pick<FeedbackJob, 'id' | 'state' | 'attempts' | 'reason' | 'nextRunAt' | 'updatedAt'> | null;
	/** The feedback to show: the newest model feedback, else the newest offline check; null while none. */
	feedback: StoredFeedback | null;
	/** True while an offline result is shown and the AI will be tried again. */
	aiRetryPending: boolean;
};

/**
 * Everything a submission page needs (no access check: the caller checks that the viewer owns the
 * submission or teaches it). Null when the submission does not exist.
 */
export function getFeedback(db: Db, submissionId: number): FeedbackView | null {
	const sub = db.select().from(submissions).where(eq(submissions.id, submissionId)).get();
	if (!sub) return null;
	const job =
		db
			.select({
				id: feedbackJobs.id,
				state: feedbackJobs.state,
				attempts: feedbackJobs.attempts,
				reason: feedbackJobs.reason,
				nextRunAt: feedbackJobs.nextRunAt,
				updatedAt: feedbackJobs.updatedAt
			})
			.from(feedbackJobs)
			.where(eq(feedbackJobs.submissionId, submissionId))
			.orderBy(desc(feedbackJobs.id))
			.limit(1)
			.get() ?? null;
	const rows = db
		.select()
		.from(feedback)
		.where(eq(feedback.submissionId, submissionId))
		.orderBy(desc(feedback.id))
		.all();
	const best = rows.find((r) => r.source === 'model') ?? rows[0];
	const shown = best ? withCriteria(db, best) : null;
	return {
		submission: {
			id: sub.id,
			userId: sub.userId,
			itemId: sub.itemId,
			itemVersion: sub.itemVersion,
			locale: sub.locale,
			answer: sub.answer,
			createdAt: sub.createdAt
		},
		job,
		feedback: shown,
		aiRetryPending:
			shown?.source === 'offline' && (job?.state === 'pending' || job?.state === 'running')
	};
}
