import { RateLimiterMemory, RateLimiterQueue } from 'rate-limiter-flexible';

/**
 * The provider's rate limits as a queue: requests and tokens per window (LLM_RPM, LLM_TPM,
 * LLM_RATE_WINDOW_MS). `take` waits, first come first served, until both allow the call.
 * In process memory: one server process sends all provider calls.
 */
export class ProviderRateLimiter {
	private readonly requests: RateLimiterQueue;
	private readonly tokens: RateLimiterQueue;
	private readonly tokensPerWindow: number;

	constructor(opts: { requestsPerWindow: number; tokensPerWindow: number; windowMs: number }) {
		const duration = opts.windowMs / 1000;
		this.requests = new RateLimiterQueue(
			new RateLimiterMemory({ points: opts.requestsPerWindow, duration })
		);
		this.tokens = new RateLimiterQueue(
			new RateLimiterMemory({ points: opts.tokensPerWindow, duration })
		);
		this.tokensPerWindow = opts.tokensPerWindow;
	}

	/**
	 * Waits for one request and `estimatedTokens` tokens (capped at the window's total, so one large
	 * request is never refused outright).
	 */
	async take(estimatedTokens: number): Promise<void> {
		await this.requests.removeTokens(1);
		const t = Math.max(1, Math.min(Math.ceil(estimatedTokens), this.tokensPerWindow));
		await this.tokens.removeTokens(t);
	}
}

/**
 * Rough token count of a prompt for the TPM limiter: about one token per Chinese character and one
 * per 4 characters of other text.
 */
export function estimateTokens(text: string): number {
	const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
	return han + Math.ceil((text.length - han) / 4);
}
