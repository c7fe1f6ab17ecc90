import { fail, type ActionFailure } from '@sveltejs/kit';
import { m } from '../../paraglide/messages';
import { ForumError, type ForumErrorCode } from './errors';
import type { LimitResult } from '../auth/rate-limit';

const MESSAGES: Record<ForumErrorCode, (v: Record<string, string | number>) => string> = {
	not_found: () => m.forum_err_not_found(),
	forbidden: () => m.forum_err_forbidden(),
	locked: () => m.forum_err_locked(),
	closed: () => m.forum_err_closed(),
	own_post: () => m.forum_err_own_post(),
	edit_window: () => m.forum_err_edit_window(),
	hidden: () => m.forum_err_hidden(),
	too_many_links: (v) => m.forum_err_too_many_links({ max: v.max ?? 0 }),
	bad_tag: (v) => m.forum_err_bad_tag({ tag: String(v.tag ?? '') }),
	too_many_tags: (v) => m.forum_err_too_many_tags({ max: v.max ?? 0 }),
	bad_duplicate: () => m.forum_err_bad_duplicate(),
	already_flagged: () => m.forum_err_already_flagged(),
	faq_conflict: () => m.forum_err_faq_conflict()
};

/** The localised message of a refused forum write. */
export function forumErrorMessage(e: ForumError): string {
	return MESSAGES[e.code](e.values);
}

/**
 * For a form action's catch block: a ForumError becomes `fail(status, { message, ...extra })`
 * (extra = safe values to re-show the form); anything else is re-thrown.
 */
export function forumFailure<E extends Record<string, unknown> = Record<never, never>>(
	e: unknown,
	extra?: E
): ActionFailure<{ message: string } & E> {
	if (e instanceof ForumError)
		return fail(e.status, { message: forumErrorMessage(e), ...(extra as E) });
	throw e;
}

/** The refusal of a rate-limited forum write (429, with the wait in whole minutes). */
export function rateLimitedFailure<E extends Record<string, unknown> = Record<never, never>>(
	limit: Extract<LimitResult, { ok: false }>,
	extra?: E
): ActionFailure<{ message: string } & E> {
	const minutes = Math.max(1, Math.ceil(limit.retryAfterMs / 60_000));
	return fail(429, { message: m.forum_err_rate_limited({ minutes }), ...(extra as E) });
}
