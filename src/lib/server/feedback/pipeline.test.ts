import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { FakeLlm, gradingReply, replies } from '../../../../tests/support/fake-llm';
import {
	fixtureRubrics,
	gatewayRubric as rubric
} from '../../../../tests/fixtures/feedback/rubrics';
import { loadConfig, type Config } from '../config';
import type { Db } from '../db';
import { feedbackJobs, llmCalls, submissions } from '../db/schema/feedback';
import { notifications } from '../db/schema/notifications';
import type { User } from '../db/schema/auth';
import { log } from '../log';
import { updateSettings } from '../settings';
import { claimJob, settleJob } from './jobs';
import { FeedbackWorker } from './worker';
import { feedbackEvents, type FeedbackProgress } from './events';
import {
	countFailedCalls,
	getFeedback,
	listFeedback,
	submitAnswer,
	subscribeFeedback
} from './index';
import type { JobOutcome } from './runner';

const answer =
	'网关对每个请求做鉴权（OAuth 2.0），并对个人信息脱敏。调用模型设置超时 20 秒，失败按指数退避重试，连续失败触发熔断并降级到备用模型。';

let db: Db;
let cleanup: () => void;
let fake: FakeLlm;
let user: User;
let workers: FeedbackWorker[];
let outcomes: JobOutcome[];
let keySeq = 0;

const resolveRubric = (_db: Db, itemId: string, version: number) => {
	const r = fixtureRubrics[itemId];
	return r && r.version === version ? r : null;
};

function config(env: Record<string, string> = {}): Config {
	return loadConfig({
		LLM_BASE_URL: fake.url,
		LLM_MODEL: 'fake-model',
		LLM_TIMEOUT_MS: '10000',
		LLM_STREAM_IDLE_MS: '5000',
		LLM_RETRIES: '1',
		LLM_RETRY_BASE_MS: '5',
		LLM_RETRY_MAX_MS: '20',
		LLM_BREAKER_FAILURES: '50',
		LLM_BREAKER_OPEN_MS: '100',
		FEEDBACK_POLL_MS: '20',
		FEEDBACK_LEASE_MS: '10000',
		FEEDBACK_AI_RETRY_MS: '50',
		FEEDBACK_MAX_ATTEMPTS: '4',
		FEEDBACK_CONCURRENCY: '1',
		...env
	});
}

function worker(env: Record<string, string> = {}, cfg = config(env)): FeedbackWorker {
	const w = new FeedbackWorker({ db, config: cfg, resolveRubric, onJob: (o) => outcomes.push(o) });
	workers.push(w);
	w.start();
	return w;
}

function submit(text = answer, extra: Partial<Parameters<typeof submitAnswer>[1]> = {}) {
	return submitAnswer(db, {
		userId: user.id,
		itemId: rubric.id,
		itemVersion: rubric.version,
		locale: 'zh-CN',
		answer: text,
		idempotencyKey: `key-${++keySeq}-abcdefgh`,
		...extra
	});
}

/** Resolves when the submission's job has finished (done or failed), whatever happened before. */
function settled(submissionId: number): Promise<void> {
	return new Promise<void>((resolve) => {
		const check = () => {
			const state = getFeedback(db, submissionId)?.job?.state;
			if (state === 'done' || state === 'failed') {
				stop();
				// Let the worker loop report the job's outcome (onJob) before the test goes on.
				setImmediate(resolve);
			}
		};
		const stop = subscribeFeedback(submissionId, check);
		check();
	});
}

/** Resolves at the first progress event matching `pred`. */
function nextEvent(pred: (p: FeedbackProgress) => boolean): Promise<FeedbackProgress> {
	return new Promise((resolve) => {
		const h = (p: FeedbackProgress) => {
			if (pred(p)) {
				feedbackEvents.off('progress', h);
				resolve(p);
			}
		};
		feedbackEvents.on('progress', h);
	});
}

const good = () => replies.content(gradingReply(rubric, {}, { security: ['并对个人信息脱敏'] }));

beforeAll(() => {
	log.level = 'silent';
});
beforeEach(async () => {
	({ db, cleanup } = createTestDb());
	fake = await FakeLlm.start();
	user = await makeUser(db, { displayName: 'Zhang Wei', email: 'zhang.wei@example.test' });
	workers = [];
	outcomes = [];
});
afterEach(async () => {
	await Promise.all(workers.map((w) => w.stop()));
	await fake.close();
	cleanup();
});

describe('submitAnswer', () => {
	it('stores the answer and a pending job in one go, and a replay of the key changes nothing', () => {
		const first = submit(answer, { idempotencyKey: 'double-click-key' });
		const again = submit('a different body', { idempotencyKey: 'double-click-key' });
		expect(first.duplicate).toBe(false);
		expect(again).toEqual({ ...first, duplicate: true });
		expect(db.select().from(submissions).all()).toHaveLength(1);
		expect(db.select().from(feedbackJobs).all()).toMatchObject([{ state: 'pending', attempts: 0 }]);
		expect(getFeedback(db, first.submissionId)?.submission.answer).toBe(answer);
	});

	it('rejects a malformed input and an unknown user without storing anything', () => {
		expect(() => submit(answer, { idempotencyKey: 'short' })).toThrow();
		expect(() => submit(answer, { userId: 999_999 })).toThrow();
		expect(db.select().from(submissions).all()).toHaveLength(0);
	});
});

describe('feedback worker', () => {
	it('answers with the offline check, labelled so, when no provider is configured', async () => {
		worker({}, loadConfig({ FEEDBACK_POLL_MS: '20' }));
		const { submissionId } = submit();
		await settled(submissionId);
		const view = getFeedback(db, submissionId);
		expect(view?.job?.state).toBe('done');
		expect(view?.feedback).toMatchObject({
			source: 'offline',
			offlineReason: 'no_provider',
			model: null
		});
		expect(view?.feedback?.summary).toContain('非 AI');
		expect(fake.calls).toHaveLength(0);
	});

	it('stores model feedback with the model, prompt and rubric versions, and accounts for the call', async () => {
		fake.enqueue(good());
		worker({ LLM_PRICES: '{"fake-model": {"input": 2, "output": 8}}' });
		const { submissionId } = submit();
		await settled(submissionId);
		const view = getFeedback(db, submissionId);
		expect(view?.feedback).toMatchObject({
			source: 'model',
			model: 'fake-model',
			promptVersion: 'v1',
			rubricVersion: 1,
			totalPoints: 22,
			maxPoints: 22,
			locale: 'zh-CN'
		});
		expect(view?.feedback?.criteria).toHaveLength(4);
		expect(view?.feedback?.criteria[1]).toMatchObject({
			criterionId: 'security',
			evidence: ['并对个人信息脱敏'],
			verified: true
		});
		const rows = db.select().from(llmCalls).all();
		expect(rows).toMatchObject([
			{
				model: 'fake-model',
				outcome: 'ok',
				tokensIn: 1000,
				tokensOut: 200,
				purpose: 'feedback',
				userId: user.id
			}
		]);
		expect(rows[0].latencyMs).toBeGreaterThanOrEqual(0);
		expect(rows[0].cost).toBeCloseTo((1000 * 2 + 200 * 8) / 1e6, 9);
	});

	it('never sends the learner’s name or email to the provider', async () => {
		fake.enqueue(good());
		worker();
		const { submissionId } = submit();
		await settled(submissionId);
		const sent = JSON.stringify(fake.calls[0].body);
		expect(sent).toContain('并对个人信息脱敏');
		expect(sent).not.toContain('Zhang Wei');
		expect(sent).not.toContain('zhang.wei@example.test');
	});

	it('makes one submission and one call for a double submit', async () => {
		fake.setDefault(good());
		worker();
		const a = submit(answer, { idempotencyKey: 'same-key-123' });
		const b = submit(answer, { idempotencyKey: 'same-key-123' });
		await settled(a.submissionId);
		expect(b).toMatchObject({ submissionId: a.submissionId, duplicate: true });
		expect(fake.calls).toHaveLength(1);
		expect(db.select().from(feedbackJobs).all()).toHaveLength(1);
	});

	it('serves an identical answer from the cache without a call; a regrade bypasses it', async () => {
		fake.setDefault(good());
		worker();
		const first = submit(answer);
		await settled(first.submissionId);
		const second = submit(`  ${answer}\r\n`); // same after normalisation
		await settled(second.submissionId);
		expect(fake.calls).toHaveLength(1);
		const cached = getFeedback(db, second.submissionId)?.feedback;
		expect(cached).toMatchObject({
			source: 'model',
			cachedFromId: getFeedback(db, first.submissionId)?.feedback?.id
		});
		expect(outcomes.map((o) => o.kind)).toEqual(['model', 'cached']);

		const { enqueueFeedback } = await import('./jobs');
		enqueueFeedback(db, second.submissionId, { bypassCache: true });
		await new Promise<void>((r) => {
			const t = setInterval(() => {
				if (outcomes.length === 3) {
					clearInterval(t);
					r();
				}
			}, 10);
		});
		expect(outcomes[2].kind).toBe('model');
		expect(fake.calls).toHaveLength(2);
	});

	it('switches to the offline check with reason "quota" past the learner’s daily quota', async () => {
		fake.setDefault(good());
		// An admin setting (/admin/settings), read at each job.
		updateSettings(db, { llmDailyQuotaPerLearner: 1 }, { actorId: null });
		worker();
		const a = submit('第一份答案：鉴权与脱敏。');
		await settled(a.submissionId);
		const b = submit('第二份答案：超时与重试。');
		await settled(b.submissionId);
		expect(getFeedback(db, a.submissionId)?.feedback?.source).toBe('model');
		expect(getFeedback(db, b.submissionId)?.feedback).toMatchObject({
			source: 'offline',
			offlineReason: 'quota'
		});
		expect(getFeedback(db, b.submissionId)?.job?.reason).toBe('quota');
		expect(fake.calls).toHaveLength(1);
	});

	it('switches to the offline check with reason "budget" once the daily budget is spent', async () => {
		fake.setDefault(good());
		// 1000 tokens in × 100 + 200 out × 100 per 1M = 0.12 per call; budget 0.1.
		updateSettings(db, { llmDailyBudget: 0.1 }, { actorId: null });
		worker({ LLM_PRICES: '{"fake-model": {"input": 100, "output": 100}}' });
		const a = submit('答案一：鉴权。');
		await settled(a.submissionId);
		const b = submit('答案二：脱敏。');
		await settled(b.submissionId);
		expect(getFeedback(db, a.submissionId)?.feedback?.source).toBe('model');
		expect(getFeedback(db, b.submissionId)?.feedback).toMatchObject({
			source: 'offline',
			offlineReason: 'budget'
		});
		expect(fake.calls).toHaveLength(1);
	});

	it('gives offline feedback at once when the provider fails, and the model’s when it recovers', async () => {
		fake.enqueue(replies.status(500), replies.status(500)); // first attempt + 1 retry
		fake.setDefault(good());
		worker();
		const { submissionId } = submit();
		const offline = await nextEvent(
			(p) => p.stage === 'feedback' && p.submissionId === submissionId
		);
		expect(offline).toMatchObject({ source: 'offline' });
		expect(offline.stage === 'feedback' && offline.aiRetryAt).toBeTruthy();
		const meanwhile = getFeedback(db, submissionId);
		expect(meanwhile?.feedback).toMatchObject({
			source: 'offline',
			offlineReason: 'provider_error'
		});
		expect(meanwhile?.aiRetryPending).toBe(true);
		// What the learner is told: the first attempt and the one retry (LLM_RETRIES=1) got no reply.
		expect(countFailedCalls(db, { ...meanwhile!.feedback!, userId: user.id })).toBe(2);
		await settled(submissionId);
		const view = getFeedback(db, submissionId);
		expect(view?.feedback?.source).toBe('model');
		expect(view?.aiRetryPending).toBe(false);
		expect(view?.job).toMatchObject({ state: 'done', attempts: 2 });
		expect(outcomes.map((o) => [o.kind, 'reason' in o ? o.reason : null])).toEqual([
			['retry-later', 'provider_error'],
			['model', null]
		]);
		// The learner hears of both: the offline check now, the AI feedback later.
		const sent = db.select().from(notifications).where(eq(notifications.userId, user.id)).all();
		expect(sent.map((n) => [n.kind, JSON.parse(n.payload)])).toEqual([
			['feedback_ready', { submissionId, source: 'offline' }],
			['feedback_ready', { submissionId, source: 'model' }]
		]);
	});

	it('labels the offline fallback "breaker_open" while the breaker is open, and lets the AI retry later', async () => {
		fake.setDefault(replies.status(503));
		worker({
			LLM_RETRIES: '0',
			LLM_BREAKER_FAILURES: '1',
			LLM_BREAKER_OPEN_MS: '60000',
			FEEDBACK_MAX_ATTEMPTS: '2'
		});
		const { submissionId } = submit();
		await settled(submissionId);
		// Claim 1: 503 opens the breaker (provider_error, retried later). Claim 2: breaker open, no call;
		// the attempts are used up, so the offline result stands, labelled with the reason.
		expect(fake.calls).toHaveLength(1);
		expect(outcomes.map((o) => [o.kind, 'reason' in o ? o.reason : null])).toEqual([
			['retry-later', 'provider_error'],
			['offline', 'breaker_open']
		]);
		const view = getFeedback(db, submissionId);
		expect(view?.feedback?.source).toBe('offline');
		expect(view?.job).toMatchObject({ state: 'done', reason: 'breaker_open' });
		// With LLM_RETRIES=0 the provider_error result followed one attempt and no retry.
		const first = listFeedback(db, submissionId).find((f) => f.offlineReason === 'provider_error');
		expect(countFailedCalls(db, { ...first!, userId: user.id })).toBe(1);
	});

	it('falls back to the offline check after an invalid reply and its failed repair', async () => {
		fake.setDefault(replies.content('I think this answer is quite good!'));
		worker();
		const { submissionId } = submit();
		await settled(submissionId);
		expect(getFeedback(db, submissionId)?.feedback).toMatchObject({
			source: 'offline',
			offlineReason: 'invalid_reply'
		});
		expect(fake.calls).toHaveLength(2);
	});

	it('finishes a job whose worker died (expired lease); the dead worker can no longer write', async () => {
		const { submissionId, jobId } = submit();
		const dead = claimJob(db, 100); // a worker claims it with a 100 ms lease, then "dies"
		expect(dead?.job.id).toBe(jobId);
		fake.setDefault(good());
		worker();
		await settled(submissionId);
		const view = getFeedback(db, submissionId);
		expect(view?.feedback?.source).toBe('model');
		expect(view?.job?.attempts).toBe(2);
		// The late writer is refused: its lease token is gone.
		expect(settleJob(db, jobId, dead!.token, { state: 'failed', reason: 'late' })).toBe(false);
		expect(getFeedback(db, submissionId)?.job?.state).toBe('done');
	});

	it('puts an in-flight job back to pending on stop, and a new worker finishes it', async () => {
		fake.enqueue(replies.hang());
		const w = worker();
		const { submissionId } = submit();
		await nextEvent((p) => p.stage === 'calling' && p.submissionId === submissionId);
		await new Promise((r) => setTimeout(r, 20));
		await w.stop();
		expect(getFeedback(db, submissionId)?.job?.state).toBe('pending');
		expect(getFeedback(db, submissionId)?.feedback).toBeNull();
		fake.setDefault(good());
		worker();
		await settled(submissionId);
		expect(getFeedback(db, submissionId)?.feedback?.source).toBe('model');
	});

	it('queues calls under the requests-per-minute limit, and a stop releases a job waiting there', async () => {
		fake.setDefault(good());
		const w = worker({ LLM_RPM: '1', LLM_RATE_WINDOW_MS: '2000' });
		const first = submit('答案一：鉴权。');
		await settled(first.submissionId);
		const second = submit('答案二：脱敏。');
		await nextEvent((p) => p.stage === 'calling' && p.submissionId === second.submissionId);
		await w.stop(); // leaves the queue at once (else it would wait for the window)
		expect(fake.calls).toHaveLength(1);
		expect(getFeedback(db, second.submissionId)?.job?.state).toBe('pending');
	});

	it('retries a job whose rubric cannot be found, then fails it and keeps the submission', async () => {
		worker();
		const { submissionId } = submit(answer, { itemId: 'exercise-unknown' });
		await settled(submissionId);
		const view = getFeedback(db, submissionId);
		expect(view?.job).toMatchObject({ state: 'failed', reason: 'rubric_missing', attempts: 4 });
		expect(view?.submission.answer).toBe(answer);
	});

	it('streams progress events for one submission', async () => {
		fake.enqueue(replies.content(gradingReply(rubric), { chunkChars: 10 }));
		worker();
		const seen: string[] = [];
		const { submissionId } = submit();
		const stop = subscribeFeedback(submissionId, (p) => seen.push(p.stage));
		await settled(submissionId);
		stop();
		expect(seen).toEqual(
			expect.arrayContaining(['started', 'calling', 'streaming', 'feedback', 'done'])
		);
		expect(seen.at(-1)).toBe('done');
	});

	it('resumes every pending job on start and loses none under concurrency', async () => {
		fake.setDefault(good());
		const ids = Array.from(
			{ length: 6 },
			(_, i) => submit(`答案 ${i}：鉴权、脱敏、超时、重试。`).submissionId
		);
		worker({ FEEDBACK_CONCURRENCY: '3' });
		await Promise.all(ids.map(settled));
		for (const id of ids) expect(getFeedback(db, id)?.feedback?.source).toBe('model');
		expect(fake.calls).toHaveLength(6);
		expect(db.select().from(feedbackJobs).where(eq(feedbackJobs.state, 'done')).all()).toHaveLength(
			6
		);
	});
});
