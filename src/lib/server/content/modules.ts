import type { Db } from '../db';
import type { Locale } from '../db/schema';
import { getItemPage, listItems, type ItemPage, type ItemSummary } from './items';
import type { ModuleMeta } from './kinds/module';

export type ModuleListEntry = Omit<ItemSummary, 'metadata'> & {
	number: number;
	lastReviewed: string;
	readingMinutes: number;
};
export type ModulePage = Omit<ItemPage, 'metadata'> & { meta: ModuleMeta };

/** The live module pages in `locale`, by number. */
export function listModules(db: Db, locale: Locale): ModuleListEntry[] {
	return listItems(db, 'module', locale).map(({ metadata, ...rest }) => {
		const meta = metadata as ModuleMeta;
		return {
			...rest,
			number: meta.number,
			lastReviewed: meta.lastReviewed,
			readingMinutes: meta.readingMinutes
		};
	});
}

/** A module page by slug ("interfaces-data-exchange"), or undefined. */
export function getModulePage(db: Db, slug: string, locale: Locale): ModulePage | undefined {
	const page = getItemPage(db, 'module', slug, locale);
	if (!page) return undefined;
	const { metadata, ...rest } = page;
	return { ...rest, meta: metadata as ModuleMeta };
}
