import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeLlm, gradingReply, replies } from '../../../../tests/support/fake-llm';
import { gatewayRubric as rubric } from '../../../../tests/fixtures/feedback/rubrics';
import { loadConfig } from '../config';
import { log } from '../log';
import { gradeWithModel } from './grader';
import { LlmProvider, ProviderUnavailableError, retryAfterMs, type CallRecord } from './llm-client';

const answer =
	'网关对每个请求做鉴权（OAuth 2.0），并对个人信息脱敏。调用模型设置超时 20 秒，失败按指数退避重试。输出用 JSON Schema 校验。';

let fake: FakeLlm;
let calls: Array<CallRecord & { purpose: string }>;

function provider(env: Record<string, string> = {}) {
	return new LlmProvider(
		loadConfig({
			LLM_BASE_URL: fake.url,
			LLM_MODEL: 'fake-model',
			LLM_API_KEY: 'test-key',
			LLM_TIMEOUT_MS: '10000',
			LLM_STREAM_IDLE_MS: '5000',
			LLM_RETRIES: '2',
			LLM_RETRY_BASE_MS: '5',
			LLM_RETRY_MAX_MS: '50',
			LLM_BREAKER_FAILURES: '10',
			LLM_BREAKER_OPEN_MS: '200',
			LLM_PRICES: '{"fake-model": {"input": 1, "output": 2}}',
			...env
		})
	);
}

const grade = (p: LlmProvider, a = answer) =>
	gradeWithModel(p, rubric, a, 'zh-CN', { onCall: (r, purpose) => calls.push({ ...r, purpose }) });

const good = (levels: Record<string, number> = {}, evidence: Record<string, string[]> = {}) =>
	replies.content(gradingReply(rubric, levels, evidence));

beforeAll(() => {
	log.level = 'silent';
});
beforeEach(async () => {
	fake = await FakeLlm.start();
	calls = [];
});
afterEach(async () => {
	await fake.close();
});

describe('LLM client against a fake OpenAI-compatible server', () => {
	it('sends the output limit as max_completion_tokens when LLM_MAX_TOKENS_PARAM says so (reasoning models)', async () => {
		fake.enqueue(good());
		const r = await grade(
			provider({ LLM_MAX_TOKENS_PARAM: 'max_completion_tokens', LLM_MAX_OUTPUT_TOKENS: '900' })
		);
		expect(r.ok).toBe(true);
		expect(fake.calls[0].body.max_completion_tokens).toBe(900);
		expect(fake.calls[0].body).not.toHaveProperty('max_tokens');
	});

	it('grades a normal streamed reply: structured output request, rubric in system, answer delimited', async () => {
		fake.enqueue(good({}, { security: ['并对个人信息脱敏'] }));
		const r = await grade(provider());
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.result.source).toBe('model');
		expect(r.result.totalPoints).toBe(r.result.maxPoints);
		expect(r.result.criteria.find((c) => c.criterionId === 'security')?.evidence).toEqual([
			'并对个人信息脱敏'
		]);
		const req = fake.calls[0];
		expect(req.headers.authorization).toBe('Bearer test-key');
		expect(req.body.stream).toBe(true);
		expect(req.body.response_format?.type).toBe('json_schema');
		expect(req.body.response_format?.json_schema?.strict).toBe(true);
		expect(req.body.max_tokens).toBe(2000);
		expect(req.body).not.toHaveProperty('max_completion_tokens');
		const [system, user] = req.body.messages ?? [];
		expect(system.role).toBe('system');
		expect(system.content).toContain('criterion_id: security');
		expect(system.content).toContain('Simplified Chinese');
		expect(system.content).not.toContain(answer);
		expect(user.role).toBe('user');
		const marker = /(ANSWER-[0-9A-F]+)-BEGIN/.exec(user.content)?.[1];
		expect(marker).toBeTruthy();
		expect(user.content).toContain(`${marker}-BEGIN\n${answer}\n${marker}-END`);
		expect(calls).toMatchObject([
			{ outcome: 'ok', tokensIn: 1000, tokensOut: 200, purpose: 'feedback' }
		]);
		expect(calls[0].cost).toBeCloseTo((1000 * 1 + 200 * 2) / 1e6, 9);
	});

	it('works without streaming', async () => {
		fake.enqueue(good());
		const r = await grade(provider({ LLM_STREAM: 'false' }));
		expect(r.ok).toBe(true);
		expect(fake.calls[0].body.stream).toBeFalsy();
	});

	it('waits for a slow but steady reply', async () => {
		fake.enqueue(
			replies.content(gradingReply(rubric), { delayMs: 150, chunkChars: 60, chunkDelayMs: 30 })
		);
		const r = await grade(provider({ LLM_STREAM_IDLE_MS: '2000' }));
		expect(r.ok).toBe(true);
		expect(fake.calls).toHaveLength(1);
	});

	it('retries a 429 no sooner than its retry-after-ms', async () => {
		fake.enqueue(replies.status(429, undefined, { 'retry-after-ms': '300' }), good());
		const r = await grade(provider({ LLM_RETRY_MAX_MS: '5000' }));
		expect(r.ok).toBe(true);
		expect(fake.calls).toHaveLength(2);
		expect(fake.calls[1].at - fake.calls[0].at).toBeGreaterThanOrEqual(300);
		expect(calls.map((c) => c.outcome)).toEqual(['http_429', 'ok']);
		expect(calls[0].httpStatus).toBe(429);
	});

	it('honours Retry-After in seconds', async () => {
		fake.enqueue(replies.status(429, undefined, { 'retry-after': '1' }), good());
		const r = await grade(provider({ LLM_RETRY_MAX_MS: '5000' }));
		expect(r.ok).toBe(true);
		expect(fake.calls[1].at - fake.calls[0].at).toBeGreaterThanOrEqual(1000);
	});

	it('retries 500s with backoff, then reports the provider unavailable', async () => {
		fake.setDefault(replies.status(500));
		const r = await grade(provider());
		expect(r).toMatchObject({ ok: false, reason: 'provider_error', retryLater: true });
		expect(fake.calls).toHaveLength(3); // first attempt + LLM_RETRIES=2
		expect(calls.map((c) => c.outcome)).toEqual(['http_5xx', 'http_5xx', 'http_5xx']);
	});

	it('does not retry a 401', async () => {
		fake.setDefault(replies.status(401));
		const r = await grade(provider());
		expect(r).toMatchObject({ ok: false, reason: 'provider_error' });
		expect(fake.calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({ outcome: 'http_4xx', httpStatus: 401 });
	});

	it('times out a provider that never answers, and retries', async () => {
		fake.setDefault(replies.hang());
		const r = await grade(provider({ LLM_TIMEOUT_MS: '150', LLM_RETRIES: '1' }));
		expect(r).toMatchObject({ ok: false, reason: 'provider_error' });
		expect(fake.calls).toHaveLength(2);
		expect(calls.map((c) => c.outcome)).toEqual(['timeout', 'timeout']);
	});

	it('aborts a stream that goes silent (inactivity timer) and retries it', async () => {
		fake.enqueue(
			replies.content(gradingReply(rubric), { chunkChars: 20, stallAfterChunks: 2 }),
			good()
		);
		const r = await grade(provider({ LLM_STREAM_IDLE_MS: '400' }));
		expect(r.ok).toBe(true);
		expect(calls.map((c) => c.outcome)).toEqual(['stalled', 'ok']);
	});

	it('strips a Markdown fence without another call', async () => {
		fake.enqueue(replies.content('```json\n' + JSON.stringify(gradingReply(rubric)) + '\n```'));
		const r = await grade(provider());
		expect(r.ok).toBe(true);
		expect(fake.calls).toHaveLength(1);
	});

	it('repairs malformed JSON once, showing the model its reply and the problem', async () => {
		fake.enqueue(replies.content('{"criteria": [ oops'), good());
		const r = await grade(provider());
		expect(r.ok).toBe(true);
		expect(fake.calls).toHaveLength(2);
		const repair = fake.calls[1].body.messages ?? [];
		expect(repair.at(-2)).toMatchObject({ role: 'assistant', content: '{"criteria": [ oops' });
		expect(repair.at(-1)?.content).toContain('not valid JSON');
		expect(calls.map((c) => [c.outcome, c.purpose])).toEqual([
			['invalid', 'feedback'],
			['ok', 'repair']
		]);
	});

	it('gives up after one failed repair (invalid reply, no retry later)', async () => {
		fake.enqueue(replies.content('not json'), replies.content({ criteria: [], summary: 'x' }));
		const r = await grade(provider());
		expect(r).toMatchObject({ ok: false, reason: 'invalid_reply', retryLater: false });
		expect(fake.calls).toHaveLength(2);
	});

	it('repairs a refusal once', async () => {
		fake.enqueue(replies.content('', { refusal: 'I cannot help with that.' }), good());
		const r = await grade(provider());
		expect(r.ok).toBe(true);
		expect(calls.map((c) => c.outcome)).toEqual(['refusal', 'ok']);
		expect(fake.calls[1].body.messages?.at(-1)?.content).toContain('learner data');
	});

	it('falls back after two refusals', async () => {
		fake.setDefault(replies.content('', { refusal: 'No.' }));
		const r = await grade(provider());
		expect(r).toMatchObject({ ok: false, reason: 'invalid_reply' });
		expect(fake.calls).toHaveLength(2);
	});

	it('repairs a reply cut by the length limit', async () => {
		fake.enqueue(
			replies.content('{"criteria": [{"criterion_id": "interface"', { finishReason: 'length' }),
			good()
		);
		const r = await grade(provider());
		expect(r.ok).toBe(true);
		expect(calls.map((c) => c.outcome)).toEqual(['length', 'ok']);
		expect(fake.calls[1].body.messages?.at(-1)?.content).toContain('cut off');
	});

	it('asks for JSON mode or plain instructions when configured so', async () => {
		fake.enqueue(good(), good());
		expect((await grade(provider({ LLM_RESPONSE_FORMAT: 'json_object' }))).ok).toBe(true);
		expect(fake.calls[0].body.response_format).toEqual({ type: 'json_object' });
		expect((await grade(provider({ LLM_RESPONSE_FORMAT: 'prompt' }))).ok).toBe(true);
		expect(fake.calls[1].body.response_format).toBeUndefined();
		expect(fake.calls[1].body.messages?.[0].content).toContain('"criterion_id"');
	});

	it('clamps out-of-range and fractional levels and computes points itself', async () => {
		fake.enqueue(
			replies.content({
				...gradingReply(rubric, { interface: 99, security: -3, resilience: 1.6, operations: 0 }),
				total: 1000
			})
		);
		const r = await grade(provider());
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		const levels = Object.fromEntries(r.result.criteria.map((c) => [c.criterionId, c.level]));
		expect(levels).toEqual({ interface: 3, security: 0, resilience: 2, operations: 0 });
		expect(r.result.totalPoints).toBe(6 + 0 + 4 + 0);
		expect(r.result.maxPoints).toBe(22);
	});

	it('drops fabricated evidence and marks the criterion unverified', async () => {
		fake.enqueue(
			good(
				{ security: 2, resilience: 3, interface: 0, operations: 0 },
				{
					security: ['网关对每个请求做鉴权(OAuth 2.0)', '所有调用写入审计日志'],
					resilience: ['我们使用熔断器']
				}
			)
		);
		const r = await grade(provider());
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		const by = Object.fromEntries(r.result.criteria.map((c) => [c.criterionId, c]));
		expect(by.security.evidence).toEqual(['网关对每个请求做鉴权(OAuth 2.0)']);
		expect(by.security.verified).toBe(false);
		expect(by.resilience.evidence).toEqual([]);
		expect(by.resilience.verified).toBe(false);
		expect(by.interface.verified).toBe(true); // lowest level needs no evidence
	});

	it('opens the breaker after consecutive failures, answers without calling, then closes again', async () => {
		const p = provider({ LLM_RETRIES: '0', LLM_BREAKER_FAILURES: '3', LLM_BREAKER_OPEN_MS: '300' });
		fake.setDefault(replies.status(503));
		for (let i = 0; i < 3; i++) {
			expect(await grade(p)).toMatchObject({ ok: false, reason: 'provider_error' });
		}
		expect(p.breakerState).toBe('open');
		const before = fake.calls.length;
		expect(await grade(p)).toMatchObject({ ok: false, reason: 'breaker_open', retryLater: true });
		expect(fake.calls.length).toBe(before); // no request while open
		await new Promise((r) => setTimeout(r, 350));
		fake.setDefault(good());
		expect((await grade(p)).ok).toBe(true);
		expect(p.breakerState).toBe('closed');
	});

	it('surfaces an exhausted call as ProviderUnavailableError from complete()', async () => {
		fake.setDefault(replies.status(500));
		await expect(
			provider({ LLM_RETRIES: '0' }).complete([{ role: 'user', content: 'x' }])
		).rejects.toBeInstanceOf(ProviderUnavailableError);
	});
});

describe('retryAfterMs', () => {
	it('reads retry-after-ms, seconds and HTTP dates', () => {
		expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
		expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now)).toBe(
			5000
		);
		expect(retryAfterMs(new Headers({}))).toBeNull();
		expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeNull();
	});
});
