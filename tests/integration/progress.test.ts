import { describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { baseUrl, get, postForm, serverDb } from '../support/http';
import { signedIn } from '../support/factories';
import { feedbackFinished, readEvents } from '../support/sse';
import { auditLog, contentItems, feedback } from '../../src/lib/server/db/schema';
import { regradeBatches, regradeItems } from '../../src/lib/server/db/schema/regrade';

// The shared server syncs the shipped ./cases and has no LLM provider: the offline check answers.
const SLUG = 'banking-kb-design';
const ANSWER =
	'## 方案\n\n账户数据不出行，采用意图识别加模板填数。接口使用 JSON Schema，身份取自服务端会话。\n\n熔断、降级、退避重试和限流；审计日志与监控指标。';
const keyOf = (page: string) => /name="idempotencyKey" value="([^"]+)"/.exec(page)?.[1] ?? '';
const exerciseId = () =>
	serverDb()
		.select({ id: contentItems.id })
		.from(contentItems)
		.where(and(eq(contentItems.slug, SLUG), eq(contentItems.kind, 'exercise')))
		.get()!.id;

/** The state chip of the exercise in the home page's module list (first occurrence). */
function homeState(page: string): string | undefined {
	const list = page.slice(page.indexOf('data-testid="module-progress"'));
	const at = list.search(new RegExp(`href="/en/(exercises/${SLUG}|submissions/\\d+)"`));
	return /data-state="([a-z_]+)"/.exec(list.slice(at))?.[1];
}

async function submit(cookie: string): Promise<number> {
	const page = await (await get(`/exercises/${SLUG}`, { cookie })).text();
	const res = await postForm(
		`/exercises/${SLUG}?/submit`,
		{ answer: ANSWER, idempotencyKey: keyOf(page) },
		{ cookie }
	);
	const id = Number(/\/submissions\/(\d+)$/.exec(res.headers.get('location') ?? '')?.[1]);
	await readEvents(`${baseUrl()}/submissions/${id}/events`, cookie, feedbackFinished);
	return id;
}

describe('the learner home page', () => {
	it('shows a learner their own progress and unread notifications, never another learner’s', async () => {
		const a = await signedIn(serverDb());
		const b = await signedIn(serverDb());
		const id = await submit(a.cookie);
		const pageA = await (await get('/en', { cookie: a.cookie })).text();
		expect(pageA).toContain('data-testid="module-progress"');
		expect(pageA).toContain(`href="/en/submissions/${id}"`);
		expect(homeState(pageA)).toBe('feedback_ready');
		expect(pageA).toContain('Unread notifications (1)');
		expect(pageA).toContain('No grades released yet');

		const pageB = await (await get('/en', { cookie: b.cookie })).text();
		expect(pageB).not.toContain(`/submissions/${id}"`);
		expect(homeState(pageB)).toBe('not_started');
		expect(pageB).toContain('Unread notifications (0)');

		const visitor = await (await get('/en')).text();
		expect(visitor).not.toContain('data-testid="module-progress"');
		expect(visitor).toContain('Where to begin');
	});
});

describe('batch regrade and usage pages', () => {
	it('an instructor regrades an exercise: new feedback for each learner’s latest submission, audited', async () => {
		const learner = await signedIn(serverDb());
		const submissionId = await submit(learner.cookie);
		const staff = await signedIn(serverDb(), 'instructor');
		const itemId = exerciseId();

		const refused = await postForm(
			'/en/instructor/regrade?/start',
			{ itemId },
			{ cookie: learner.cookie }
		);
		expect(refused.status).toBe(403);

		const res = await postForm(
			'/en/instructor/regrade?/start',
			{ itemId, reason: 'rubric wording' },
			{ cookie: staff.cookie }
		);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/en/instructor/regrade?done=started');
		const batch = serverDb()
			.select()
			.from(regradeBatches)
			.where(eq(regradeBatches.requestedBy, staff.user.id))
			.orderBy(desc(regradeBatches.id))
			.get()!;
		const items = serverDb()
			.select()
			.from(regradeItems)
			.where(eq(regradeItems.batchId, batch.id))
			.all();
		expect(items.map((i) => i.submissionId)).toContain(submissionId);
		// Without a provider every regrade is the offline check's; the feeder runs in the server.
		while (
			serverDb().select().from(regradeBatches).where(eq(regradeBatches.id, batch.id)).get()
				?.state === 'running'
		) {
			await new Promise((r) => setTimeout(r, 100));
		}
		const rows = serverDb()
			.select()
			.from(feedback)
			.where(eq(feedback.submissionId, submissionId))
			.all();
		expect(rows).toHaveLength(2);
		const page = await (await get('/en/instructor/regrade', { cookie: staff.cookie })).text();
		expect(page).toContain('data-testid="regrade-batch"');
		expect(
			serverDb()
				.select()
				.from(auditLog)
				.where(
					and(eq(auditLog.action, 'exercise.regrade_request'), eq(auditLog.actorId, staff.user.id))
				)
				.all()
		).toHaveLength(1);
	});

	it('shows the usage dashboard to staff with its tables, and 403 to a learner', async () => {
		const staff = await signedIn(serverDb(), 'instructor');
		const page = await (await get('/en/instructor/usage?days=7', { cookie: staff.cookie })).text();
		expect(page).toContain('data-testid="usage-days"');
		expect(page).toContain('No provider configured');
		expect(page.match(/<tr>/g)?.length).toBeGreaterThanOrEqual(8);
		const learner = await signedIn(serverDb());
		expect((await get('/en/instructor/usage', { cookie: learner.cookie })).status).toBe(403);
	});
});
