import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { formatCalendarDate, formatDateTime } from '$lib/format';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { getSetting } from '$lib/server/settings';
import { listModules } from '$lib/server/content/modules';
import { getItemSummaries } from '$lib/server/content/items';
import { deleteFaqEntry, getFaqPage, isModerator } from '$lib/server/forum';
import { forumFailure } from '$lib/server/forum/http';

export const load: PageServerLoad = ({ params, locals }) => {
	const db = getDb();
	const locale = getLocale();
	const entry = getFaqPage(db, params.slug, locale);
	if (!entry) error(404, m.error_not_found());
	const mod = listModules(db, locale).find((x) => x.number === entry.module);
	const timeZone = locals.user?.timeZone ?? getSetting(db, 'defaultTimeZone');
	return {
		entry: {
			...entry,
			lastReviewed: entry.lastReviewed ? formatCalendarDate(entry.lastReviewed, locale) : null,
			updatedAt: entry.updatedAt ? formatDateTime(entry.updatedAt, locale, timeZone) : null
		},
		module: mod ? { number: mod.number, title: mod.title, path: mod.path } : null,
		cases: getItemSummaries(db, entry.cases, locale).map((c) => ({
			id: c.id,
			title: c.title,
			path: c.path
		})),
		canEdit: entry.promoted && isModerator(locals.user)
	};
};

export const actions: Actions = {
	delete: async (event) => {
		const user = requireRole(event, 'instructor');
		const id = Number(event.params.slug);
		try {
			deleteFaqEntry(getDb(), user, id);
		} catch (e) {
			return forumFailure(e);
		}
		redirect(303, localizeHref('/faq'));
	}
};
