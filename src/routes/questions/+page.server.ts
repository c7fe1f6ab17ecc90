import { z } from 'zod';
import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { getDb } from '$lib/server/db';
import { getSetting } from '$lib/server/settings';
import { listModules } from '$lib/server/content/modules';
import {
	ANSWERED_FILTERS,
	THREAD_SORTS,
	describeTags,
	listThreads,
	normaliseTag,
	parseTag,
	splitTags
} from '$lib/server/forum';

const PAGE_SIZE = 20;

// Unknown values are ignored rather than refused: a stale link still lists threads.
const filtersSchema = z.object({
	sort: z.enum(THREAD_SORTS).catch('newest'),
	answered: z.enum(ANSWERED_FILTERS).optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});

export const load: PageServerLoad = ({ url, locals }) => {
	const db = getDb();
	const locale = getLocale();
	const user = locals.user;
	const filters = filtersSchema.parse({
		sort: url.searchParams.get('sort') ?? undefined,
		answered: url.searchParams.get('answered') || undefined,
		page: url.searchParams.get('page') ?? undefined
	});
	const tags = [
		...new Set([
			...url.searchParams.getAll('tag').map(normaliseTag),
			...splitTags(url.searchParams.get('tags') ?? '')
		])
	]
		.filter((t) => parseTag(t) !== null)
		.slice(0, 4);
	const { rows, total } = listThreads(db, user, {
		sort: filters.sort,
		tags,
		answered: filters.answered,
		page: filters.page,
		pageSize: PAGE_SIZE
	});
	const labels = describeTags(db, [...new Set([...tags, ...rows.flatMap((r) => r.tags)])], locale);
	const timeZone = user?.timeZone ?? getSetting(db, 'defaultTimeZone');
	const caseTag = tags.map((t) => labels.get(t)).find((l) => l?.type === 'case');
	const moduleTag = tags.find((t) => parseTag(t)?.type === 'module') ?? '';
	return {
		threads: rows.map((r) => ({
			...r,
			createdAt: formatDateTime(r.createdAt, locale, timeZone),
			lastActivityAt: formatDateTime(r.lastActivityAt, locale, timeZone)
		})),
		total,
		page: filters.page,
		pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
		labels: Object.fromEntries(labels),
		filters: {
			sort: filters.sort,
			answered: filters.answered ?? '',
			tags,
			moduleTag,
			otherTags: tags.filter((t) => t !== moduleTag).join(' ')
		},
		context: caseTag ?? null,
		modules: listModules(db, locale).map((m) => ({ number: m.number, title: m.title }))
	};
};
