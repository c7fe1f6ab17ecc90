import { randomUUID } from 'node:crypto';
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { requireUser } from '$lib/server/auth/guard';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { isArchived } from '$lib/server/archive';
import { listModules } from '$lib/server/content/modules';
import { providerNotice } from '$lib/server/exercises';
import {
	consumeLabSubmit,
	getLabPage,
	getLastAnswers,
	listLabAttempts,
	submitLab
} from '$lib/server/labs';
import { projectLab } from './project';
import { readAnswer, refusal } from './submit-form';

export const load: PageServerLoad = ({ params, locals }) => {
	const user = locals.user;
	const db = getDb();
	const locale = getLocale();
	const lab = getLabPage(db, params.slug, locale);
	if (!lab) error(404, m.error_not_found());
	const base = {
		lab: projectLab(lab),
		modules: listModules(db, locale)
			.filter((mod) => lab.meta.modules.includes(mod.number))
			.map(({ id, number, title, path }) => ({ id, number, title, path }))
	};
	if (!user) return { ...base, learner: null };
	const archived = isArchived(db);
	const attempts = listLabAttempts(db, user.id, lab.id);
	return {
		...base,
		learner: {
			attempts: attempts.map((a) => ({
				...a,
				createdAt: formatDateTime(a.createdAt, locale, user.timeZone)
			})),
			used: attempts.length,
			archived,
			canSubmit: !archived && attempts.length < lab.meta.attemptLimit,
			idempotencyKey: randomUUID(),
			// The editors start from the learner's last answer of each step (nothing typed is lost).
			last: getLastAnswers(db, user.id, lab.id),
			notice: lab.meta.type === 'runbook' ? providerNotice(db, getConfig(), locale) : null
		}
	};
};

export const actions: Actions = {
	/** Checks and stores one attempt of one step (idempotent by the form's key), then shows its result. */
	submit: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const locale = getLocale();
		const db = getDb();
		const lab = getLabPage(db, event.params.slug, locale);
		if (!lab) error(404, m.error_not_found());
		const read = readAnswer(form, lab.meta);
		const limited = await consumeLabSubmit(user.id);
		if (!limited.ok) {
			return fail(429, {
				...read.values,
				message: m.err_rate_limited({ minutes: Math.ceil(limited.retryAfterMs / 60_000) }),
				errors: {} as Record<string, string>
			});
		}
		if (!read.ok)
			return fail(400, {
				...read.values,
				message: read.message,
				errors: {} as Record<string, string>
			});
		const cfg = getConfig();
		const r = await submitLab(db, {
			userId: user.id,
			lab: { id: lab.id, version: lab.version, meta: lab.meta },
			locale,
			answer: read.answer,
			idempotencyKey: read.idempotencyKey,
			timeoutMs: cfg.LAB_CHECK_TIMEOUT_MS,
			pipelineMaxChars: cfg.FEEDBACK_MAX_ANSWER_CHARS
		});
		if (!r.ok) {
			const { status, message, errors } = refusal(r, lab.meta, locale);
			return fail(status, { ...read.values, message, errors });
		}
		redirect(303, localizeHref(`/labs/${event.params.slug}/attempts/${r.attemptId}`));
	}
};
