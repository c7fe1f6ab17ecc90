import { and, count, countDistinct, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { feedbackJobs, llmCalls, type FeedbackRow } from '../db/schema/feedback';
import type { CallRecord } from './llm-client';
import { getConfig } from '../config';
import { observeLlmCall } from '../metrics';
import { startOfDayIn, todayIn } from '../time';

/**
 * Writes one provider call to the accounting table (model, tokens, latency, outcome, cost) and to
 * the LLM metrics of /metrics (cost labelled with the process config's LLM_PRICE_CURRENCY).
 */
export function recordCall(
	db: Db,
	call: CallRecord & {
		jobId: number | null;
		userId: number | null;
		purpose: 'feedback' | 'repair' | 'eval';
		model: string;
		promptVersion: string;
	}
): void {
	db.insert(llmCalls).values(call).run();
	observeLlmCall({ ...call, currency: getConfig().LLM_PRICE_CURRENCY });
}

/** Call outcomes where the provider gave no reply (refusals and cut or invalid replies are replies). */
const UNANSWERED = ['http_429', 'http_5xx', 'http_4xx', 'timeout', 'stalled', 'network'] as const;

/**
 * How many provider calls got no reply for a feedback row's job up to the moment the row was written: the
 * attempts behind an offline `provider_error` result (the first try plus LLM_RETRIES retries, as the
 * accounting table recorded them, so the number stays true when the setting changes later). 0 when
 * the row has no job or no failed call was recorded.
 */
export function countFailedCalls(
	db: Db,
	row: Pick<FeedbackRow, 'jobId' | 'createdAt'> & { userId: number }
): number {
	if (row.jobId === null) return 0;
	return (
		db
			.select({ n: count() })
			.from(llmCalls)
			.where(
				and(
					// The user's own calls first (llm_calls_user_created_idx), then the job's.
					eq(llmCalls.userId, row.userId),
					lte(llmCalls.createdAt, row.createdAt),
					eq(llmCalls.jobId, row.jobId),
					inArray(llmCalls.outcome, UNANSWERED)
				)
			)
			.get()?.n ?? 0
	);
}

/**
 * The instant the current day began in `timeZone` (IANA), correct across DST changes: the quota and
 * the budget are per calendar day there (DEFAULT_TIME_ZONE).
 */
export function startOfDay(now: Date, timeZone: string): Date {
	return startOfDayIn(todayIn(timeZone, now), timeZone);
}

/**
 * How many other feedback jobs of this learner used the AI since `since` (cache hits and the offline
 * check do not count; retries and repairs of one job count once; an instructor's batch regrade —
 * jobs with `bypassCache` — does not count either).
 */
export function aiJobsSince(db: Db, userId: number, since: Date, exceptJobId: number): number {
	const row = db
		.select({ n: countDistinct(llmCalls.jobId) })
		.from(llmCalls)
		.leftJoin(feedbackJobs, eq(feedbackJobs.id, llmCalls.jobId))
		.where(
			and(
				eq(llmCalls.userId, userId),
				sql`coalesce(${feedbackJobs.bypassCache}, 0) = 0`,
				gte(llmCalls.createdAt, since),
				ne(llmCalls.jobId, exceptJobId),
				ne(llmCalls.purpose, 'eval')
			)
		)
		.get();
	return row?.n ?? 0;
}

/** Estimated spend on provider calls since `since`, in LLM_PRICE_CURRENCY. */
export function spendSince(db: Db, since: Date): number {
	const row = db
		.select({ total: sql<number>`coalesce(sum(${llmCalls.cost}), 0)` })
		.from(llmCalls)
		.where(gte(llmCalls.createdAt, since))
		.get();
	return row?.total ?? 0;
}
