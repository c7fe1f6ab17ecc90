// The feedback pipeline's own cost and the queue's throughput, in-process against the fake
// OpenAI-compatible provider (tests/support/fake-llm.ts). Run by bench/run.ts; prints JSON.
//   overhead: sequential submissions, the fake answering each in exactly 500 ms; overhead =
//     time from submitAnswer to the job done, minus the provider's time (request in → reply sent).
//   regrade: N regrade jobs (enqueueFeedback, bypassing the cache, as a batch regrade queues them)
//     under LLM_RPM per LLM_RATE_WINDOW_MS, the fake answering at once; throughput after the first
//     window's burst, as a share of the limit, and failed jobs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { openDatabase, setDb } from '../src/lib/server/db';
import { runMigrations } from '../src/lib/server/db/migrate';
import { feedbackJobs } from '../src/lib/server/db/schema';
import { loadConfig } from '../src/lib/server/config';
import { log } from '../src/lib/server/log';
import { FeedbackWorker } from '../src/lib/server/feedback/worker';
import { enqueueFeedback, submitAnswer, subscribeFeedback } from '../src/lib/server/feedback';
import { FakeLlm, gradingReply, replies } from '../tests/support/fake-llm';
import { gatewayRubric as rubric } from '../tests/fixtures/feedback/rubrics';
import { createUser } from '../src/lib/server/auth/user';
import { updateSettings } from '../src/lib/server/settings';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const PROVIDER_MS = 500;

log.level = 'silent';
const dir = mkdtempSync(join(tmpdir(), 'casebook-bench-pipeline-'));
const db = openDatabase(join(dir, 'bench.db'));
runMigrations(db, './migrations');
setDb(db);
// One bench learner submits everything: lift the per-learner daily quota (an admin setting; its
// default comes from the process's LLM_DAILY_QUOTA_PER_LEARNER, not from the worker's config below).
updateSettings(db, { llmDailyQuotaPerLearner: 10_000 }, { actorId: null });
const user = createUser(db, {
	email: 'pipeline@example.test',
	displayName: 'Pipeline',
	passwordHash: 'x',
	role: 'learner'
});
const answer =
	'网关对每个请求做鉴权（OAuth 2.0），并对个人信息脱敏。调用模型设置超时 20 秒，失败按指数退避重试。输出用 JSON Schema 校验。';
let seq = 0;
const submit = (text = answer) =>
	submitAnswer(db, {
		userId: user.id,
		itemId: rubric.id,
		itemVersion: rubric.version,
		locale: 'zh-CN',
		answer: `${text} (${++seq})`,
		idempotencyKey: `bench-pipeline-${seq}-key`
	});

/** Resolves with the time (performance.now) when the submission's job is done or failed. */
function settled(submissionId: number): Promise<number> {
	return new Promise((resolve) => {
		const stop = subscribeFeedback(submissionId, (p) => {
			if (p.stage === 'done' || p.stage === 'failed') {
				const t = performance.now();
				stop();
				resolve(t);
			}
		});
	});
}

function worker(fake: FakeLlm, env: Record<string, string>): FeedbackWorker {
	const w = new FeedbackWorker({
		db,
		config: loadConfig({
			DATABASE_URL: join(dir, 'bench.db'),
			LLM_BASE_URL: fake.url,
			LLM_MODEL: 'bench-model',
			LLM_RETRIES: '0',
			FEEDBACK_POLL_MS: '60000',
			LLM_TPM: '100000000',
			// One bench learner submits everything: lift the per-learner daily quota.
			LLM_DAILY_QUOTA_PER_LEARNER: '1000000',
			...env
		}),
		resolveRubric: (_db, itemId, version) =>
			itemId === rubric.id && version === rubric.version ? rubric : null
	});
	w.start();
	return w;
}

const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const round = (x: number) => Math.round(x * 10) / 10;

async function overhead() {
	const fake = await FakeLlm.start();
	const providerMs = new Map<number, number>();
	const reply = replies.content(gradingReply(rubric, {}));
	fake.setDefault(async (req, res) => {
		const t = performance.now();
		await new Promise((r) => setTimeout(r, PROVIDER_MS));
		await reply(req, res);
		providerMs.set(providerMs.size, performance.now() - t);
	});
	const w = worker(fake, { FEEDBACK_CONCURRENCY: '1' });
	const n = quick ? 10 : 40;
	const overheads: number[] = [];
	const totals: number[] = [];
	for (let i = 0; i < n; i++) {
		const t0 = performance.now();
		const { submissionId } = submit();
		const t1 = await settled(submissionId);
		const provider = providerMs.get(i) ?? PROVIDER_MS;
		totals.push(t1 - t0);
		overheads.push(t1 - t0 - provider);
	}
	await w.stop();
	await fake.close();
	return {
		submissions: n,
		providerMs: PROVIDER_MS,
		totalP50Ms: round(pct(totals, 50)),
		overheadP50Ms: round(pct(overheads, 50)),
		overheadP95Ms: round(pct(overheads, 95)),
		overheadMaxMs: round(Math.max(...overheads))
	};
}

async function regrade() {
	const fake = await FakeLlm.start();
	fake.setDefault(replies.content(gradingReply(rubric, {})));
	const rpm = quick ? 30 : 60;
	const windowMs = quick ? 2_000 : 5_000;
	const windows = quick ? 2 : 3;
	const jobs = rpm * (windows + 2);
	// The submissions to regrade (their first feedback is not part of the measure).
	const ids = Array.from(
		{ length: jobs },
		() => submit('批量重评的答案：网关、熔断、幂等键、监控。').submissionId
	);
	db.update(feedbackJobs).set({ state: 'done' }).run();
	const w = worker(fake, { LLM_RPM: String(rpm), LLM_RATE_WINDOW_MS: String(windowMs) });
	const t0 = performance.now();
	const done = ids.map((id) => settled(id));
	for (const id of ids) enqueueFeedback(db, id, { bypassCache: true });
	const times = (await Promise.all(done)).map((t) => t - t0).sort((a, b) => a - b);
	await w.stop();
	await fake.close();
	const failed = db
		.select()
		.from(feedbackJobs)
		.where(eq(feedbackJobs.state, 'failed'))
		.all().length;
	// The limiter's windows are fixed and start at the first call: count the calls completed in whole
	// windows after the first (each window's calls complete right after it opens), with a backlog
	// left over, so the queue — not the supply of jobs — is what is measured.
	const first = times[0];
	const counted = times.filter(
		(t) => t >= first + windowMs / 2 && t < first + windowMs * (windows + 0.5)
	).length;
	const steady = counted / windows;
	return {
		jobs,
		limitPerWindow: rpm,
		windowMs,
		elapsedMs: Math.round(times[jobs - 1]),
		modelFeedback: db.$client
			.prepare("select count(*) n from feedback where source = 'model'")
			.pluck()
			.get() as number,
		steadyPerWindow: round(steady),
		shareOfLimit: Math.round((steady / rpm) * 1000) / 1000,
		failedJobs: failed,
		windowsMeasured: windows,
		providerCalls: fake.calls.length
	};
}

const result = { overhead: await overhead(), regrade: await regrade() };
db.$client.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(result));
process.exit(0);
