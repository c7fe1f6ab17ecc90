import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { getDb } from '$lib/server/db';
import { hasRole, requireUser } from '$lib/server/auth/guard';
import { consumeQuizAction, rateLimited } from '$lib/server/quiz/rate-limit';
import { resolveItemRefs } from '$lib/server/content/items';
import {
	closeExpiredAttempts,
	getMyQuizHistory,
	getQuizInfo,
	QuizError,
	quizClock,
	startAttempt
} from '$lib/server/quiz';

/** The quiz's description, settings and scoring rule; a learner's history and start/resume. */
export const load: PageServerLoad = ({ params, locals }) => {
	const db = getDb();
	const locale = getLocale();
	const quiz = getQuizInfo(db, params.slug, locale);
	if (!quiz) error(404, m.quiz_error_quiz_not_found());
	const user = locals.user;
	const moduleId = `module-${String(quiz.module).padStart(2, '0')}`;
	const moduleLink = resolveItemRefs(db, [`module:${moduleId}`], locale)[0];
	let mine = null;
	if (user) {
		closeExpiredAttempts(db, { userId: user.id, quizId: quiz.id }, quizClock());
		const history = getMyQuizHistory(db, user.id, quiz.id, quiz.grading);
		const used = history.attempts.length;
		mine = {
			openAttemptId: history.openAttemptId,
			countingId: history.countingId,
			attemptsUsed: used,
			canStart: !history.openAttemptId && (quiz.attemptLimit === 0 || used < quiz.attemptLimit),
			attempts: history.attempts.map((a) => ({
				id: a.id,
				number: a.number,
				status: a.status,
				closedBy: a.closedBy,
				startedAt: formatDateTime(a.startedAt, locale, user.timeZone),
				submittedAt: a.submittedAt ? formatDateTime(a.submittedAt, locale, user.timeZone) : null,
				score: a.score
			}))
		};
	}
	return {
		quiz,
		moduleLink: moduleLink ? { path: moduleLink.path, title: moduleLink.title } : null,
		mine,
		isStaff: !!user && hasRole(user.role, 'instructor')
	};
};

export const actions: Actions = {
	/** Starts an attempt (or resumes the open one) and opens it. */
	start: async (event) => {
		const user = requireUser(event);
		const limited = await consumeQuizAction(user.id);
		if (!limited.ok) return fail(429, { message: rateLimited(limited.retryAfterMs) });
		const db = getDb();
		const quiz = getQuizInfo(db, event.params.slug, getLocale());
		if (!quiz) return fail(404, { message: m.quiz_error_quiz_not_found() });
		let attemptId: number;
		try {
			attemptId = startAttempt(db, { userId: user.id, quizId: quiz.id }, quizClock()).attempt.id;
		} catch (e) {
			if (e instanceof QuizError) return fail(e.status, { message: e.localizedMessage() });
			throw e;
		}
		redirect(303, localizeHref(`${quiz.path}/attempts/${attemptId}`));
	}
};
