import { m } from '$lib/paraglide/messages';
import { formatDateTime } from '$lib/format';
import type { SubmitExerciseResult } from '$lib/server/exercises';

/** The HTTP status and localised message of a refused submission. */
export function submitFailure(
	r: Extract<SubmitExerciseResult, { ok: false }>,
	locale: 'zh-CN' | 'en',
	timeZone: string
): { status: number; message: string } {
	switch (r.reason) {
		case 'not_found':
			return { status: 404, message: m.error_not_found() };
		case 'empty':
			return { status: 400, message: m.exercises_err_empty() };
		case 'too_long':
			return { status: 400, message: m.exercises_err_too_long({ limit: r.limit }) };
		case 'attempt_limit':
			return { status: 409, message: m.exercises_err_attempt_limit({ limit: r.limit }) };
		case 'closed':
			return {
				status: 403,
				message: r.closesAt
					? m.exercises_err_closed_at({
							date: `${formatDateTime(r.closesAt, locale, timeZone)} (${timeZone})`
						})
					: m.exercises_err_closed()
			};
	}
}
