import { and, countDistinct, eq, gte, ne, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { feedbackJobs, llmCalls } from '../db/schema/feedback';
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
