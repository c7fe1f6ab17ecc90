import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Exports per user per window: generous for people, a ceiling for a script hammering the zip. */
export const EXPORTS_PER_WINDOW = 10;
export const EXPORT_WINDOW_MS = 10 * 60_000;

const limiter = new RateLimiterMemory({
	keyPrefix: 'export',
	points: EXPORTS_PER_WINDOW,
	duration: EXPORT_WINDOW_MS / 1000
});

/**
 * Counts one data export for `userId` (in process memory).
 * @returns `{ ok: true }`, or the wait in ms once EXPORTS_PER_WINDOW are used in EXPORT_WINDOW_MS.
 */
export async function consumeExport(
	userId: number
): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
	try {
		await limiter.consume(String(userId));
		return { ok: true };
	} catch (e) {
		if (e instanceof RateLimiterRes) return { ok: false, retryAfterMs: e.msBeforeNext };
		throw e;
	}
}
