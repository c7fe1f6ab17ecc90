import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatCalendarDate } from '$lib/format';
import { getDb } from '$lib/server/db';
import { getModulePage, listModules } from '$lib/server/content/modules';
import { itemLinks, listTaggedItems, resolveItemRefs } from '$lib/server/content/items';
import { listFaq } from '$lib/server/forum';
import { listCasesByIndustry } from '$lib/server/content/cases';
import { getBibliography } from '$lib/server/content/bibliography';
import { getReadingState } from '$lib/server/content/reading';
import { readingActions } from '$lib/server/content/reading-actions';
import { renderedOnce } from '$lib/rendered-html';
import { MODULE_ARTICLE_ID } from './article';

export const load: PageServerLoad = ({ params, locals, isDataRequest }) => {
	const db = getDb();
	const locale = getLocale();
	const mod = getModulePage(db, params.slug, locale);
	if (!mod) error(404, m.error_not_found());
	const modules = listModules(db, locale);
	const index = modules.findIndex((x) => x.id === mod.id);
	const generated = mod.meta.table.generated;
	return {
		// The article is in the page's HTML already: not again in its hydration data.
		mod: { ...mod, html: renderedOnce({ isDataRequest }, MODULE_ARTICLE_ID, mod.html) },
		lastReviewed: formatCalendarDate(mod.meta.lastReviewed, locale),
		prev: modules[index - 1] ?? null,
		next: modules[index + 1] ?? null,
		// Links only: a quiz's metadata is its answer key.
		related: itemLinks(
			listTaggedItems(db, [`module:${mod.meta.number}`], locale, { excludeId: mod.id })
		),
		handsOnLinks: itemLinks(resolveItemRefs(db, mod.meta.handsOn?.links ?? [], locale)),
		casesByIndustry: generated === 'cases-by-industry' ? listCasesByIndustry(db, locale) : [],
		bibliography: generated === 'references' ? getBibliography(db, locale) : [],
		faq: generated === 'faq' ? listFaq(db, locale) : [],
		reading: locals.user ? getReadingState(db, locals.user.id, mod.id) : null
	};
};

export const actions: Actions = readingActions('module');
