import type { Db } from '../db';
import type { Locale } from '../db/schema';
import { getItemPage, listItems, type ItemPage, type ItemSummary } from './items';
import type { CaseMeta, Difficulty, Industry } from './kinds/case';
import { DIFFICULTIES, INDUSTRIES } from './kinds/case';

export type CaseListEntry = Omit<ItemSummary, 'metadata'> & { meta: CaseMeta };
export type CasePage = Omit<ItemPage, 'metadata'> & { meta: CaseMeta };
export type CaseFilters = { industry?: Industry; module?: number; difficulty?: Difficulty };

/** Every live case study in `locale`, by slug. */
export function listAllCases(db: Db, locale: Locale): CaseListEntry[] {
	return listItems(db, 'case', locale).map(({ metadata, ...rest }) => ({
		...rest,
		meta: metadata as CaseMeta
	}));
}

/**
 * Live case studies matching every given filter, and the filter values that occur in the whole
 * library (for the filter form: only offer what exists).
 */
export function listCases(
	db: Db,
	locale: Locale,
	filters: CaseFilters = {}
): {
	cases: CaseListEntry[];
	total: number;
	facets: { industries: Industry[]; modules: number[]; difficulties: Difficulty[] };
} {
	const all = listAllCases(db, locale);
	const cases = all.filter(
		(c) =>
			(!filters.industry || c.meta.industry === filters.industry) &&
			(!filters.module || c.meta.modules.includes(filters.module)) &&
			(!filters.difficulty || c.meta.difficulty === filters.difficulty)
	);
	const industries = new Set(all.map((c) => c.meta.industry));
	const difficulties = new Set(all.map((c) => c.meta.difficulty));
	return {
		cases,
		total: all.length,
		facets: {
			industries: INDUSTRIES.filter((i) => industries.has(i)),
			modules: [...new Set(all.flatMap((c) => c.meta.modules))].sort((a, b) => a - b),
			difficulties: DIFFICULTIES.filter((d) => difficulties.has(d))
		}
	};
}

/** A case study by slug, or undefined. */
export function getCasePage(db: Db, slug: string, locale: Locale): CasePage | undefined {
	const page = getItemPage(db, 'case', slug, locale);
	if (!page) return undefined;
	const { metadata, ...rest } = page;
	return { ...rest, meta: metadata as CaseMeta };
}

/**
 * Up to `limit` other cases most like `of`: 3 points for the same industry, 1 per shared module,
 * 2 per shared "teaches" tag; ties by slug. Cases with nothing in common are not listed.
 */
export function relatedCases(
	all: CaseListEntry[],
	of: { id: string; meta: CaseMeta },
	limit = 3
): CaseListEntry[] {
	const score = (c: CaseListEntry) =>
		(c.meta.industry === of.meta.industry ? 3 : 0) +
		c.meta.modules.filter((m) => of.meta.modules.includes(m)).length +
		2 * c.meta.teaches.filter((t) => of.meta.teaches.includes(t)).length;
	return all
		.filter((c) => c.id !== of.id)
		.map((c) => ({ c, s: score(c) }))
		.filter((x) => x.s > 0)
		.sort((a, b) => b.s - a.s || a.c.slug.localeCompare(b.c.slug))
		.slice(0, limit)
		.map((x) => x.c);
}

/** Module 9's table: live cases grouped by industry (industries in the schema's order). */
export function listCasesByIndustry(
	db: Db,
	locale: Locale
): Array<{ industry: Industry; cases: CaseListEntry[] }> {
	const all = listAllCases(db, locale);
	return INDUSTRIES.map((industry) => ({
		industry,
		cases: all.filter((c) => c.meta.industry === industry)
	})).filter((g) => g.cases.length > 0);
}
