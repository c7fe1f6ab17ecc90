import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { closeExpiredAttempts, getMyStandings, listQuizInfos, quizClock } from '$lib/server/quiz';

/** Every quiz; a signed-in learner also sees their counting score and unfinished attempts. */
export const load: PageServerLoad = ({ locals }) => {
	const db = getDb();
	const user = locals.user;
	const quizzes = listQuizInfos(db, getLocale());
	if (user) closeExpiredAttempts(db, { userId: user.id }, quizClock());
	const standings = user
		? getMyStandings(db, user.id, new Map(quizzes.map((q) => [q.id, q.grading])))
		: new Map();
	return {
		signedIn: !!user,
		quizzes: quizzes.map(({ descriptionHtml: _html, ...q }) => ({
			...q,
			mine: standings.get(q.id) ?? null
		}))
	};
};
