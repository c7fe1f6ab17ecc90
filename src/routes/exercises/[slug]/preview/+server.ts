import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { countCharacters } from '$lib/text-count';
import { getConfig } from '$lib/server/config';
import { renderMarkdown } from '$lib/server/markdown';
import { consumeExerciseWrite } from '$lib/server/exercises/rate-limit';

const bodySchema = z.object({ body: z.string() });

/**
 * Live preview (JSON): `POST {body}` → `{html}`, the answer rendered by the site's one Markdown
 * renderer and sanitiser, exactly as the submission page will show it. Signed-in users only.
 */
export const POST: RequestHandler = async ({ locals, request }) => {
	const user = locals.user;
	if (!user) return json({ message: m.exercises_err_signed_out() }, { status: 401 });
	const limited = await consumeExerciseWrite(user.id);
	if (!limited.ok) return json({ message: m.err_rate_limited({ minutes: 1 }) }, { status: 429 });
	const parsed = bodySchema.safeParse(await request.json().catch(() => null));
	if (!parsed.success) return json({ message: m.err_form_invalid() }, { status: 400 });
	if (countCharacters(parsed.data.body) > 2 * getConfig().FEEDBACK_MAX_ANSWER_CHARS) {
		return json({ message: m.err_form_invalid() }, { status: 413 });
	}
	return json({ html: renderMarkdown(parsed.data.body) });
};
