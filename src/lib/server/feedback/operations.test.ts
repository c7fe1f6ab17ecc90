import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { FakeLlm, gradingReply, replies } from '../../../../tests/support/fake-llm';
import { gatewayRubric as rubric } from '../../../../tests/fixtures/feedback/rubrics';
import { loadConfig } from '../config';
import type { Db } from '../db';
import { feedbackJobs } from '../db/schema/feedback';
import type { User } from '../db/schema/auth';
import { log } from '../log';
import { registry } from '../metrics';
import { updateSettings } from '../settings';
import { FeedbackWorker } from './worker';
import { feedbackQueueStats, getFeedback, submitAnswer, subscribeFeedback } from './index';

// How the feedback pipeline plugs into operations: archive mode (no LLM calls), the LLM and queue
// metrics of /metrics.

const answer = '网关对每个请求做鉴权（OAuth 2.0），并对个人信息脱敏。调用模型设置超时 20 秒。';
let db: Db;
let cleanup: () => void;
let fake: FakeLlm;
let user: User;
let workers: FeedbackWorker[];
let seq = 0;

const cfg = () =>
	loadConfig({
		LLM_BASE_URL: fake.url,
		LLM_MODEL: 'ops-model',
		LLM_RETRIES: '0',
		LLM_BREAKER_FAILURES: '50',
		FEEDBACK_POLL_MS: '20',
		FEEDBACK_CONCURRENCY: '1',
		LLM_PRICES: '{"ops-model": {"input": 2, "output": 8}}'
	});

function startWorker(): FeedbackWorker {
	const w = new FeedbackWorker({
		db,
		config: cfg(),
		resolveRubric: (_db, itemId, version) =>
			itemId === rubric.id && version === rubric.version ? rubric : null
	});
	workers.push(w);
	w.start();
	return w;
}

const submit = () =>
	submitAnswer(db, {
		userId: user.id,
		itemId: rubric.id,
		itemVersion: rubric.version,
		locale: 'zh-CN',
		answer,
		idempotencyKey: `ops-key-${++seq}-abcdefgh`
	});

function settled(submissionId: number): Promise<void> {
	return new Promise((resolve) => {
		const check = () => {
			const state = getFeedback(db, submissionId)?.job?.state;
			if (state === 'done' || state === 'failed') {
				stop();
				setImmediate(resolve);
			}
		};
		const stop = subscribeFeedback(submissionId, check);
		check();
	});
}

/** A sample's value from /metrics text, or undefined. */
async function sample(series: string): Promise<number | undefined> {
	const line = (await registry.metrics()).split('\n').find((l) => l.startsWith(series + ' '));
	return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

beforeAll(() => {
	log.level = 'silent';
});
beforeEach(async () => {
	({ db, cleanup } = createTestDb());
	fake = await FakeLlm.start();
	user = await makeUser(db);
	workers = [];
	registry.resetMetrics();
});
afterEach(async () => {
	await Promise.all(workers.map((w) => w.stop()));
	await fake.close();
	cleanup();
});

describe('feedback and operations', () => {
	it('makes no LLM call in archive mode: the offline check answers', async () => {
		updateSettings(db, { archiveMode: true }, { actorId: null });
		fake.enqueue(replies.content(gradingReply(rubric, {})));
		startWorker();
		const { submissionId } = submit();
		await settled(submissionId);
		expect(getFeedback(db, submissionId)?.feedback).toMatchObject({
			source: 'offline',
			offlineReason: 'archived',
			model: null
		});
		expect(fake.calls).toHaveLength(0);
	});

	it('counts each provider call, its tokens and cost, and the breaker state in /metrics', async () => {
		fake.enqueue(replies.content(gradingReply(rubric, {})));
		startWorker();
		expect(await sample('casebook_circuit_breaker_state{breaker="llm"}')).toBe(0);
		const { submissionId } = submit();
		await settled(submissionId);
		expect(getFeedback(db, submissionId)?.feedback?.source).toBe('model');
		const labels = 'model="ops-model",purpose="feedback",outcome="ok"';
		expect(await sample(`casebook_llm_calls_total{${labels}}`)).toBe(1);
		expect(await sample(`casebook_llm_call_duration_seconds_count{${labels}}`)).toBe(1);
		expect(
			await sample('casebook_llm_tokens_total{model="ops-model",direction="in"}')
		).toBeGreaterThan(0);
		expect(
			await sample('casebook_llm_cost_total{model="ops-model",currency="USD"}')
		).toBeGreaterThan(0);
	});

	it('reports the queue: pending and running jobs, and how long the oldest due job has waited', () => {
		const now = new Date();
		expect(feedbackQueueStats(db, now)).toEqual({ pending: 0, running: 0, oldestPendingAt: null });
		const a = submit();
		const b = submit();
		const c = submit();
		const at = (ms: number) => new Date(now.getTime() + ms);
		db.update(feedbackJobs)
			.set({ nextRunAt: at(-60_000) })
			.where(eq(feedbackJobs.id, a.jobId))
			.run();
		db.update(feedbackJobs)
			.set({ nextRunAt: at(600_000) })
			.where(eq(feedbackJobs.id, b.jobId))
			.run();
		db.update(feedbackJobs).set({ state: 'running' }).where(eq(feedbackJobs.id, c.jobId)).run();
		expect(feedbackQueueStats(db, now)).toEqual({
			pending: 2,
			running: 1,
			oldestPendingAt: at(-60_000)
		});
	});
});
