import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatCalendarDate } from '$lib/format';
import { getDb } from '$lib/server/db';
import { getItemPage } from '$lib/server/content/items';
import type { PageMeta } from '$lib/server/content/kinds/page';

export const load: PageServerLoad = () => {
	const locale = getLocale();
	const page = getItemPage(getDb(), 'page', 'architecture', locale);
	if (!page) error(404, m.error_not_found());
	const meta = page.metadata as PageMeta;
	return {
		title: page.title,
		summary: page.summary,
		html: page.html,
		meta,
		lastReviewed: formatCalendarDate(meta.lastReviewed, locale)
	};
};
