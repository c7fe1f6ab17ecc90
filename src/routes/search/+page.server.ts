import { z } from 'zod';
import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { getConfig } from '$lib/server/config';
import { pageParam } from '$lib/server/paging';
import { searchSite } from '$lib/server/search';
import { listModules } from '$lib/server/content/modules';
import { ANSWERED_FILTERS, normaliseTag, parseTag } from '$lib/server/forum';

const PAGE_SIZE = 20;
/** Kinds the filter offers (search sources; see src/lib/server/search/README.md). */
const KINDS = ['module', 'case', 'quiz', 'page', 'faq', 'question'] as const;

// Unknown filter values are ignored rather than refused.
const filtersSchema = z.object({
	kind: z.enum(KINDS).optional().catch(undefined),
	tag: z
		.string()
		.transform(normaliseTag)
		.refine((t) => parseTag(t) !== null)
		.optional()
		.catch(undefined),
	answered: z.enum(ANSWERED_FILTERS).optional().catch(undefined)
});

export const load: PageServerLoad = ({ url }) => {
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
	const page = pageParam(url.searchParams);
	const f = filtersSchema.parse({
		kind: url.searchParams.get('kind') || undefined,
		tag: url.searchParams.get('tag') || undefined,
		answered: url.searchParams.get('answered') || undefined
	});
	const db = getDb();
	const locale = getLocale();
	const filters = { kind: f.kind ?? '', tag: f.tag ?? '', answered: f.answered ?? '' };
	const modules = listModules(db, locale).map((m) => ({ number: m.number, title: m.title }));
	if (!q)
		return {
			q,
			page,
			pages: 1,
			total: 0,
			rankLimit: null,
			hits: [],
			otherLocale: false,
			filters,
			kinds: KINDS,
			modules
		};
	// The answered filter only makes sense for Q&A threads.
	const kinds = f.answered ? ['question'] : f.kind ? [f.kind] : undefined;
	const tags = [...(f.tag ? [f.tag] : []), ...(f.answered ? [`state:${f.answered}`] : [])];
	const opts = { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, kinds, tags };
	let result = searchSite(db, q, { ...opts, locale });
	// Nothing in this language ("熔断" on the English site): show matches in the other one.
	let otherLocale = false;
	if (result.total === 0) {
		result = searchSite(db, q, opts);
		otherLocale = result.total > 0;
	}
	return {
		q,
		page,
		pages: Math.max(1, Math.ceil(result.ranked / PAGE_SIZE)),
		total: result.total,
		/** Q&A threads matched beyond the rank limit: only the most recent ones are listed. */
		rankLimit: result.ranked < result.total ? getConfig().SEARCH_RANK_LIMIT : null,
		hits: result.hits,
		otherLocale,
		filters,
		kinds: KINDS,
		modules
	};
};
