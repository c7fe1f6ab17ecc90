import { getConfig } from '../config';
import { memoryLimit, type LimitResult } from '../rate-limit';
import { m } from '../../paraglide/messages';

const window = () => getConfig().RATE_LIMIT_REGRADE_WINDOW_MS;
const regradeRequests = memoryLimit('grading-regrade-request', () => ({
	points: getConfig().RATE_LIMIT_REGRADE_REQUESTS,
	windowMs: window()
}));
const threadComments = memoryLimit('grading-thread-comment', () => ({
	points: getConfig().RATE_LIMIT_THREAD_COMMENTS,
	windowMs: window()
}));

/**
 * Counts one regrade request by learner `userId` (asked or refused) against
 * RATE_LIMIT_REGRADE_REQUESTS per RATE_LIMIT_REGRADE_WINDOW_MS: each request notifies staff.
 */
export function consumeRegradeRequest(userId: number): Promise<LimitResult> {
	return regradeRequests.consume(userId);
}

/**
 * Counts one comment by `userId` in any submission's private thread (learner or staff) against
 * RATE_LIMIT_THREAD_COMMENTS per RATE_LIMIT_REGRADE_WINDOW_MS: each comment notifies the other side.
 */
export function consumeThreadComment(userId: number): Promise<LimitResult> {
	return threadComments.consume(userId);
}

/** The localised refusal of a grading limit, with the wait rounded up to whole minutes. */
export function gradingRateLimited(
	kind: 'regrade' | 'comments',
	limit: Extract<LimitResult, { ok: false }>
): string {
	const minutes = Math.max(1, Math.ceil(limit.retryAfterMs / 60_000));
	return kind === 'regrade'
		? m.grading_err_rate_regrade({ minutes })
		: m.grading_err_rate_comments({ minutes });
}
