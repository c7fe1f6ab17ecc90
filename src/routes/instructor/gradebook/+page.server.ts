import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { requireRole } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { pageParam } from '$lib/server/paging';
import { getCohortsForInstructor } from '$lib/server/cohorts';
import { resolveExerciseRubric } from '$lib/server/exercises';
import { getExerciseById } from '$lib/server/exercises';
import { criterionStats, listGradebook, scoreDistribution } from '$lib/server/grading';

const PAGE_SIZE = 50;

export const load: PageServerLoad = (event) => {
	const user = requireRole(event, 'instructor');
	const db = getDb();
	const locale = getLocale();
	const params = event.url.searchParams;
	const cohorts = getCohortsForInstructor(db, user).map((c) => ({ id: c.id, name: c.name }));
	const cohortId = Number(params.get('cohort')) || cohorts[0]?.id;
	if (!cohortId) return { cohorts, cohortId: null, book: null };
	const search = params.get('q')?.slice(0, 100) ?? '';
	const sort = params.get('sort') ?? 'name';
	const dir = params.get('dir') === 'desc' ? ('desc' as const) : ('asc' as const);
	const page = pageParam(params);
	const book = listGradebook(db, user, cohortId, {
		search,
		sort,
		dir,
		page,
		pageSize: PAGE_SIZE,
		locale
	});
	if (!book) error(404, m.error_not_found());
	const chartKey = params.get('item') ?? book.columns[0]?.key;
	const column = book.columns.find((c) => c.key === chartKey) ?? book.columns[0];
	const distribution = column ? scoreDistribution(db, user, cohortId, column) : null;
	let criteria = null;
	if (column?.kind === 'exercise') {
		const exercise = getExerciseById(db, column.itemId, locale);
		const rubric = exercise ? resolveExerciseRubric(db, column.itemId, exercise.version) : null;
		criteria = (criterionStats(db, user, cohortId, column.itemId) ?? []).map((s) => ({
			...s,
			title: rubric?.criteria.find((c) => c.id === s.criterionId)?.title[locale] ?? s.criterionId
		}));
	}
	return {
		cohorts,
		cohortId,
		search,
		sort,
		dir,
		page,
		pages: Math.max(1, Math.ceil(book.total / PAGE_SIZE)),
		book: {
			total: book.total,
			columns: book.columns.map(({ points: _points, ...c }) => c),
			rows: book.rows
		},
		chart: column ? { key: column.key, title: column.title, kind: column.kind } : null,
		distribution,
		criteria
	};
};
