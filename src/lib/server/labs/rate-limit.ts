import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { getConfig } from '../config';

let limiter: RateLimiterMemory | undefined;

/**
 * Counts one lab submission of `userId` against RATE_LIMIT_LAB_SUBMITS_PER_MIN (process memory,
 * per minute): each schema check starts a worker thread, so scripts are stopped here.
 * @returns ok, or the wait in ms before the next submission is accepted.
 */
export async function consumeLabSubmit(
	userId: number
): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
	limiter ??= new RateLimiterMemory({
		keyPrefix: 'lab-submit',
		points: getConfig().RATE_LIMIT_LAB_SUBMITS_PER_MIN,
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
