import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { getDb } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { consumeQuizAction, rateLimited } from '$lib/server/quiz/rate-limit';
import { resolveItemRefs } from '$lib/server/content/items';
import {
	answersFromForm,
	buildAttemptView,
	closeExpiredAttempts,
	getOwnAttempt,
	getQuizSlug,
	QuizError,
	quizClock,
	saveAnswers,
	submitAttempt
} from '$lib/server/quiz';
import type { SessionUser } from '$lib/server/auth/session';

/** The signed-in user's attempt in the URL (404 for a missing one, someone else's, or a wrong slug). */
function attemptOf(event: Pick<RequestEvent, 'params'>, user: SessionUser) {
	const db = getDb();
	try {
		const attempt = getOwnAttempt(db, user.id, Number(event.params.id));
		if (getQuizSlug(db, attempt.quizId) !== event.params.slug)
			throw new QuizError('attempt-not-found');
		return attempt;
	} catch (e) {
		if (e instanceof QuizError) error(e.status, e.localizedMessage());
		throw e;
	}
}

/** An open attempt: its questions in the stored order with the saved answers. A graded one: results. */
export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const db = getDb();
	const locale = getLocale();
	let attempt = attemptOf(event, user);
	if (
		attempt.status === 'open' &&
		closeExpiredAttempts(db, { userId: user.id, quizId: attempt.quizId }, quizClock()) > 0
	)
		attempt = attemptOf(event, user);
	const view = buildAttemptView(db, attempt, locale);
	const when = (d: Date | null) => (d ? formatDateTime(d, locale, user.timeZone) : null);
	const quizPath = `/quizzes/${event.params.slug}`;
	if (view.status === 'open') {
		return {
			quizPath,
			view: {
				...view,
				startedAtText: when(view.startedAt),
				deadlineText: when(view.deadline),
				deadlineMs: view.deadline?.getTime() ?? null,
				serverNowMs: Date.now()
			},
			saved: event.url.searchParams.has('saved'),
			links: []
		};
	}
	const refs = [...new Set(view.questions.flatMap((q) => q.links))];
	return {
		quizPath,
		view: {
			...view,
			startedAtText: when(view.startedAt),
			submittedAtText: when(view.submittedAt)
		},
		saved: false,
		links: resolveItemRefs(db, refs, locale).map((i) => ({
			ref: `${i.kind}:${i.id}`,
			kind: i.kind,
			path: i.path,
			title: i.title
		}))
	};
};

/** Runs save or submit; a refused request answers with its localised message and changes nothing. */
async function handle(event: RequestEvent, kind: 'save' | 'submit') {
	const user = requireUser(event);
	const limited = await consumeQuizAction(user.id);
	if (!limited.ok) return fail(429, { message: rateLimited(limited.retryAfterMs) });
	const attempt = attemptOf(event, user);
	const form = await event.request.formData();
	const input = { userId: user.id, attemptId: attempt.id, answers: answersFromForm(form) };
	const here = `/quizzes/${event.params.slug}/attempts/${attempt.id}`;
	let outcome: string;
	try {
		outcome = (kind === 'save' ? saveAnswers : submitAttempt)(getDb(), input, quizClock()).outcome;
	} catch (e) {
		if (e instanceof QuizError) return fail(e.status, { message: e.localizedMessage() });
		throw e;
	}
	redirect(303, localizeHref(outcome === 'saved' ? `${here}?saved` : here));
}

export const actions: Actions = {
	/** Stores the answers without grading (the "save" button and autosave). */
	save: (event) => handle(event, 'save'),
	/** Grades the attempt (once: a second submit only shows the result). */
	submit: (event) => handle(event, 'submit')
};
