import { and, asc, eq, gte, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { feedback, feedbackJobs, llmCalls, submissions } from '../db/schema/feedback';
import { startOfDayIn, todayIn } from '../time';
import { spendSince, startOfDay } from '../feedback/accounting';

/**
 * The usage dashboard's numbers (issue 10), read from what the feedback pipeline records:
 * `llm_calls` (one row per HTTP call: tokens, latency, outcome, estimated cost) and `feedback`
 * (source, offline reason, cache origin). Days are calendar days in the site's time zone.
 */

/** One day of provider calls. Tokens are the provider's counts; `cost` in LLM_PRICE_CURRENCY. */
export type UsageDay = {
	/** "YYYY-MM-DD" in the time zone asked for. */
	date: string;
	calls: number;
	errors: number;
	tokensIn: number;
	tokensOut: number;
	cost: number;
};

/** Provider calls made for one exercise's feedback (retries and repairs included). */
export type UsageExercise = {
	itemId: string;
	calls: number;
	tokensIn: number;
	tokensOut: number;
	cost: number;
};

export type UsageSummary = {
	/** Start of the first day shown. */
	from: Date;
	days: UsageDay[];
	/** Most expensive first. */
	exercises: UsageExercise[];
	totals: Omit<UsageDay, 'date'>;
	/** Latency of successful calls (outcome `ok`), nearest-rank percentiles, in ms; null without any. */
	latency: { p50: number | null; p95: number | null };
	/**
	 * Fractions 0–1, null when there is nothing to divide by:
	 * `error` — calls not `ok` (aborted at shutdown excluded) of all calls;
	 * `fallback` — feedback written by the offline check because the model could not answer
	 *   (breaker, provider error, quota, budget, invalid reply; not `no_provider`) of all feedback;
	 * `cacheHit` — model feedback copied from the cache of all model feedback.
	 */
	rates: { error: number | null; fallback: number | null; cacheHit: number | null };
	feedback: { total: number; model: number; cached: number; offline: number; fallback: number };
};

const BUCKET_MS = 15 * 60_000;

/** The last `days` calendar dates in `timeZone`, oldest first, ending today. */
export function lastDates(days: number, timeZone: string, now: Date): string[] {
	const today = todayIn(timeZone, now);
	const [y, m, d] = today.split('-').map(Number);
	const out: string[] = [];
	for (let i = days - 1; i >= 0; i--) {
		out.push(new Date(Date.UTC(y, m - 1, d - i)).toISOString().slice(0, 10));
	}
	return out;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/**
 * Usage over the last `days` calendar days (today included) in `timeZone` (IANA). A fixed number
 * of queries whatever the volume: calls are summed in 15-minute buckets by SQLite, then the buckets
 * are put into local days here (so zones with half-hour offsets and DST changes are right).
 */
export function getUsageSummary(
	db: Db,
	opts: { days: number; timeZone: string; now?: Date }
): UsageSummary {
	const now = opts.now ?? new Date();
	const dates = lastDates(opts.days, opts.timeZone, now);
	const from = startOfDayIn(dates[0], opts.timeZone);
	const since = gte(llmCalls.createdAt, from);
	const notAborted = ne(llmCalls.outcome, 'aborted');

	const buckets = db
		.select({
			bucket: sql<number>`(${llmCalls.createdAt} / ${BUCKET_MS}) * ${BUCKET_MS}`,
			calls: sql<number>`count(*)`,
			errors: sql<number>`coalesce(sum(${llmCalls.outcome} not in ('ok', 'aborted')), 0)`,
			tokensIn: sql<number>`coalesce(sum(${llmCalls.tokensIn}), 0)`,
			tokensOut: sql<number>`coalesce(sum(${llmCalls.tokensOut}), 0)`,
			cost: sql<number>`coalesce(sum(${llmCalls.cost}), 0)`
		})
		.from(llmCalls)
		.where(since)
		.groupBy(sql`1`)
		.all();
	const byDate = new Map<string, UsageDay>(
		dates.map((date) => [date, { date, calls: 0, errors: 0, tokensIn: 0, tokensOut: 0, cost: 0 }])
	);
	const totals = { calls: 0, errors: 0, tokensIn: 0, tokensOut: 0, cost: 0 };
	for (const b of buckets) {
		const day = byDate.get(todayIn(opts.timeZone, b.bucket));
		for (const target of day ? [day, totals] : [totals]) {
			target.calls += b.calls;
			target.errors += b.errors;
			target.tokensIn += b.tokensIn;
			target.tokensOut += b.tokensOut;
			target.cost += b.cost;
		}
	}

	const exercises = db
		.select({
			itemId: submissions.itemId,
			calls: sql<number>`count(*)`,
			tokensIn: sql<number>`coalesce(sum(${llmCalls.tokensIn}), 0)`,
			tokensOut: sql<number>`coalesce(sum(${llmCalls.tokensOut}), 0)`,
			cost: sql<number>`coalesce(sum(${llmCalls.cost}), 0)`
		})
		.from(llmCalls)
		.innerJoin(feedbackJobs, eq(feedbackJobs.id, llmCalls.jobId))
		.innerJoin(submissions, eq(submissions.id, feedbackJobs.submissionId))
		.where(since)
		.groupBy(submissions.itemId)
		.orderBy(sql`5 desc`, asc(submissions.itemId))
		.all();

	const okWhere = and(since, eq(llmCalls.outcome, 'ok'));
	const okCount =
		db
			.select({ n: sql<number>`count(*)` })
			.from(llmCalls)
			.where(okWhere)
			.get()?.n ?? 0;
	const percentile = (p: number): number | null => {
		if (okCount === 0) return null;
		const rank = Math.max(1, Math.ceil(p * okCount));
		return (
			db
				.select({ ms: llmCalls.latencyMs })
				.from(llmCalls)
				.where(okWhere)
				.orderBy(asc(llmCalls.latencyMs))
				.limit(1)
				.offset(rank - 1)
				.get()?.ms ?? null
		);
	};

	const fb = db
		.select({
			total: sql<number>`count(*)`,
			model: sql<number>`coalesce(sum(${feedback.source} = 'model'), 0)`,
			cached: sql<number>`coalesce(sum(${isNotNull(feedback.cachedFromId)}), 0)`,
			offline: sql<number>`coalesce(sum(${feedback.source} = 'offline'), 0)`,
			fallback: sql<number>`coalesce(sum(${feedback.source} = 'offline' and ${feedback.offlineReason} != 'no_provider'), 0)`
		})
		.from(feedback)
		.where(gte(feedback.createdAt, from))
		.get() ?? { total: 0, model: 0, cached: 0, offline: 0, fallback: 0 };
	const counted =
		db
			.select({ n: sql<number>`count(*)` })
			.from(llmCalls)
			.where(and(since, notAborted))
			.get()?.n ?? 0;

	return {
		from,
		days: [...byDate.values()],
		exercises,
		totals,
		latency: { p50: percentile(0.5), p95: percentile(0.95) },
		rates: {
			error: ratio(totals.errors, counted),
			fallback: ratio(fb.fallback, fb.total),
			cacheHit: ratio(fb.cached, fb.model)
		},
		feedback: fb
	};
}

/**
 * Today's spend against the global daily budget (admin setting `llmDailyBudget`, default
 * LLM_DAILY_BUDGET; in LLM_PRICE_CURRENCY): the same day and sum the feedback worker checks before
 * each call. `limit` null or undefined = no budget set;
 * `fraction` is spent ÷ limit (may pass 1 by the calls in flight when it was reached).
 */
export function getBudgetToday(
	db: Db,
	timeZone: string,
	limit: number | null | undefined,
	now = new Date()
): { spent: number; limit: number | null; fraction: number | null } {
	const spent = spendSince(db, startOfDay(now, timeZone));
	return {
		spent,
		limit: limit ?? null,
		fraction: limit === undefined || limit === null ? null : limit > 0 ? spent / limit : 1
	};
}
