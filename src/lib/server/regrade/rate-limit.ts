import { getConfig } from '../config';
import { memoryLimit, type LimitResult } from '../rate-limit';
import { m } from '../../paraglide/messages';

const batchActions = memoryLimit('regrade-batch-action', () => ({
	points: getConfig().RATE_LIMIT_REGRADE_BATCHES,
	windowMs: getConfig().RATE_LIMIT_REGRADE_WINDOW_MS
}));

/**
 * Counts one batch regrade action (start or cancel, accepted or refused) by instructor `userId`
 * against RATE_LIMIT_REGRADE_BATCHES per RATE_LIMIT_REGRADE_WINDOW_MS: a batch asks new feedback
 * for every learner's latest submission, so starting and cancelling in a loop would spend the
 * provider budget.
 */
export function consumeRegradeBatchAction(userId: number): Promise<LimitResult> {
	return batchActions.consume(userId);
}

/** The localised refusal, with the wait rounded up to whole minutes. */
export function regradeRateLimited(limit: Extract<LimitResult, { ok: false }>): string {
	return m.regrade_err_rate_limited({
		minutes: Math.max(1, Math.ceil(limit.retryAfterMs / 60_000))
	});
}
