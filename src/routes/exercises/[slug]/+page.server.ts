import { randomUUID } from 'node:crypto';
import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { countCharacters } from '$lib/text-count';
import { requireUser } from '$lib/server/auth/guard';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { renderMarkdown } from '$lib/server/markdown';
import { getSetting } from '$lib/server/settings';
import { isArchived } from '$lib/server/archive';
import { resolveItemRefs } from '$lib/server/content/items';
import { listModules } from '$lib/server/content/modules';
import {
	answerLimit,
	deadlineFor,
	describeDeadline,
	getDraft,
	getExercisePage,
	listAttempts,
	providerNotice,
	saveDraft,
	submitExercise
} from '$lib/server/exercises';
import { consumeExerciseWrite } from '$lib/server/exercises/rate-limit';
import { submitFailure } from './submit-failure';

export const load: PageServerLoad = ({ params, locals, url }) => {
	const user = locals.user;
	const db = getDb();
	const locale = getLocale();
	const ex = getExercisePage(db, params.slug, locale);
	if (!ex) error(404, m.error_not_found());
	const cfg = getConfig();
	const limit = answerLimit(ex.meta, cfg.FEEDBACK_MAX_ANSWER_CHARS);
	const siteZone = getSetting(db, 'defaultTimeZone');
	const deadline = deadlineFor(db, user?.id ?? 0, ex.id, ex.meta, siteZone);
	const base = {
		ex,
		limit,
		caseLink: ex.meta.case
			? (resolveItemRefs(db, [`case:${ex.meta.case}`], locale)[0] ?? null)
			: null,
		modules: listModules(db, locale)
			.filter((mod) => ex.meta.modules.includes(mod.number))
			.map(({ id, number, title, path }) => ({ id, number, title, path })),
		deadline: describeDeadline(deadline, locale, user?.timeZone ?? null)
	};
	if (!user) return { ...base, learner: null };

	// Archive mode: a read-only reference; the writes are refused by the archive guard anyway.
	const archived = isArchived(db);
	const draft = getDraft(db, user.id, ex.id);
	const attempts = listAttempts(db, user.id, ex.id);
	const used = attempts.length;
	return {
		...base,
		learner: {
			userId: user.id,
			draft: draft ? { body: draft.body, editedAt: draft.editedAt.getTime() } : null,
			// Without JavaScript the preview of the saved draft is rendered here.
			previewHtml: draft?.body.trim() ? renderMarkdown(draft.body) : '',
			attempts: attempts.map((a) => ({
				...a,
				createdAt: formatDateTime(a.createdAt, locale, user.timeZone)
			})),
			used,
			archived,
			canSubmit: !archived && used < ex.meta.attemptLimit && base.deadline.now !== 'closed',
			idempotencyKey: randomUUID(),
			notice: providerNotice(db, cfg, locale),
			saved: url.searchParams.has('saved')
		}
	};
};

const draftSchema = z.object({ answer: z.string({ error: () => m.exercises_err_answer() }) });
const submitSchema = z.object({
	answer: z.string({ error: () => m.exercises_err_answer() }),
	idempotencyKey: z
		.string({ error: () => m.exercises_err_resubmit() })
		.min(8, { error: () => m.exercises_err_resubmit() })
		.max(200, { error: () => m.exercises_err_resubmit() })
});

/** A text field echoed back after a refusal, so nothing typed is lost (never trimmed). */
const typed = (form: FormData) => {
	const v = form.get('answer');
	return typeof v === 'string' ? v : '';
};

export const actions: Actions = {
	/** Saves the draft (the no-JavaScript "Save draft" button; with JavaScript, autosave uses ./draft). */
	saveDraft: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const limited = await consumeExerciseWrite(user.id);
		if (!limited.ok) {
			return fail(429, {
				message: m.err_rate_limited({ minutes: Math.ceil(limited.retryAfterMs / 60_000) }),
				answer: typed(form)
			});
		}
		const parsed = parseForm(draftSchema, form);
		if (!parsed.ok) return fail(400, { message: m.err_form_invalid(), answer: typed(form) });
		const db = getDb();
		const ex = getExercisePage(db, event.params.slug, getLocale());
		if (!ex) error(404, m.error_not_found());
		const limit = answerLimit(ex.meta, getConfig().FEEDBACK_MAX_ANSWER_CHARS);
		if (countCharacters(parsed.data.answer) > 2 * limit) {
			return fail(400, {
				message: m.exercises_err_draft_too_long({ limit: 2 * limit }),
				answer: parsed.data.answer
			});
		}
		saveDraft(db, {
			userId: user.id,
			itemId: ex.id,
			body: parsed.data.answer,
			editedAt: new Date()
		});
		redirect(303, localizeHref(`/exercises/${event.params.slug}?saved#editor`));
	},

	/** Submits the answer (idempotent by the form's key) and opens its submission page. */
	submit: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const limited = await consumeExerciseWrite(user.id);
		if (!limited.ok) {
			return fail(429, {
				message: m.err_rate_limited({ minutes: Math.ceil(limited.retryAfterMs / 60_000) }),
				answer: typed(form)
			});
		}
		const parsed = parseForm(submitSchema, form);
		if (!parsed.ok) {
			return fail(400, {
				message: parsed.errors.idempotencyKey ?? m.err_form_invalid(),
				answer: typed(form)
			});
		}
		const db = getDb();
		const locale = getLocale();
		const ex = getExercisePage(db, event.params.slug, locale);
		if (!ex) error(404, m.error_not_found());
		const r = submitExercise(db, {
			userId: user.id,
			itemId: ex.id,
			locale,
			answer: parsed.data.answer,
			idempotencyKey: parsed.data.idempotencyKey,
			pipelineMaxChars: getConfig().FEEDBACK_MAX_ANSWER_CHARS,
			fallbackTimeZone: getSetting(db, 'defaultTimeZone')
		});
		if (!r.ok) {
			const { status, message } = submitFailure(r, locale, ex.meta.due?.timeZone ?? 'UTC');
			return fail(status, { message, answer: parsed.data.answer });
		}
		redirect(303, localizeHref(`/submissions/${r.submissionId}`));
	}
};
