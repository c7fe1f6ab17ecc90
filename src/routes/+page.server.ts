import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { getDb } from '$lib/server/db';
import { getReadingProgress, listBookmarks } from '$lib/server/content/reading';
import { closeExpiredAttempts, listMyQuizResults, quizClock } from '$lib/server/quiz';
import { getLearnerHome } from '$lib/server/progress';

/**
 * Visitors see the introduction; a signed-in learner sees their progress per module (read, quiz
 * passed, lab done, exercise submitted or graded), what is due soon (dates in their time zone),
 * released grades, unread notifications, bookmarks, reading progress and quiz results.
 */
export const load: PageServerLoad = ({ locals }) => {
	const user = locals.user;
	if (!user) return { learner: null, quizResults: null, home: null };
	const db = getDb();
	const locale = getLocale();
	closeExpiredAttempts(db, { userId: user.id }, quizClock());
	const home = getLearnerHome(db, user.id, locale);
	const next = home.modules.find((mod) => !mod.read);
	const at = (d: Date) => formatDateTime(d, locale, user.timeZone);
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
		home: {
			modules: home.modules,
			dueSoon: home.dueSoon.map((d) => ({
				...d,
				dueAt: at(d.dueAt),
				dueIso: d.dueAt.toISOString()
			})),
			grades: home.grades.map((g) => ({ ...g, releasedAt: at(g.releasedAt) })),
			notifications: {
				unread: home.notifications.unread,
				latest: home.notifications.latest.map((n) => ({
					id: n.id,
					text: n.text,
					href: n.href,
					createdAt: at(n.createdAt)
				}))
			}
		},
		quizResults: listMyQuizResults(db, user.id, locale, home.quizStandings)
	};
};
