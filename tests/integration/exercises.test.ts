import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { baseUrl, get, postForm, serverDb } from '../support/http';
import { signedIn } from '../support/factories';
import { makeCohort } from '../support/grading';
import { feedbackFinished, readEvents } from '../support/sse';
import { exerciseDrafts, submissions } from '../../src/lib/server/db/schema';

// The shared server syncs the shipped ./cases and has no LLM provider: the offline check answers.
const SLUG = 'banking-kb-design';
const ANSWER =
	'## 方案\n\n账户数据不出行，采用意图识别加模板填数。接口使用 JSON Schema，身份取自服务端会话。\n\n熔断、降级、退避重试和限流；审计日志与监控指标。';

const keyOf = (page: string) => /name="idempotencyKey" value="([^"]+)"/.exec(page)?.[1] ?? '';
const submitForm = (slug: string, cookie: string, answer: string, key: string) =>
	postForm(`/exercises/${slug}?/submit`, { answer, idempotencyKey: key }, { cookie });
const submissionIdOf = (res: Response) =>
	Number(/\/submissions\/(\d+)$/.exec(res.headers.get('location') ?? '')?.[1]);

describe('exercise pages', () => {
	it('lists every exercise and shows one to visitors without an editor', async () => {
		const list = await (await get('/exercises')).text();
		expect(list.match(/data-testid="exercise-card"/g)?.length).toBeGreaterThanOrEqual(10);
		const page = await (await get(`/exercises/${SLUG}`)).text();
		expect(page).toContain('评分细则');
		expect(page).not.toContain('name="answer"');
		expect(page).toContain('登录后作答');
	});

	it('is linked from its case page and its modules’ pages, and found by search', async () => {
		const casePage = await (await get('/cases/banking-customer-service')).text();
		expect(casePage).toContain(`href="/exercises/${SLUG}"`);
		const modulePage = await (await get('/modules/interfaces-data-exchange')).text();
		expect(modulePage).toContain(`href="/exercises/${SLUG}"`);
		const search = await (await get(`/search?q=${encodeURIComponent('信用卡分期')}`)).text();
		expect(search).toContain(`/exercises/${SLUG}`);
	});

	it('shows the learner’s state on the list: not started, draft, feedback ready', async () => {
		const { cookie, user } = await signedIn(serverDb());
		const state = async () => {
			const list = await (await get('/exercises', { cookie })).text();
			const card = list.slice(list.indexOf(`href="/exercises/${SLUG}"`) - 600);
			return /data-state="([a-z_]+)"/.exec(card)?.[1];
		};
		expect(await state()).toBe('not_started');
		const put = await fetch(`${baseUrl()}/exercises/${SLUG}/draft`, {
			method: 'PUT',
			headers: { cookie, origin: baseUrl(), 'content-type': 'application/json' },
			body: JSON.stringify({ body: '草稿', editedAt: Date.now() })
		});
		expect(await put.json()).toMatchObject({ saved: true });
		expect(await state()).toBe('draft');
		const page = await (await get(`/exercises/${SLUG}`, { cookie })).text();
		const res = await submitForm(SLUG, cookie, ANSWER, keyOf(page));
		await readEvents(
			`${baseUrl()}/submissions/${submissionIdOf(res)}/events`,
			cookie,
			feedbackFinished
		);
		expect(await state()).toBe('feedback_ready');
		expect(
			serverDb().select().from(exerciseDrafts).where(eq(exerciseDrafts.userId, user.id)).get()?.body
		).toBe(ANSWER);
	});
});

describe('submitting', () => {
	it('stores the answer, redirects to its page, and the offline check’s feedback arrives', async () => {
		const { cookie } = await signedIn(serverDb());
		const page = await (await get(`/exercises/${SLUG}`, { cookie })).text();
		expect(page).toContain('data-testid="offline-notice"');
		const res = await submitForm(SLUG, cookie, ANSWER, keyOf(page));
		expect(res.status).toBe(303);
		const id = submissionIdOf(res);
		expect(id).toBeGreaterThan(0);
		const events = await readEvents(
			`${baseUrl()}/submissions/${id}/events`,
			cookie,
			feedbackFinished
		);
		expect(events[0].event).toBe('snapshot');
		const view = await (await get(`/submissions/${id}`, { cookie })).text();
		expect(view).toContain('data-source="offline"');
		expect(view).toContain('data-reason="no_provider"');
		expect(view).toContain('离线评分检查（非 AI）');
		expect(view).not.toMatch(/AI 反馈<\/p>/);
		expect(view.match(/data-testid="criterion-card"/g)).toHaveLength(5);
		expect(view).toContain('讲师成绩：尚未发布');
		expect(view).toContain('<mark');
		const en = await (await get(`/en/submissions/${id}`, { cookie })).text();
		expect(en).toContain('Offline rubric check (not AI)');
	});

	it('makes one submission of a double click or a replay (same idempotency key)', async () => {
		const { cookie, user } = await signedIn(serverDb());
		const key = keyOf(await (await get(`/exercises/${SLUG}`, { cookie })).text());
		const [a, b] = await Promise.all([
			submitForm(SLUG, cookie, ANSWER, key),
			submitForm(SLUG, cookie, ANSWER, key)
		]);
		const replay = await submitForm(SLUG, cookie, `${ANSWER} (edited)`, key);
		expect([a.status, b.status, replay.status]).toEqual([303, 303, 303]);
		expect(new Set([a, b, replay].map(submissionIdOf)).size).toBe(1);
		const rows = serverDb().select().from(submissions).where(eq(submissions.userId, user.id)).all();
		expect(rows).toHaveLength(1);
		expect(rows[0].answer).toBe(ANSWER);
	});

	it('refuses a submission past the attempt limit and keeps the typed text', async () => {
		// The legal exercise allows 1 attempt.
		const slug = 'legal-contract-review-design';
		const { cookie } = await signedIn(serverDb());
		const first = await submitForm(
			slug,
			cookie,
			ANSWER,
			keyOf(await (await get(`/exercises/${slug}`, { cookie })).text())
		);
		expect(first.status).toBe(303);
		const page = await (await get(`/exercises/${slug}`, { cookie })).text();
		expect(page).not.toContain('data-testid="submit-answer"');
		const second = await submitForm(slug, cookie, '第二次的答案', 'a-fresh-key-12345');
		expect(second.status).toBe(409);
		const body = await second.text();
		expect(body).toContain('你已用完本练习的 1 次提交机会');
		expect(body).toContain('第二次的答案');
	});

	it('refuses an empty answer and an unknown exercise', async () => {
		const { cookie } = await signedIn(serverDb());
		expect((await submitForm(SLUG, cookie, '   ', 'empty-key-123456')).status).toBe(400);
		expect((await submitForm('no-such-exercise', cookie, ANSWER, 'unknown-key-1234')).status).toBe(
			404
		);
	});

	it('sends a signed-out visitor to sign in', async () => {
		const res = await submitForm(SLUG, '', ANSWER, 'visitor-key-12345');
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toContain('/login?redirectTo=');
	});
});

describe('who sees a submission', () => {
	it('gives other learners and other cohorts’ instructors 404 on the page and the event stream; the author and their instructors see it', async () => {
		const author = await signedIn(serverDb());
		const other = await signedIn(serverDb());
		const instructor = await signedIn(serverDb(), 'instructor');
		const stranger = await signedIn(serverDb(), 'instructor');
		makeCohort(serverDb(), instructor.user, [author.user.id]);
		const key = keyOf(await (await get(`/exercises/${SLUG}`, { cookie: author.cookie })).text());
		const id = submissionIdOf(await submitForm(SLUG, author.cookie, ANSWER, key));
		expect((await get(`/submissions/${id}`, { cookie: other.cookie })).status).toBe(404);
		expect((await get(`/submissions/${id}/events`, { cookie: other.cookie })).status).toBe(404);
		expect((await get(`/submissions/${id}`, { cookie: stranger.cookie })).status).toBe(404);
		expect((await get(`/submissions/${id}/events`, { cookie: stranger.cookie })).status).toBe(404);
		expect((await get(`/submissions/${id}/events`)).status).toBe(401);
		expect((await get(`/submissions/${id}`)).status).toBe(303);
		expect((await get(`/submissions/999999`, { cookie: author.cookie })).status).toBe(404);
		const asInstructor = await get(`/submissions/${id}`, { cookie: instructor.cookie });
		expect(asInstructor.status).toBe(200);
		expect(await asInstructor.text()).toContain('讲师视图');
		const stream = await get(`/submissions/${id}/events`, { cookie: author.cookie });
		expect(stream.status).toBe(200);
		expect(stream.headers.get('content-type')).toContain('text/event-stream');
		await stream.body?.cancel();
	});
});

describe('versions', () => {
	/** The diff's lines as "+ text" / "- text" (markup of changed words removed). */
	const diffLines = (html: string) =>
		[...html.matchAll(/data-kind="(add|del)"[^>]*>([\s\S]*?)<\/div>/g)].map(
			([, kind, body]) =>
				`${kind === 'add' ? '+' : '-'} ${body
					.replace(/<span class="(mr-2|sr-only)[^"]*"[^>]*>[^<]*<\/span>/g, '')
					.replace(/<[^>]+>/g, '')
					.trim()}`
		);

	it('keeps every attempt and shows what changed from the previous one, or the one asked for', async () => {
		const author = await signedIn(serverDb());
		const other = await signedIn(serverDb());
		const send = async (who: { cookie: string }, answer: string) => {
			const key = keyOf(await (await get(`/exercises/${SLUG}`, { cookie: who.cookie })).text());
			return submissionIdOf(await submitForm(SLUG, who.cookie, answer, key));
		};
		const first = await send(author, `${ANSWER}\n\n旧的一段：只做人工复核。`);
		const second = await send(author, `${ANSWER}\n\n新的一段：按客户限流。`);
		const third = await send(author, `${ANSWER}\n\n新的一段：按客户限流。\n\n再加一段。`);
		const theirs = await send(other, '别人的答案：完全不同。');
		expect(new Set([first, second, third]).size).toBe(3);
		const view = async (id: number, compare?: number) =>
			(
				await get(`/en/submissions/${id}${compare ? `?compare=${compare}` : ''}`, {
					cookie: author.cookie
				})
			).text();

		// By default, an attempt is compared with the one before it.
		const page = await view(second);
		expect(page).toContain('data-testid="diff"');
		expect(diffLines(page)).toEqual(['- 旧的一段：只做人工复核。', '+ 新的一段：按客户限流。']);
		// Any other attempt on request; another learner's submission is not one of them.
		expect(diffLines(await view(second, third))).toEqual(['+ ', '+ 再加一段。']);
		const foreign = await view(second, theirs);
		expect(foreign).not.toContain('别人的答案');
		expect(diffLines(foreign)).toEqual(diffLines(page));
		// The first attempt has nothing before it: it is compared with the next one.
		expect(diffLines(await view(first))).toEqual(diffLines(page));
	});
});

describe('drafts', () => {
	it('autosaves, keeps the newest copy, and refuses other sites and visitors', async () => {
		const { cookie } = await signedIn(serverDb());
		const put = (body: string, editedAt: number, headers: Record<string, string> = {}) =>
			fetch(`${baseUrl()}/exercises/${SLUG}/draft`, {
				method: 'PUT',
				headers: { cookie, origin: baseUrl(), 'content-type': 'application/json', ...headers },
				body: JSON.stringify({ body, editedAt })
			});
		const t = Date.now();
		expect(await (await put('newer', t)).json()).toMatchObject({ saved: true });
		expect(await (await put('older', t - 5000)).json()).toMatchObject({
			saved: false,
			body: 'newer'
		});
		const page = await (await get(`/exercises/${SLUG}`, { cookie })).text();
		expect(page).toMatch(/<textarea[^>]*name="answer"[^>]*>newer<\/textarea>/);
		expect((await put('x', t + 1, { origin: 'https://evil.example' })).status).toBe(403);
		expect((await put('x', t + 1, { cookie: '' })).status).toBe(401);
	});

	it('saves a draft with the no-JavaScript button and shows it after the redirect', async () => {
		const { cookie } = await signedIn(serverDb());
		const res = await postForm(
			`/exercises/${SLUG}?/saveDraft`,
			{ answer: '## 没有脚本的草稿' },
			{ cookie }
		);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe(`/exercises/${SLUG}?saved#editor`);
		const page = await (await get(`/exercises/${SLUG}?saved`, { cookie })).text();
		expect(page).toContain('草稿已保存。');
		expect(page).toContain('<h2>没有脚本的草稿</h2>');
	});
});
