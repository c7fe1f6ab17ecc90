import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { listModules } from '$lib/server/content/modules';
import { listReadIds } from '$lib/server/content/reading';

export const load: PageServerLoad = ({ locals }) => {
	const db = getDb();
	const modules = listModules(db, getLocale());
	const read = locals.user ? listReadIds(db, locals.user.id, ['module']) : new Set<string>();
	return { modules: modules.map((mod) => ({ ...mod, read: read.has(mod.id) })) };
};
