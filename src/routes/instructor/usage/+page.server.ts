import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { getConfig } from '$lib/server/config';
import { requireRole } from '$lib/server/auth/guard';
import { getSetting } from '$lib/server/settings';
import { getProviderStatus } from '$lib/server/feedback';
import { listExercises } from '$lib/server/exercises';
import { getBudgetToday, getUsageSummary } from '$lib/server/usage';

/** Periods offered, in days; 14 when `?days=` is missing or not one of them. */
const PERIODS = [7, 14, 30, 90] as const;

/**
 * Provider usage for instructors: calls, tokens and cost per day (site time zone) and per
 * exercise, latency percentiles, error / fallback / cache-hit rates, today's budget and the
 * circuit breaker.
 */
export const load: PageServerLoad = (event) => {
	requireRole(event, 'instructor');
	const db = getDb();
	const cfg = getConfig();
	const asked = Number(event.url.searchParams.get('days'));
	const days = (PERIODS as readonly number[]).includes(asked) ? asked : 14;
	const timeZone = getSetting(db, 'defaultTimeZone');
	const summary = getUsageSummary(db, { days, timeZone });
	const titles = new Map(listExercises(db, getLocale()).map((e) => [e.id, e.title]));
	return {
		days,
		periods: [...PERIODS],
		timeZone,
		currency: cfg.LLM_PRICE_CURRENCY,
		summary: {
			...summary,
			exercises: summary.exercises.map((e) => ({ ...e, title: titles.get(e.itemId) ?? e.itemId }))
		},
		budget: getBudgetToday(db, timeZone, getSetting(db, 'llmDailyBudget')),
		/** Null when no provider is configured: the offline check answers everything. */
		provider: getProviderStatus()
	};
};
