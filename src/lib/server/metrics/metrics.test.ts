import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CircuitState } from 'cockatiel';
import { count } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { users } from '../db/schema';
import { bearerTokenMatches } from './endpoint';
import {
	observeHttpRequest,
	observeLlmCall,
	registerQueue,
	registry,
	setBreakerState
} from './index';

let t: ReturnType<typeof createTestDb>;
beforeEach(() => {
	t = createTestDb();
	registry.resetMetrics();
});
afterEach(() => t.cleanup());

/** The value of one sample line `name{labels} value` in the exposition text, or undefined. */
function sample(text: string, series: string): number | undefined {
	const line = text.split('\n').find((l) => l.startsWith(series + ' '));
	return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics endpoint token', () => {
	const token = 'a-long-metrics-token-123';
	it('accepts exactly "Bearer <token>" (scheme in any case) and nothing else', () => {
		expect(bearerTokenMatches(`Bearer ${token}`, token)).toBe(true);
		expect(bearerTokenMatches(`bearer ${token}`, token)).toBe(true);
		expect(bearerTokenMatches(`Bearer ${token}x`, token)).toBe(false);
		expect(bearerTokenMatches(`Bearer ${token.slice(0, -1)}`, token)).toBe(false);
		expect(bearerTokenMatches(token, token)).toBe(false);
		expect(bearerTokenMatches(`Basic ${token}`, token)).toBe(false);
		expect(bearerTokenMatches('Bearer ', token)).toBe(false);
		expect(bearerTokenMatches(null, token)).toBe(false);
	});
});

describe('metrics registry', () => {
	it('records HTTP latency by route id, method and status; unknown paths share one series', async () => {
		observeHttpRequest('/cases/[slug]', 'GET', 200, 12);
		observeHttpRequest('/cases/[slug]', 'GET', 200, 30);
		observeHttpRequest(null, 'GET', 404, 1);
		observeHttpRequest(null, 'BREW', 404, 1);
		const text = await registry.metrics();
		expect(
			sample(
				text,
				'casebook_http_request_duration_seconds_count{route="/cases/[slug]",method="GET",status="200"}'
			)
		).toBe(2);
		expect(
			sample(
				text,
				'casebook_http_request_duration_seconds_bucket{le="0.025",route="/cases/[slug]",method="GET",status="200"}'
			)
		).toBe(1);
		expect(
			sample(
				text,
				'casebook_http_request_duration_seconds_count{route="unmatched",method="other",status="404"}'
			)
		).toBe(1);
		// Default process metrics are there too.
		expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
		expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
	});

	it('records LLM calls: latency, outcome, tokens in and out, cost', async () => {
		const call = {
			model: 'deepseek-chat',
			purpose: 'feedback',
			latencyMs: 1500,
			tokensIn: 1200,
			tokensOut: 300,
			cost: 0.0042,
			currency: 'CNY'
		};
		observeLlmCall({ ...call, outcome: 'ok' });
		observeLlmCall({ ...call, outcome: 'http_429', tokensIn: 0, tokensOut: 0, cost: 0 });
		const text = await registry.metrics();
		const labels = 'model="deepseek-chat",purpose="feedback"';
		expect(sample(text, `casebook_llm_calls_total{${labels},outcome="ok"}`)).toBe(1);
		expect(sample(text, `casebook_llm_calls_total{${labels},outcome="http_429"}`)).toBe(1);
		expect(
			sample(text, `casebook_llm_call_duration_seconds_sum{${labels},outcome="ok"}`)
		).toBeCloseTo(1.5);
		expect(sample(text, 'casebook_llm_tokens_total{model="deepseek-chat",direction="in"}')).toBe(
			1200
		);
		expect(sample(text, 'casebook_llm_tokens_total{model="deepseek-chat",direction="out"}')).toBe(
			300
		);
		expect(
			sample(text, 'casebook_llm_cost_total{model="deepseek-chat",currency="CNY"}')
		).toBeCloseTo(0.0042);
	});

	it('maps cockatiel breaker states to 0 closed, 1 half-open, 2 open', async () => {
		const read = async () =>
			sample(await registry.metrics(), 'casebook_circuit_breaker_state{breaker="llm"}');
		setBreakerState('llm', CircuitState.Open);
		expect(await read()).toBe(2);
		setBreakerState('llm', CircuitState.HalfOpen);
		expect(await read()).toBe(1);
		setBreakerState('llm', CircuitState.Closed);
		expect(await read()).toBe(0);
		setBreakerState('llm', CircuitState.Isolated);
		expect(await read()).toBe(2);
	});

	it('reads registered queues from the database at scrape time; a failing reader is skipped', async () => {
		const oldest = new Date(Date.now() - 90_000);
		// A stand-in queue whose depth is the number of users: it must follow the database.
		registerQueue('test-users', (db) => ({
			pending: db.select({ n: count() }).from(users).get()!.n,
			running: 1,
			oldestPendingAt: oldest
		}));
		registerQueue('broken', () => {
			throw new Error('table missing');
		});
		let text = await registry.metrics();
		expect(sample(text, 'casebook_job_queue_depth{queue="test-users",state="pending"}')).toBe(0);
		await makeUser(t.db);
		await makeUser(t.db);
		text = await registry.metrics();
		expect(sample(text, 'casebook_job_queue_depth{queue="test-users",state="pending"}')).toBe(2);
		expect(sample(text, 'casebook_job_queue_depth{queue="test-users",state="running"}')).toBe(1);
		expect(
			sample(text, 'casebook_job_queue_oldest_age_seconds{queue="test-users"}')
		).toBeGreaterThanOrEqual(90);
		expect(text).not.toContain('queue="broken"');
		registerQueue('test-users', () => ({ pending: 0, running: 0, oldestPendingAt: null }));
		text = await registry.metrics();
		expect(sample(text, 'casebook_job_queue_oldest_age_seconds{queue="test-users"}')).toBe(0);
		registerQueue('broken', () => ({ pending: 0, running: 0, oldestPendingAt: null }));
	});
});
