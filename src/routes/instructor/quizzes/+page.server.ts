import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { countAttemptsByQuiz, listQuizInfos } from '$lib/server/quiz';

/** Every quiz with its attempt counts, leading to each quiz's attempts and item analysis. */
export const load: PageServerLoad = (event) => {
	requireRole(event, 'instructor');
	const db = getDb();
	const counts = countAttemptsByQuiz(db);
	return {
		quizzes: listQuizInfos(db, getLocale()).map((q) => ({
			id: q.id,
			slug: q.slug,
			title: q.title,
			module: q.module,
			...(counts.get(q.id) ?? { attempts: 0, graded: 0, learners: 0 })
		}))
	};
};
