import { QUEUE_STATES, type QueueFilter, type QueueState } from '$lib/server/grading';

/** The queue filter from a URL's `cohort`, `exercise` and `state` (defaults: all cohorts, awaiting). */
export function queueFilter(params: URLSearchParams): Required<QueueFilter> {
	const cohort = Number(params.get('cohort'));
	const state = params.get('state') as QueueState;
	return {
		cohortId: Number.isSafeInteger(cohort) && cohort > 0 ? cohort : null,
		itemId: params.get('exercise')?.slice(0, 200) || null,
		state: QUEUE_STATES.includes(state) ? state : 'awaiting'
	};
}

/** The query string that carries a queue filter from page to page ("" for the defaults). */
export function filterQuery(f: Required<QueueFilter>): string {
	const q = new URLSearchParams();
	if (f.cohortId) q.set('cohort', String(f.cohortId));
	if (f.itemId) q.set('exercise', f.itemId);
	if (f.state !== 'awaiting') q.set('state', f.state);
	const s = q.toString();
	return s ? `?${s}` : '';
}
