import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { getConfig } from '../config';

let limiter: RateLimiterMemory | undefined;

/**
 * Counts one exercise write (autosave, preview or submission) of `userId` against
 * RATE_LIMIT_EXERCISE_WRITES_PER_MIN (in process memory, per minute). Generous: autosave sends at
 * most one request per pause in typing; the limit only stops scripts.
 * @returns ok, or the wait in ms before the next write is accepted.
 */
export async function consumeExerciseWrite(
	userId: number
): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
	limiter ??= new RateLimiterMemory({
		keyPrefix: 'exercise-write',
		points: getConfig().RATE_LIMIT_EXERCISE_WRITES_PER_MIN,
		duration: 60
	});
	try {
		await limiter.consume(String(userId));
		return { ok: true };
	} catch (e) {
		if (e instanceof RateLimiterRes) return { ok: false, retryAfterMs: e.msBeforeNext };
		throw e;
	}
}
