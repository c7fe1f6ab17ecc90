import { z } from 'zod';
import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { listCases } from '$lib/server/content/cases';
import { CASE_MODULES, DIFFICULTIES, INDUSTRIES } from '$lib/server/content/kinds/case';
import { listReadIds } from '$lib/server/content/reading';

// Unknown filter values are ignored rather than refused: a stale link still shows cases.
const filtersSchema = z.object({
	industry: z.enum(INDUSTRIES).optional().catch(undefined),
	module: z.coerce
		.number()
		.int()
		.refine((n) => (CASE_MODULES as readonly number[]).includes(n))
		.optional()
		.catch(undefined),
	difficulty: z.enum(DIFFICULTIES).optional().catch(undefined)
});

export const load: PageServerLoad = ({ url, locals }) => {
	const db = getDb();
	const filters = filtersSchema.parse({
		industry: url.searchParams.get('industry') || undefined,
		module: url.searchParams.get('module') || undefined,
		difficulty: url.searchParams.get('difficulty') || undefined
	});
	const result = listCases(db, getLocale(), filters);
	const read = locals.user ? listReadIds(db, locals.user.id, ['case']) : new Set<string>();
	return {
		...result,
		cases: result.cases.map((c) => ({ ...c, read: read.has(c.id) })),
		filters: {
			industry: filters.industry ?? '',
			module: filters.module ? String(filters.module) : '',
			difficulty: filters.difficulty ?? ''
		}
	};
};
