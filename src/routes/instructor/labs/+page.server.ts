import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { requireRole } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { getCohortsForInstructor, listCohortMemberIds } from '$lib/server/cohorts/queries';
import { labStats, listLabs } from '$lib/server/labs';

/**
 * Every lab's results for staff — learners, passed, attempts, mean best score — and its most
 * common mistakes (hidden samples by label and hint, never the payload; capacity questions;
 * runbook criteria), optionally for one of the cohorts they manage (`?cohort=`).
 */
export const load: PageServerLoad = (event) => {
	const staff = requireRole(event, 'instructor');
	const db = getDb();
	const locale = getLocale();
	const cohorts = getCohortsForInstructor(db, staff).map((c) => ({ id: c.id, name: c.name }));
	const cohortParam = Number(event.url.searchParams.get('cohort'));
	const cohortId = cohorts.some((c) => c.id === cohortParam) ? cohortParam : null;
	const labs = listLabs(db, locale);
	const stats = labStats(
		db,
		labs.map((l) => l.id),
		cohortId ? listCohortMemberIds(db, cohortId) : undefined
	);
	return {
		cohorts,
		cohortId,
		labs: labs.map((l) => {
			const s = stats.get(l.id)!;
			const questions = new Map((l.meta.capacity?.questions ?? []).map((q) => [q.id, q.label]));
			const criteria = new Map((l.meta.runbook?.rubric ?? []).map((c) => [c.id, c.title]));
			return {
				id: l.id,
				title: l.title,
				path: l.path,
				type: l.meta.type,
				learners: s.learners,
				passed: s.passed,
				attempts: s.attempts,
				meanBest: s.meanBest === null ? null : Math.round(s.meanBest * 100),
				mistakes: s.mistakes
					.filter((x) => x.wrong > 0)
					.slice(0, 5)
					.map((x) => ({
						key: `${x.step}/${x.id}`,
						id: x.id,
						step: x.step,
						valid: x.valid,
						name:
							x.step === 'capacity'
								? (questions.get(x.id) ?? x.id)
								: x.step === 'runbook'
									? (criteria.get(x.id) ?? x.id)
									: x.id,
						hint: x.hint ? x.hint[locale] : null,
						wrong: x.wrong,
						judged: x.judged
					}))
			};
		})
	};
};
