import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatCalendarDate } from '$lib/format';
import { getDb } from '$lib/server/db';
import { getCasePage, listAllCases, relatedCases } from '$lib/server/content/cases';
import { listModules } from '$lib/server/content/modules';
import { listTaggedItems, resolveItemRefs, titleLinks } from '$lib/server/content/items';
import { getReadingState } from '$lib/server/content/reading';
import { readingActions } from '$lib/server/content/reading-actions';

export const load: PageServerLoad = ({ params, locals }) => {
	const db = getDb();
	const locale = getLocale();
	const c = getCasePage(db, params.slug, locale);
	if (!c) error(404, m.error_not_found());
	const modules = listModules(db, locale).filter((mod) => c.meta.modules.includes(mod.number));
	// Its exercise: the one named in the front matter, or any exercise tagged with this case.
	const named = c.meta.exercise ? resolveItemRefs(db, [`exercise:${c.meta.exercise}`], locale) : [];
	const tagged = listTaggedItems(db, [`case:${c.id}`], locale, { kinds: ['exercise'] });
	const exercises = [...named, ...tagged.filter((t) => !named.some((n) => n.id === t.id))];
	return {
		c,
		lastReviewed: formatCalendarDate(c.meta.lastReviewed, locale),
		modules: modules.map(({ id, number, title, path }) => ({ id, number, title, path })),
		// Links only (a quiz's metadata is its answer key), and only what the page shows.
		exercises: titleLinks(exercises),
		quizzes: titleLinks(
			listTaggedItems(
				db,
				c.meta.modules.map((n) => `module:${n}`),
				locale,
				{ kinds: ['quiz'] }
			)
		),
		related: titleLinks(relatedCases(listAllCases(db, locale), c)),
		reading: locals.user ? getReadingState(db, locals.user.id, c.id) : null
	};
};

export const actions: Actions = readingActions('case');
