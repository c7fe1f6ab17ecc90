import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { listModules } from '$lib/server/content/modules';
import { getReadingProgress, listBookmarks, listReadIds } from '$lib/server/content/reading';
import { closeExpiredAttempts, listMyQuizResults, quizClock } from '$lib/server/quiz';

/**
 * Visitors see the introduction; a signed-in learner also sees bookmarks, reading progress and
 * quiz results.
 */
export const load: PageServerLoad = ({ locals }) => {
	const user = locals.user;
	if (!user) return { learner: null, quizResults: null };
	const db = getDb();
	const locale = getLocale();
	const read = listReadIds(db, user.id, ['module']);
	closeExpiredAttempts(db, { userId: user.id }, quizClock());
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
		},
		quizResults: listMyQuizResults(db, user.id, locale)
	};
};
