import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get } from '../support/http';
import { startBuiltServer, type RunningServer } from '../support/server';

const TOKEN = 'metrics-token-for-the-tests-0123456789';

describe('GET /metrics without METRICS_TOKEN', () => {
	it('does not exist (404), whatever the header', async () => {
		expect((await get('/metrics')).status).toBe(404);
		const r = await get('/metrics', { headers: { authorization: 'Bearer anything-at-all-1234' } });
		expect(r.status).toBe(404);
	});
});

describe('GET /metrics with METRICS_TOKEN', () => {
	let srv: RunningServer;
	beforeAll(async () => {
		srv = await startBuiltServer({ METRICS_TOKEN: TOKEN, CASEBOOK_QUIET: 'true' });
	});
	afterAll(async () => srv?.stop());

	const scrape = (authorization?: string) =>
		get('/metrics', { base: srv.url, headers: authorization ? { authorization } : {} });

	it('refuses a missing or wrong token with 401 and a Bearer challenge', async () => {
		for (const auth of [undefined, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, TOKEN]) {
			const r = await scrape(auth);
			expect(r.status).toBe(401);
			expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
			expect(await r.text()).not.toContain('casebook_');
		}
	});

	it('serves Prometheus text with request latency by route id and status, and process metrics', async () => {
		await get('/en/login', { base: srv.url });
		await get('/this/path/does/not/exist-42', { base: srv.url });
		const r = await scrape(`Bearer ${TOKEN}`);
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
		expect(r.headers.get('cache-control')).toBe('no-store');
		const text = await r.text();
		expect(text).toMatch(
			/^casebook_http_request_duration_seconds_count\{route="\/login",method="GET",status="200"\} [1-9]/m
		);
		expect(text).toMatch(
			/^casebook_http_request_duration_seconds_count\{route="unmatched",method="GET",status="404"\} [1-9]/m
		);
		expect(text).not.toContain('exist-42'); // paths never become labels
		expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
		expect(text).toMatch(/^nodejs_heap_size_used_bytes \d+/m);
		for (const name of [
			'casebook_llm_call_duration_seconds',
			'casebook_llm_calls_total',
			'casebook_llm_tokens_total',
			'casebook_llm_cost_total',
			'casebook_job_queue_depth',
			'casebook_job_queue_oldest_age_seconds',
			'casebook_circuit_breaker_state',
			'casebook_backups_total'
		])
			expect(text).toContain(`# TYPE ${name} `);
	});
});
