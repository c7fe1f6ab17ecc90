import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { searchSite } from '$lib/server/search';
import { listFaqGroups } from '$lib/server/forum';

/** /faq: every entry grouped by module; `?q=` searches the FAQ only (Chinese and English). */
export const load: PageServerLoad = ({ url }) => {
	const db = getDb();
	const locale = getLocale();
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
	const result = q ? searchSite(db, q, { locale, kinds: ['faq'], limit: 50 }) : null;
	return {
		q,
		hits: result?.hits ?? [],
		total: result?.total ?? 0,
		groups: listFaqGroups(db, locale)
	};
};
