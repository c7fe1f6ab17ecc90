import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { countCharacters } from '$lib/text-count';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { answerLimit, getExercisePage, saveDraft } from '$lib/server/exercises';
import { consumeExerciseWrite } from '$lib/server/exercises/rate-limit';

const bodySchema = z.object({
	body: z.string(),
	/** When the text was typed, ms since the epoch (the browser's clock). */
	editedAt: z.number().int().positive()
});

/**
 * Autosave (JSON): `PUT {body, editedAt}` → `{saved, editedAt, body?}`. `saved: false` means a newer
 * draft is stored (another tab); its text comes back so the page can say so. 401 when signed out.
 */
export const PUT: RequestHandler = async ({ locals, params, request }) => {
	const user = locals.user;
	if (!user) return json({ message: m.exercises_err_signed_out() }, { status: 401 });
	const limited = await consumeExerciseWrite(user.id);
	if (!limited.ok) {
		return json(
			{ message: m.err_rate_limited({ minutes: Math.ceil(limited.retryAfterMs / 60_000) }) },
			{ status: 429, headers: { 'retry-after': String(Math.ceil(limited.retryAfterMs / 1000)) } }
		);
	}
	const parsed = bodySchema.safeParse(await request.json().catch(() => null));
	if (!parsed.success) return json({ message: m.err_form_invalid() }, { status: 400 });
	const db = getDb();
	const ex = getExercisePage(db, params.slug, getLocale());
	if (!ex) error(404, m.error_not_found());
	const limit = answerLimit(ex.meta, getConfig().FEEDBACK_MAX_ANSWER_CHARS);
	if (countCharacters(parsed.data.body) > 2 * limit) {
		return json({ message: m.exercises_err_draft_too_long({ limit: 2 * limit }) }, { status: 413 });
	}
	const r = saveDraft(db, {
		userId: user.id,
		itemId: ex.id,
		body: parsed.data.body,
		editedAt: new Date(parsed.data.editedAt)
	});
	return json({
		saved: r.saved,
		editedAt: r.draft.editedAt.getTime(),
		...(r.saved ? {} : { body: r.draft.body })
	});
};
