import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { listModules } from '$lib/server/content/modules';
import { getReadingProgress, listBookmarks, listReadIds } from '$lib/server/content/reading';

/** Visitors see the introduction; a signed-in learner also sees bookmarks and reading progress. */
export const load: PageServerLoad = ({ locals }) => {
	const user = locals.user;
	if (!user) return { learner: null };
	const db = getDb();
	const locale = getLocale();
	const read = listReadIds(db, user.id, ['module']);
	const next = listModules(db, locale).find((mod) => !read.has(mod.id));
	return {
		learner: {
			bookmarks: listBookmarks(db, user.id, locale).map(({ id, kind, path, title }) => ({
				id,
				kind,
				path,
				title
			})),
			progress: getReadingProgress(db, user.id, ['module', 'case']),
			nextModule: next ? { number: next.number, title: next.title, path: next.path } : null
		}
	};
};
