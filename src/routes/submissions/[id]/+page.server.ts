import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
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
					model: fb.model,
					summary: fb.summary,
					totalPoints: fb.totalPoints,
					maxPoints: fb.maxPoints,
					createdAt: formatDateTime(fb.createdAt, locale, user.timeZone)
				}
			: null,
		cards,
		grade: getReleasedGrade(db, sub.id),
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
