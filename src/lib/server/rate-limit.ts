import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Result of counting one request: allowed, or refused with the wait in ms. */
export type LimitResult = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * A fixed-window limiter in process memory (rate-limiter-flexible; one server process, see README),
 * created on first use so its numbers can come from the validated config.
 * @param keyPrefix names the limit (keys of different limits never collide)
 * @param settings called once, on first use: `points` requests per `windowMs` (ms, rounded up to s)
 * @returns `consume(key)`: counts one request of `key` (a user id, an address)
 */
export function memoryLimit(
	keyPrefix: string,
	settings: () => { points: number; windowMs: number }
): { consume: (key: string | number) => Promise<LimitResult> } {
	let limiter: RateLimiterMemory | undefined;
	return {
		async consume(key) {
			if (!limiter) {
				const { points, windowMs } = settings();
				limiter = new RateLimiterMemory({
					keyPrefix,
					points,
					duration: Math.max(1, Math.ceil(windowMs / 1000))
				});
			}
			try {
				await limiter.consume(String(key));
				return { ok: true };
			} catch (e) {
				if (e instanceof RateLimiterRes) return { ok: false, retryAfterMs: e.msBeforeNext };
				throw e;
			}
		}
	};
}
