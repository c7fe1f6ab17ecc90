import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { getCohortsForInstructor } from '$lib/server/cohorts/queries';
import {
	analyseItems,
	closeExpiredAttempts,
	getQuizInfo,
	listAnalysedVersions,
	listQuizAttempts,
	quizClock
} from '$lib/server/quiz';

const PAGE_SIZE = 50;

/**
 * A quiz's attempts and item analysis for staff, filtered by one of the cohorts they manage
 * (`?cohort=`) and by question version (`?version=`, default: the current one). The attempts
 * (named learners) are only those of learners the staff member grades; the item analysis is in
 * percent over every learner unless a cohort is chosen (like /instructor/labs).
 */
export const load: PageServerLoad = (event) => {
	const staff = requireRole(event, 'instructor');
	const db = getDb();
	const locale = getLocale();
	const quiz = getQuizInfo(db, event.params.slug, locale);
	if (!quiz) error(404, m.quiz_error_quiz_not_found());
	const q = event.url.searchParams;
	const cohorts = getCohortsForInstructor(db, staff).map((c) => ({ id: c.id, name: c.name }));
	const cohortParam = Number(q.get('cohort'));
	const cohortId = cohorts.some((c) => c.id === cohortParam) ? cohortParam : undefined;
	const filter = { quizId: quiz.id, cohortId };

	closeExpiredAttempts(db, { quizId: quiz.id }, quizClock());
	const versions = listAnalysedVersions(db, filter);
	const versionParam = Number(q.get('version'));
	const version = versions.some((v) => v.version === versionParam)
		? versionParam
		: versions.some((v) => v.version === quiz.version)
			? quiz.version
			: (versions[0]?.version ?? quiz.version);
	const page = Math.max(1, Number.parseInt(q.get('page') ?? '1', 10) || 1);
	const { rows, total } = listQuizAttempts(db, staff, filter, {
		limit: PAGE_SIZE,
		offset: (page - 1) * PAGE_SIZE
	});
	const when = (d: Date | null) => (d ? formatDateTime(d, locale, staff.timeZone) : null);
	return {
		quiz: {
			id: quiz.id,
			slug: quiz.slug,
			path: quiz.path,
			title: quiz.title,
			version: quiz.version
		},
		cohorts,
		filters: { cohort: cohortId ?? null, version },
		versions,
		analysis: analyseItems(db, filter, version, locale) ?? null,
		attempts: rows.map((r) => ({
			...r,
			startedAt: when(r.startedAt),
			submittedAt: when(r.submittedAt)
		})),
		total,
		page,
		pages: Math.max(1, Math.ceil(total / PAGE_SIZE))
	};
};
