import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { parseForm } from '$lib/server/forms';
import { getExerciseById, listExercises } from '$lib/server/exercises';
import {
	cancelRegrade,
	consumeRegradeBatchAction,
	countLatestSubmissions,
	listRegradeBatches,
	listRunningRegradeItems,
	pokeRegradeFeeder,
	RegradeError,
	regradeRateLimited,
	requestRegrade
} from '$lib/server/regrade';

const startSchema = z.object({
	itemId: z
		.string({ error: () => m.regrade_err_exercise() })
		.min(1, { error: () => m.regrade_err_exercise() })
		.max(200),
	reason: z
		.string()
		.max(500, { error: () => m.regrade_err_reason() })
		.optional()
		.transform((s) => s?.trim() || null)
});
const cancelSchema = z.object({ batchId: z.coerce.number().int().positive() });

/** Exercises with how many learners submitted, and the latest batches with their progress. */
export const load: PageServerLoad = (event) => {
	const user = requireRole(event, 'instructor');
	const db = getDb();
	const locale = getLocale();
	const counts = countLatestSubmissions(db);
	const exercises = listExercises(db, locale).map((e) => ({
		id: e.id,
		title: e.title,
		learners: counts.get(e.id) ?? 0
	}));
	const titles = new Map(exercises.map((e) => [e.id, e.title]));
	const batches = listRegradeBatches(db).map((b) => ({
		id: b.id,
		title: titles.get(b.itemId) ?? getExerciseById(db, b.itemId, locale)?.title ?? b.itemId,
		state: b.state,
		createdAt: formatDateTime(b.createdAt, locale, user.timeZone),
		endedAt: b.endedAt ? formatDateTime(b.endedAt, locale, user.timeZone) : null,
		progress: b.progress
	}));
	const running = listRunningRegradeItems(db);
	return {
		exercises: exercises.map((e) => ({ ...e, running: running.has(e.id) })),
		batches,
		done: event.url.searchParams.get('done')
	};
};

export const actions: Actions = {
	/** Starts a batch regrade of one exercise (the latest submission of every learner). */
	start: async (event) => {
		const user = requireRole(event, 'instructor');
		const limited = await consumeRegradeBatchAction(user.id);
		if (!limited.ok) return fail(429, { message: regradeRateLimited(limited) });
		const p = parseForm(startSchema, await event.request.formData());
		if (!p.ok)
			return fail(400, { message: p.errors.itemId ?? p.errors.reason ?? m.regrade_err_exercise() });
		const db = getDb();
		if (!getExerciseById(db, p.data.itemId, getLocale())) {
			return fail(404, { message: m.regrade_err_exercise() });
		}
		try {
			requestRegrade(db, user.id, p.data.itemId, p.data.reason);
		} catch (e) {
			if (e instanceof RegradeError) {
				return fail(409, {
					message:
						e.code === 'already_running' ? m.regrade_err_running() : m.regrade_err_no_submissions()
				});
			}
			throw e;
		}
		pokeRegradeFeeder();
		redirect(303, localizeHref('/instructor/regrade?done=started'));
	},
	/** Cancels a running batch (queued jobs not yet started are dropped). */
	cancel: async (event) => {
		const user = requireRole(event, 'instructor');
		const limited = await consumeRegradeBatchAction(user.id);
		if (!limited.ok) return fail(429, { message: regradeRateLimited(limited) });
		const p = parseForm(cancelSchema, await event.request.formData());
		if (!p.ok) return fail(400, { message: m.regrade_err_batch() });
		if (!cancelRegrade(getDb(), user.id, p.data.batchId)) {
			return fail(409, { message: m.regrade_err_batch() });
		}
		redirect(303, localizeHref('/instructor/regrade?done=cancelled'));
	}
};
