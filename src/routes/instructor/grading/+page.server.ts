import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { requireRole } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { pageParam } from '$lib/server/paging';
import { getCohortsForInstructor } from '$lib/server/cohorts';
import { listExercises } from '$lib/server/exercises';
import { listQueue, releaseGrades, QUEUE_STATES } from '$lib/server/grading';
import { filterQuery, queueFilter } from './filters';

const PAGE_SIZE = 25;

export const load: PageServerLoad = (event) => {
	const user = requireRole(event, 'instructor');
	const db = getDb();
	const locale = getLocale();
	const filter = queueFilter(event.url.searchParams);
	const page = pageParam(event.url.searchParams);
	const { rows, total, more } = listQueue(db, user, filter, {
		page,
		pageSize: PAGE_SIZE,
		locale
	});
	return {
		filter,
		query: filterQuery(filter),
		states: QUEUE_STATES,
		cohorts: getCohortsForInstructor(db, user).map((c) => ({ id: c.id, name: c.name })),
		exercises: listExercises(db, locale).map((e) => ({ id: e.id, title: e.title })),
		rows: rows.map((r) => ({
			...r,
			createdAt: formatDateTime(r.createdAt, locale, user.timeZone),
			releasedAt: r.releasedAt ? formatDateTime(r.releasedAt, locale, user.timeZone) : null
		})),
		total,
		/** More than `total` (the counting limit) are waiting: "1,000+". */
		more,
		page,
		// Past the counting limit the pager offers one page beyond the one shown.
		pages: more
			? Math.max(Math.ceil(total / PAGE_SIZE), page) + 1
			: Math.max(1, Math.ceil(total / PAGE_SIZE)),
		released: event.url.searchParams.get('released')
	};
};

const releaseSchema = z.object({
	id: z.preprocess(
		(v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
		z.array(z.coerce.number().int().positive()).max(500)
	)
});

export const actions: Actions = {
	/**
	 * Releases the checked drafts. The form posts to a URL that keeps the queue's filter and page
	 * (`actionUrl`), so a refusal re-renders the filtered queue and success returns to it.
	 */
	release: async (event) => {
		const user = requireRole(event, 'instructor');
		const p = parseForm(releaseSchema, await event.request.formData());
		if (!p.ok || p.data.id.length === 0) return fail(400, { message: m.grading_err_select_some() });
		const done = releaseGrades(getDb(), user, p.data.id);
		const back = new URLSearchParams(filterQuery(queueFilter(event.url.searchParams)));
		const page = pageParam(event.url.searchParams);
		if (page > 1) back.set('page', String(page));
		back.set('released', String(done.length));
		redirect(303, localizeHref(`/instructor/grading?${back}`));
	}
};
