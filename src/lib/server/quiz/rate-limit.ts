import { m } from '../../paraglide/messages';
import { getConfig } from '../config';
import { memoryLimit, type LimitResult } from '../rate-limit';

const actions = memoryLimit('quiz-action', () => ({
	points: getConfig().RATE_LIMIT_QUIZ_ACTIONS_PER_MIN,
	windowMs: 60_000
}));

/**
 * Counts one quiz action (start, save — autosave sends one per change — or submit) of `userId`
 * against RATE_LIMIT_QUIZ_ACTIONS_PER_MIN. Generous for a person; it stops scripts.
 */
export function consumeQuizAction(userId: number): Promise<LimitResult> {
	return actions.consume(userId);
}

/** The localised "too many attempts" message for a wait of `retryAfterMs` (whole minutes, ≥ 1). */
export function rateLimited(retryAfterMs: number): string {
	return m.err_rate_limited({ minutes: Math.max(1, Math.ceil(retryAfterMs / 60_000)) });
}
