import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { canViewSubmission } from '$lib/server/exercises';
import { feedbackStream } from '$lib/server/exercises/stream';

/**
 * Server-sent events of a submission's feedback progress (`snapshot`, then `progress` events), for
 * its author and instructors only: signed out → 401, anyone else → 404 (as for a missing one).
 */
export const GET: RequestHandler = ({ locals, params, request }) => {
	const user = locals.user;
	if (!user) return json({ message: m.exercises_err_signed_out() }, { status: 401 });
	const id = Number(params.id);
	const db = getDb();
	if (!Number.isSafeInteger(id) || id <= 0 || !canViewSubmission(db, id, user)) {
		error(404, m.error_not_found());
	}
	return feedbackStream(db, id, request.signal);
};
