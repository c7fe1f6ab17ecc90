import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { get, postForm } from '../support/http';
import { signedIn } from '../support/factories';
import { makeContentDir } from '../support/content';
import { writeExercise } from '../support/exercise-content';
import { FakeLlm, gradingReply, replies } from '../support/fake-llm';
import { feedbackFinished, readEvents, type SseEvent } from '../support/sse';
import { startBuiltServer, type RunningServer } from '../support/server';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { feedbackJobs, submissions } from '../../src/lib/server/db/schema';
import { loadExerciseEvalSets } from '../../src/lib/server/feedback/eval-sets';
import { grantExtension } from '../../src/lib/server/exercises';
import { localDateTimeAt } from '../../src/lib/server/time';

// Servers of their own: with the fake OpenAI-compatible provider, and with exercises that are due.
const SLUG = 'banking-kb-design';
const rubric = loadExerciseEvalSets('cases/exercises').rubrics['exercise-banking-kb-design'];
const ANSWER =
	'## 方案\n\n账户数据不出行，采用意图识别加模板填数。\n\n接口使用 JSON Schema，身份取自服务端会话。熔断与降级。';
const QUOTE = '采用意图识别加模板填数';

const keyOf = (page: string) => /name="idempotencyKey" value="([^"]+)"/.exec(page)?.[1] ?? '';
async function submit(server: RunningServer, slug: string, cookie: string, answer = ANSWER) {
	const page = await (await get(`/exercises/${slug}`, { cookie, base: server.url })).text();
	return postForm(
		`/exercises/${slug}?/submit`,
		{ answer, idempotencyKey: keyOf(page) },
		{ cookie, base: server.url }
	);
}
const idOf = (res: Response) =>
	Number(/\/submissions\/(\d+)$/.exec(res.headers.get('location') ?? '')?.[1]);
const stageIs = (stage: string) => (e: SseEvent) =>
	e.event === 'progress' && (e.data as { stage: string }).stage === stage;

describe('AI feedback through the fake provider', () => {
	let fake: FakeLlm;
	let server: RunningServer;
	let db: Db;
	beforeAll(async () => {
		fake = await FakeLlm.start();
		server = await startBuiltServer({
			LLM_BASE_URL: fake.url,
			LLM_MODEL: 'fake-model',
			LLM_PROVIDER_NAME: 'Fake Provider Inc.',
			LLM_RETRIES: '0',
			LLM_RETRY_BASE_MS: '0',
			FEEDBACK_POLL_MS: '50',
			FEEDBACK_AI_RETRY_MS: '600000'
		});
		db = openDatabase(server.dbPath);
	});
	afterAll(async () => {
		db?.$client.close();
		await server?.stop();
		await fake?.close();
	});

	it('names the provider before submitting, sends no name or email, and shows the model’s feedback', async () => {
		const { cookie, user } = await signedIn(db);
		fake.enqueue(
			replies.content(gradingReply(rubric, { interface: 1 }, { 'data-boundary': [QUOTE] }))
		);
		const page = await (await get(`/exercises/${SLUG}`, { cookie, base: server.url })).text();
		expect(page).toContain('data-testid="provider-notice"');
		expect(page).toContain('Fake Provider Inc.');
		const res = await submit(server, SLUG, cookie);
		expect(res.status).toBe(303);
		const id = idOf(res);
		await readEvents(`${server.url}/submissions/${id}/events`, cookie, feedbackFinished);
		const sent = JSON.stringify(fake.calls.at(-1)?.body);
		expect(sent).toContain('意图识别加模板填数');
		expect(sent).not.toContain(user.email);
		expect(sent).not.toContain(user.displayName);
		const view = await (await get(`/submissions/${id}`, { cookie, base: server.url })).text();
		expect(view).toContain('data-source="model"');
		expect(view).toContain('AI 反馈');
		expect(view).toContain('fake-model');
		expect(view).toContain('Fake Provider Inc.');
		expect(view).toMatch(new RegExp(`<mark id="ev-0-0"[^>]*>${QUOTE}`));
		// Points are the rubric's for the levels (interface at level 1 = 2 of 6), marked provisional.
		expect(view).toMatch(/data-criterion="interface"[\s\S]*?2\/6 分/);
		expect(view).toContain('暂定');
	});

	it('answers with the offline check when the provider fails, says why, and retries the AI later', async () => {
		const { cookie } = await signedIn(db);
		fake.enqueue(replies.status(500));
		// A different answer: the same one would be served from the cache without a call.
		const res = await submit(server, SLUG, cookie, `${ANSWER}\n\n限流与审计日志。`);
		const id = idOf(res);
		await readEvents(`${server.url}/submissions/${id}/events`, cookie, (e) =>
			e.event === 'snapshot'
				? (e.data as { feedbackId: number | null }).feedbackId !== null
				: stageIs('feedback')(e)
		);
		const view = await (await get(`/submissions/${id}`, { cookie, base: server.url })).text();
		expect(view).toContain('data-source="offline"');
		expect(view).toContain('data-reason="provider_error"');
		// LLM_RETRIES=0: one attempt, and the page says so rather than "after several retries".
		expect(view).toContain('原因：大模型服务没有回复（只尝试了 1 次，未重试）。');
		expect(view).not.toContain('多次重试');
		expect(view).toContain('离线评分检查（非 AI）');
		expect(view).toContain('data-testid="ai-retry"');
	});

	it('follows the quota an admin sets in /admin/settings: past it, the offline check says why', async () => {
		const admin = await signedIn(db, 'admin');
		const setQuota = (value: string) =>
			postForm(
				'/en/admin/settings?/save',
				{ llmDailyQuotaPerLearner: value },
				{ cookie: admin.cookie, base: server.url }
			);
		const settings = await (
			await get('/en/admin/settings', { cookie: admin.cookie, base: server.url })
		).text();
		expect(settings).toContain('AI feedback limits');
		expect(settings).toMatch(/name="llmDailyQuotaPerLearner"[^>]*value="20"/);
		const refused = await setQuota('-3');
		expect(refused.status).toBe(400);
		expect(await refused.text()).toContain('Enter a whole number from 0 to 10000.');
		expect((await setQuota('0')).status).toBe(303);
		try {
			const { cookie } = await signedIn(db);
			const calls = fake.calls.length;
			const res = await submit(server, SLUG, cookie, `${ANSWER}\n\n配额之外的答案。`);
			const id = idOf(res);
			await readEvents(`${server.url}/submissions/${id}/events`, cookie, feedbackFinished);
			const view = await (await get(`/submissions/${id}`, { cookie, base: server.url })).text();
			expect(view).toContain('data-source="offline"');
			expect(view).toContain('data-reason="quota"');
			expect(view).toContain('原因：你今天的 AI 反馈次数已用完。');
			expect(fake.calls.length).toBe(calls);
		} finally {
			expect((await setQuota('20')).status).toBe(303);
		}
	});
});

describe('due dates and late policies (the server’s clock)', () => {
	const content = makeContentDir();
	const zone = 'Asia/Shanghai';
	// Due 36 hours ago: 2 started days late.
	const dueAt = localDateTimeAt(Date.now() - 36 * 3600_000, zone).slice(0, 16);
	writeExercise(content.root, 'late-penalty', {
		id: 'exercise-late-penalty',
		case: null,
		due: { at: dueAt, timeZone: zone },
		latePolicy: '{ kind: penalty, percentPerDay: 10, cutoffDays: 5 }'
	});
	writeExercise(content.root, 'closed', {
		id: 'exercise-closed',
		case: null,
		due: { at: dueAt, timeZone: zone },
		latePolicy: '{ kind: cutoff, cutoffDays: 1 }'
	});
	let server: RunningServer;
	let db: Db;
	beforeAll(async () => {
		server = await startBuiltServer({ CONTENT_DIR: content.root, FEEDBACK_POLL_MS: '50' });
		db = openDatabase(server.dbPath);
	});
	afterAll(async () => {
		db?.$client.close();
		await server?.stop();
		content.cleanup();
	});

	it('accepts a late answer, marked late with the penalty per started day', async () => {
		const { cookie } = await signedIn(db);
		const page = await (await get('/exercises/late-penalty', { cookie, base: server.url })).text();
		expect(page).toContain('data-state="late"');
		expect(page).toContain('现在提交会标记为逾期，成绩扣 20%');
		const res = await submit(server, 'late-penalty', cookie);
		expect(res.status).toBe(303);
		const view = await (
			await get(`/submissions/${idOf(res)}`, { cookie, base: server.url })
		).text();
		expect(view).toContain('逾期 2 天 · 成绩扣 20%');
	});

	it('refuses answers after the cut-off, until an instructor grants an extension', async () => {
		const { cookie, user } = await signedIn(db);
		const instructor = await signedIn(db, 'instructor');
		const page = await (await get('/exercises/closed', { cookie, base: server.url })).text();
		expect(page).toContain('本练习已截止，不再接受提交。');
		expect(page).not.toContain('data-testid="submit-answer"');
		const refused = await postForm(
			'/exercises/closed?/submit',
			{ answer: ANSWER, idempotencyKey: keyOf(page) },
			{ cookie, base: server.url }
		);
		expect(refused.status).toBe(403);
		expect(await refused.text()).toContain('截止，不再接受提交');

		grantExtension(db, {
			itemId: 'exercise-closed',
			userId: user.id,
			dueAt: new Date(Date.now() + 7 * 24 * 3600_000),
			grantedBy: instructor.user.id,
			reason: 'test'
		});
		const extended = await (await get('/exercises/closed', { cookie, base: server.url })).text();
		expect(extended).toContain('已为你延期');
		expect(extended).toContain('data-state="open"');
		const res = await submit(server, 'closed', cookie);
		expect(res.status).toBe(303);
		// Another learner is still refused.
		const other = await signedIn(db);
		expect((await submit(server, 'closed', other.cookie)).status).toBe(403);
	});
});

describe('a server killed with SIGKILL in the middle of a job', () => {
	let fake: FakeLlm;
	let first: RunningServer;
	let second: RunningServer | undefined;
	beforeAll(async () => {
		fake = await FakeLlm.start();
	});
	afterAll(async () => {
		await second?.stop();
		await first?.stop();
		await fake?.close();
	});

	it('finishes the feedback after the restart, with the answer stored once', async () => {
		const env = {
			LLM_BASE_URL: fake.url,
			LLM_MODEL: 'fake-model',
			LLM_TIMEOUT_MS: '60000',
			LLM_STREAM_IDLE_MS: '60000',
			FEEDBACK_POLL_MS: '50',
			FEEDBACK_LEASE_MS: '1500'
		};
		first = await startBuiltServer(env);
		const db = openDatabase(first.dbPath);
		const { cookie } = await signedIn(db);
		fake.enqueue(replies.hang());
		const res = await submit(first, SLUG, cookie);
		expect(res.status).toBe(303);
		const id = idOf(res);
		while (fake.calls.length === 0) await new Promise((r) => setTimeout(r, 20));
		process.kill(first.pid, 'SIGKILL');
		await first.exited;
		expect(
			db.select().from(feedbackJobs).where(eq(feedbackJobs.submissionId, id)).get()?.state
		).toBe('running');

		fake.setDefault(replies.content(gradingReply(rubric)));
		second = await startBuiltServer({ ...env, DATABASE_URL: first.dbPath });
		await readEvents(`${second.url}/submissions/${id}/events`, cookie, feedbackFinished);
		const view = await (await get(`/submissions/${id}`, { cookie, base: second.url })).text();
		expect(view).toContain('data-source="model"');
		expect(db.select().from(submissions).all()).toHaveLength(1);
		expect(
			db.select().from(feedbackJobs).where(eq(feedbackJobs.submissionId, id)).get()
		).toMatchObject({ state: 'done', attempts: 2 });
		db.$client.close();
	});
});
