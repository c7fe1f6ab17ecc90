import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { requireUser } from '$lib/server/auth/guard';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { renderMarkdown } from '$lib/server/markdown';
import { isArchived } from '$lib/server/archive';
import {
	diffAnswers,
	getExerciseById,
	getReleasedGrade,
	getSubmissionAnswer,
	getSubmissionView,
	highlightEvidence,
	listAttempts,
	providerNotice
} from '$lib/server/exercises';
import { parseForm } from '$lib/server/forms';
import {
	addThreadComment,
	canUseThread,
	consumeRegradeRequest,
	consumeThreadComment,
	gradingRateLimited,
	listThread,
	regradeOpen,
	requestRegrade,
	THREAD_MAX_CHARS,
	ThreadError
} from '$lib/server/grading';
import type { Rubric } from '$lib/server/feedback/rubric';
import { countFailedCalls } from '$lib/server/feedback';
import { feedbackCards } from './cards';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const id = Number(event.params.id);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, m.error_not_found());
	const db = getDb();
	const locale = getLocale();
	// Another learner's submission is "not found", indistinguishable from a missing one.
	const view = getSubmissionView(db, id, user);
	if (!view) error(404, m.error_not_found());
	const sub = view.submission;
	const exercise = getExerciseById(db, sub.itemId, locale);
	const fb = view.feedback;
	const cards = fb && view.rubric ? feedbackCards(fb, view.rubric, locale) : [];
	const job = view.job;
	const pending = !fb && (job?.state === 'pending' || job?.state === 'running');
	const cfg = getConfig();

	// Versions: the learner's other submissions on this exercise, to compare with.
	const attempts = listAttempts(db, sub.userId, sub.itemId);
	const others = attempts.filter((a) => a.submissionId !== sub.id);
	const requested = Number(event.url.searchParams.get('compare'));
	const previous = [...attempts].reverse().find((a) => a.submissionId < sub.id);
	// The first attempt has no previous one: it is compared with the next, so the choice is offered.
	const next = attempts.find((a) => a.submissionId > sub.id);
	const compareWith = others.find((a) => a.submissionId === requested) ?? previous ?? next ?? null;
	const otherAnswer = compareWith ? getSubmissionAnswer(db, compareWith.submissionId) : undefined;
	const [older, newer] =
		compareWith && compareWith.submissionId > sub.id
			? [sub.answer, otherAnswer ?? '']
			: [otherAnswer ?? '', sub.answer];

	return {
		submission: {
			id: sub.id,
			createdAt: formatDateTime(sub.createdAt, locale, user.timeZone),
			itemVersion: sub.itemVersion,
			locale: sub.locale,
			answerHtml: renderMarkdown(sub.answer),
			segments: highlightEvidence(
				sub.answer,
				(view.rubric?.criteria ?? []).map(
					(_, i) => cards.find((c) => c.position === i)?.evidence.map((e) => e.quote) ?? []
				)
			)
		},
		isOwner: view.isOwner,
		// Archive mode: nothing can be resubmitted, so the page offers no way to.
		archived: isArchived(db),
		exercise: exercise
			? {
					title: exercise.title,
					path: exercise.path,
					live: exercise.live,
					attemptLimit: exercise.meta.attemptLimit
				}
			: null,
		rules: view.rules
			? {
					...view.rules,
					dueAt: view.rules.dueAt ? formatDateTime(view.rules.dueAt, locale, user.timeZone) : null
				}
			: null,
		job: job ? { state: job.state, reason: job.reason } : null,
		pending,
		failed: !fb && job?.state === 'failed',
		aiRetryPending: view.aiRetryPending,
		aiRetryAt:
			view.aiRetryPending && job ? formatDateTime(job.nextRunAt, locale, user.timeZone) : null,
		feedback: fb
			? {
					id: fb.id,
					source: fb.source,
					offlineReason: fb.offlineReason,
					failedAttempts:
						fb.offlineReason === 'provider_error'
							? countFailedCalls(db, { ...fb, userId: sub.userId })
							: 0,
					model: fb.model,
					summary: fb.summary,
					totalPoints: fb.totalPoints,
					maxPoints: fb.maxPoints,
					createdAt: formatDateTime(fb.createdAt, locale, user.timeZone)
				}
			: null,
		cards,
		grade: getReleasedGrade(db, sub.id),
		regradeOpen: regradeOpen(db, sub.id),
		// The private thread: the learner and the staff who grade them (not every instructor).
		thread: canUseThread(db, user, sub.id)
			? listThread(db, sub.id).map((c) => ({
					...c,
					createdAt: formatDateTime(c.createdAt, locale, user.timeZone),
					html: renderMarkdown(c.body)
				}))
			: null,
		gradeDetail: gradeDetail(getReleasedGrade(db, sub.id), view.rubric, locale),
		notice: providerNotice(db, cfg, locale),
		versions: {
			list: attempts.map((a) => ({ submissionId: a.submissionId, attempt: a.attempt })),
			compareWith: compareWith
				? { submissionId: compareWith.submissionId, attempt: compareWith.attempt }
				: null,
			diff: compareWith ? diffAnswers(older, newer, sub.locale) : null
		}
	};
};

/** The released grade's criteria with their titles and level descriptors, in the page's language. */
function gradeDetail(
	grade: ReturnType<typeof getReleasedGrade>,
	rubric: Rubric | null,
	locale: 'zh-CN' | 'en'
) {
	if (!grade) return null;
	return {
		commentHtml: grade.comment ? renderMarkdown(grade.comment) : '',
		rawPoints: grade.rawPoints,
		criteria: grade.criteria.map((c) => {
			const rc = rubric?.criteria.find((x) => x.id === c.criterionId);
			return {
				...c,
				title: rc?.title[locale] ?? c.criterionId,
				descriptor: rc?.levels.find((l) => l.level === c.level)?.descriptor[locale] ?? ''
			};
		})
	};
}

const body = (empty: () => string) =>
	z.object({
		body: z
			.string()
			.trim()
			.min(1, { error: empty })
			.max(THREAD_MAX_CHARS, { error: () => m.grading_err_too_long() })
	});

const REGRADE_ERRORS: Record<ThreadError['code'], () => string> = {
	not_found: m.error_not_found,
	not_owner: m.error_not_found,
	not_released: m.grading_err_not_released,
	already_requested: m.grading_err_already_requested
};

function submissionId(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, m.error_not_found());
	return id;
}

export const actions: Actions = {
	/** A comment in the private thread, by the learner (or staff who grade them). */
	comment: async (event) => {
		const user = requireUser(event);
		const limited = await consumeThreadComment(user.id);
		if (!limited.ok)
			return fail(429, { thread: true, message: gradingRateLimited('comments', limited) });
		const id = submissionId(event.params.id);
		const p = parseForm(
			body(() => m.grading_err_comment_empty()),
			await event.request.formData()
		);
		if (!p.ok) return fail(400, { thread: true, message: p.errors.body });
		const db = getDb();
		if (!canUseThread(db, user, id)) error(404, m.error_not_found());
		const commentId = addThreadComment(db, user, id, p.data.body);
		redirect(303, localizeHref(`/submissions/${id}#comment-${commentId}`));
	},
	/** The learner asks for their released grade to be looked at again. */
	regrade: async (event) => {
		const user = requireUser(event);
		const limited = await consumeRegradeRequest(user.id);
		if (!limited.ok)
			return fail(429, { regrade: true, message: gradingRateLimited('regrade', limited) });
		const id = submissionId(event.params.id);
		const p = parseForm(
			body(() => m.grading_err_regrade_reason()),
			await event.request.formData()
		);
		if (!p.ok) return fail(400, { regrade: true, message: p.errors.body });
		try {
			requestRegrade(getDb(), user.id, id, p.data.body);
		} catch (e) {
			if (!(e instanceof ThreadError)) throw e;
			if (e.code === 'not_owner' || e.code === 'not_found') error(404, m.error_not_found());
			return fail(409, { regrade: true, message: REGRADE_ERRORS[e.code]() });
		}
		redirect(303, localizeHref(`/submissions/${id}#thread`));
	}
};
