import { describe, expect, it } from 'vitest';
import { estimateTokens, ProviderRateLimiter } from './rate-limit';

describe('ProviderRateLimiter', () => {
	it('holds a request back until the window has room for it (requests per window)', async () => {
		const limiter = new ProviderRateLimiter({
			requestsPerWindow: 2,
			tokensPerWindow: 1_000_000,
			windowMs: 300
		});
		const started = Date.now();
		await limiter.take(10);
		await limiter.take(10);
		const third = limiter.take(10).then(() => Date.now() - started);
		expect(await third).toBeGreaterThanOrEqual(250);
	});

	it('counts tokens too, and never refuses one request larger than the window', async () => {
		const limiter = new ProviderRateLimiter({
			requestsPerWindow: 100,
			tokensPerWindow: 1_000,
			windowMs: 300
		});
		const started = Date.now();
		await limiter.take(5_000); // capped at the window's 1000
		await limiter.take(100);
		expect(Date.now() - started).toBeGreaterThanOrEqual(250);
	});
});

describe('estimateTokens', () => {
	it('counts Chinese characters one each and other text by four characters', () => {
		expect(estimateTokens('缓存和重试')).toBe(5);
		expect(estimateTokens('abcdefgh')).toBe(2);
		expect(estimateTokens('')).toBe(0);
	});
});
