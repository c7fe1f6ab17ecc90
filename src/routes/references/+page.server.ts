import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { getBibliography } from '$lib/server/content/bibliography';
import { listModules } from '$lib/server/content/modules';

export const load: PageServerLoad = () => {
	const db = getDb();
	const locale = getLocale();
	const module11 = listModules(db, locale).find((mod) => mod.number === 11);
	return { rows: getBibliography(db, locale), module11: module11?.path ?? null };
};
