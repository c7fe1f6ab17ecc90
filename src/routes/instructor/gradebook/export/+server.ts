import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { requireRole } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { gradebookCsv } from '$lib/server/grading';

/** The cohort's gradebook as CSV (UTF-8 with BOM for Excel); see `gradebookCsv`. */
export const GET: RequestHandler = (event) => {
	const user = requireRole(event, 'instructor');
	const cohortId = Number(event.url.searchParams.get('cohort'));
	if (!Number.isSafeInteger(cohortId) || cohortId <= 0) error(404, m.error_not_found());
	const csv = gradebookCsv(getDb(), user, cohortId, getLocale(), {
		name: m.grading_csv_name(),
		email: m.grading_csv_email(),
		max: (title, max) => (max === null ? title : m.grading_csv_item({ title, max }))
	});
	if (csv === null) error(404, m.error_not_found());
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="gradebook-${cohortId}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
