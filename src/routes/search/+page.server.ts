import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { pageParam } from '$lib/server/paging';
import { searchSite } from '$lib/server/search';

const PAGE_SIZE = 20;

export const load: PageServerLoad = ({ url }) => {
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
	const page = pageParam(url.searchParams);
	if (!q) return { q, page, pages: 1, total: 0, hits: [], otherLocale: false };
	const db = getDb();
	const opts = { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
	let result = searchSite(db, q, { ...opts, locale: getLocale() });
	// Nothing in this language ("熔断" on the English site): show matches in the other one.
	let otherLocale = false;
	if (result.total === 0) {
		result = searchSite(db, q, opts);
		otherLocale = result.total > 0;
	}
	return {
		q,
		page,
		pages: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
		total: result.total,
		hits: result.hits,
		otherLocale
	};
};
