import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { get, postForm, serverDb } from '../support/http';
import { makeSession, signedIn } from '../support/factories';
import { makeAnswer, makeOldUser, makeThread } from '../support/forum';
import { startBuiltServer, type RunningServer } from '../support/server';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { auditLog, forumThreads, forumVotes, notifications } from '../../src/lib/server/db/schema';
import { getThreadView } from '../../src/lib/server/forum';

const CASE = 'case-banking-customer-service';
const threadIdOf = (res: Response) =>
	Number(res.headers.get('location')?.match(/\/questions\/(\d+)/)?.[1]);
const asker = async () => {
	const user = await makeOldUser(serverDb());
	return { user, cookie: makeSession(serverDb(), user.id).cookie };
};

describe('reading the forum', () => {
	it('is public: the list, a thread, the FAQ and its entries', async () => {
		const db = serverDb();
		const { user } = await signedIn(db);
		const t = makeThread(db, user, { title: 'Public thread about circuit breakers' });
		expect((await get('/en/questions')).status).toBe(200);
		const page = await (await get(`/en/questions/${t.id}`)).text();
		expect(page).toContain('Public thread about circuit breakers');
		const faq = await (await get('/faq')).text();
		expect(faq).toContain('如何控制大模型调用的成本？');
		expect((await get('/en/faq/cost-control')).status).toBe(200);
		expect((await get('/en/faq/no-such-entry')).status).toBe(404);
		expect((await get('/en/questions/999999')).status).toBe(404);
		expect((await get('/en/questions/abc')).status).toBe(404);
	});

	it('module 12 shows the FAQ as its table and leads to the forum', async () => {
		const html = await (await get('/en/modules/discussion-qa')).text();
		const table = html.slice(html.indexOf('data-testid="faq-table"'));
		expect(table).toContain('How do I keep the cost of LLM calls under control?');
		expect(html).toContain('href="/en/questions"');
	});

	it('a case discussion tag lists its threads, shows the question and pre-fills “ask about this”', async () => {
		const db = serverDb();
		const { user } = await signedIn(db);
		const tag = `case:${CASE}:d1`;
		const t = makeThread(db, user, { title: 'Discussing the first question', tags: [tag] });
		makeThread(db, user, { title: 'Unrelated thread here' });
		const html = await (await get(`/en/questions?tag=${encodeURIComponent(tag)}`)).text();
		expect(html).toContain('data-testid="tag-context"');
		expect(html).toContain('Discussing the first question');
		expect(html).not.toContain('Unrelated thread here');
		expect(html).toContain(`/en/questions/ask?tag=${encodeURIComponent(tag)}`);
		const { cookie } = await signedIn(db);
		const ask = await (
			await get(`/en/questions/ask?tag=${encodeURIComponent(tag)}`, { cookie })
		).text();
		expect(ask).toMatch(
			new RegExp(`name="tags"[^>]*value="${tag}"|value="${tag}"[^>]*name="tags"`)
		);
		expect(t.id).toBeGreaterThan(0);
	});
});

describe('asking, answering, accepting', () => {
	it('needs a signed-in user to ask', async () => {
		expect((await get('/en/questions/ask')).status).toBe(303);
		const res = await postForm('/en/questions/ask?/ask', {
			title: 'Anonymous title',
			body: 'Anonymous body text'
		});
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toContain('/login');
	});

	it('previews with similar questions, then posts; answers notify the asker; only the asker accepts', async () => {
		const db = serverDb();
		const a = await asker();
		const earlier = makeThread(db, a.user, { title: '熔断器打开后如何降级到备用模型？' });
		const preview = await postForm(
			'/questions/ask?/preview',
			{
				title: '熔断器打开以后怎么办',
				body: '提供方一直超时，**熔断器**打开了。',
				module: 'module:8'
			},
			{ cookie: a.cookie }
		);
		expect(preview.status).toBe(200);
		const html = await preview.text();
		expect(html).toContain('data-testid="ask-preview"');
		expect(html).toContain('<strong>熔断器</strong>');
		const similar = html.slice(html.indexOf('data-testid="similar-list"'));
		expect(similar).toContain(`href="/questions/${earlier.id}"`);
		expect(similar).toContain('<mark');

		const asked = await postForm(
			'/questions/ask?/ask',
			{
				title: '熔断器打开以后怎么办',
				body: '提供方一直超时，**熔断器**打开了。',
				module: 'module:8',
				tags: 'circuit-breaker'
			},
			{ cookie: a.cookie }
		);
		expect(asked.status).toBe(303);
		const id = threadIdOf(asked);
		expect(getThreadView(db, id, null).tags).toEqual(['module:8', 'circuit-breaker']);

		const b = await asker();
		const answered = await postForm(
			`/en/questions/${id}?/answer`,
			{ body: 'Switch to the standby model.' },
			{ cookie: b.cookie }
		);
		expect(answered.status).toBe(303);
		const answerId = getThreadView(db, id, null).answers[0].id;
		expect(
			db
				.select()
				.from(notifications)
				.where(and(eq(notifications.userId, a.user.id), eq(notifications.kind, 'forum_answer')))
				.all()
		).toHaveLength(1);
		expect(await get('/en/notifications', { cookie: a.cookie }).then((r) => r.text())).toContain(
			'answered your question'
		);

		const c = await asker();
		expect(
			(
				await postForm(
					`/en/questions/${id}?/accept`,
					{ postId: String(answerId) },
					{ cookie: c.cookie }
				)
			).status
		).toBe(403);
		expect(
			(
				await postForm(
					`/en/questions/${id}?/accept`,
					{ postId: String(answerId) },
					{ cookie: b.cookie }
				)
			).status
		).toBe(403);
		expect(
			(
				await postForm(
					`/en/questions/${id}?/accept`,
					{ postId: String(answerId) },
					{ cookie: a.cookie }
				)
			).status
		).toBe(303);
		expect(
			db.select().from(forumThreads).where(eq(forumThreads.id, id)).get()?.acceptedAnswerId
		).toBe(answerId);
	});

	it('refuses a bad form with its values kept and a clear message', async () => {
		const a = await asker();
		const res = await postForm(
			'/en/questions/ask?/ask',
			{ title: 'abc', body: 'short' },
			{ cookie: a.cookie }
		);
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toContain('The title needs 5–150 characters.');
		expect(html).toContain('The text needs 10–20000 characters.');
		const bad = await postForm(
			'/en/questions/ask?/ask',
			{ title: 'A fine title', body: 'A fine body text', tags: 'module:42' },
			{ cookie: a.cookie }
		);
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain('“module:42” is not a valid tag');
	});
});

describe('votes and accepts cannot be forged', () => {
	it('a vote names the thread in the URL; another thread’s post is not found', async () => {
		const db = serverDb();
		const a = await asker();
		const one = makeThread(db, a.user);
		const two = makeThread(db, a.user);
		const twoAnswer = makeAnswer(db, a.user, two.id).id;
		const voter = await asker();
		const res = await postForm(
			`/en/questions/${one.id}?/vote`,
			{ postId: String(twoAnswer), value: 'up' },
			{ cookie: voter.cookie }
		);
		expect(res.status).toBe(404);
		expect(db.select().from(forumVotes).where(eq(forumVotes.postId, twoAnswer)).all()).toEqual([]);
		// A user id in the form is ignored: the vote is always the session user's.
		const ok = await postForm(
			`/en/questions/${two.id}?/vote`,
			{ postId: String(twoAnswer), value: 'up', userId: String(a.user.id) },
			{ cookie: voter.cookie }
		);
		expect(ok.status).toBe(303);
		expect(
			db
				.select()
				.from(forumVotes)
				.where(eq(forumVotes.postId, twoAnswer))
				.all()
				.map((v) => v.userId)
		).toEqual([voter.user.id]);
		const own = await postForm(
			`/en/questions/${two.id}?/vote`,
			{ postId: String(twoAnswer), value: 'up' },
			{ cookie: a.cookie }
		);
		expect(own.status).toBe(403);
		const forgedAccept = await postForm(
			`/en/questions/${one.id}?/accept`,
			{ postId: String(twoAnswer) },
			{ cookie: a.cookie }
		);
		expect(forgedAccept.status).toBe(404);
	});
});

describe('moderation and access', () => {
	it('learners cannot moderate; instructors hide, and hidden threads are seen only by author and instructors', async () => {
		const db = serverDb();
		const a = await asker();
		const t = makeThread(db, a.user, { title: 'A thread that will be hidden' });
		const q = getThreadView(db, t.id, null).question.id;
		const learner = await signedIn(db);
		const instructor = await signedIn(db, 'instructor');
		expect((await get('/en/instructor/moderation', { cookie: learner.cookie })).status).toBe(403);
		expect((await get('/en/instructor/moderation')).status).toBe(303);
		expect(
			(
				await postForm(
					`/en/questions/${t.id}?/hide`,
					{ postId: String(q), reason: 'spam' },
					{ cookie: learner.cookie }
				)
			).status
		).toBe(403);
		expect(
			(await postForm(`/en/questions/${t.id}?/lock`, {}, { cookie: learner.cookie })).status
		).toBe(403);

		expect(
			(
				await postForm(
					`/en/questions/${t.id}?/flag`,
					{ postId: String(q), reason: 'spam', note: 'advert' },
					{ cookie: learner.cookie }
				)
			).status
		).toBe(303);
		const queue = await (
			await get('/en/instructor/moderation', { cookie: instructor.cookie })
		).text();
		expect(queue).toContain('A thread that will be hidden');
		expect(queue).toContain('advert');

		expect(
			(
				await postForm(
					'/en/instructor/moderation?/hide',
					{ threadId: String(t.id), postId: String(q), reason: 'Advertising' },
					{ cookie: instructor.cookie }
				)
			).status
		).toBe(303);
		expect((await get(`/en/questions/${t.id}`)).status).toBe(404);
		expect((await get(`/en/questions/${t.id}`, { cookie: learner.cookie })).status).toBe(404);
		const mine = await (await get(`/en/questions/${t.id}`, { cookie: a.cookie })).text();
		expect(mine).toContain('Hidden by an instructor: Advertising.');
		expect((await get(`/en/questions/${t.id}`, { cookie: instructor.cookie })).status).toBe(200);
		expect(
			db
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.action, 'forum.hide'), eq(auditLog.targetId, String(q))))
				.all()
		).toHaveLength(1);
		const audit = await (
			await get('/en/admin/audit', { cookie: (await signedIn(db, 'admin')).cookie })
		).text();
		expect(audit).toContain('Forum post hidden');
	});

	it('only the author (in the window) or an instructor edits; the history shows the change', async () => {
		const db = serverDb();
		const a = await asker();
		const t = makeThread(db, a.user, {
			title: 'Editable question title',
			body: 'The first version of the body.'
		});
		const q = getThreadView(db, t.id, null).question.id;
		const other = await asker();
		expect(
			(await get(`/en/questions/${t.id}/posts/${q}/edit`, { cookie: other.cookie })).status
		).toBe(403);
		expect(
			(
				await postForm(
					`/en/questions/${t.id}/posts/${q}/edit?/save`,
					{ kind: 'question', title: 'Hijacked title', body: 'Hijacked body text here.' },
					{ cookie: other.cookie }
				)
			).status
		).toBe(403);
		const saved = await postForm(
			`/en/questions/${t.id}/posts/${q}/edit?/save`,
			{
				kind: 'question',
				title: 'Editable question title',
				body: 'The second version of the body.'
			},
			{ cookie: a.cookie }
		);
		expect(saved.status).toBe(303);
		const history = await (await get(`/en/questions/${t.id}/posts/${q}/history`)).text();
		expect(history).toMatch(/<ins[^>]*>second<\/ins>/);
		expect(history).toMatch(/<del[^>]*>first<\/del>/);
	});

	it('search filters Q&A by tag and answered state', async () => {
		const db = serverDb();
		const a = await asker();
		const answered = makeThread(db, a.user, {
			title: '限流阈值如何设定才合理',
			tags: ['module:5']
		});
		makeAnswer(db, a.user, answered.id, '按压测结果设定。');
		makeThread(db, a.user, { title: '限流之后用户体验怎么保证', tags: ['module:5'] });
		const html = await (
			await get(`/search?q=${encodeURIComponent('限流')}&kind=question&answered=answered`)
		).text();
		expect(html).toContain('阈值如何设定才合理');
		expect(html).not.toContain('之后用户体验怎么保证');
		const all = await (
			await get(`/search?q=${encodeURIComponent('限流')}&tag=module:5&kind=question`)
		).text();
		expect(all).toContain('之后用户体验怎么保证');
	});
});

describe('rate limits (own server)', () => {
	let srv: RunningServer;
	let db: Db;
	beforeAll(async () => {
		srv = await startBuiltServer({ FORUM_NEW_POSTS_PER_WINDOW: '2', FORUM_NEW_MAX_LINKS: '1' });
		db = openDatabase(srv.dbPath);
	});
	afterAll(async () => {
		db?.$client.close();
		await srv?.stop();
	});

	it('a new account posts at a limited rate and with few links', async () => {
		const { cookie } = await signedIn(db);
		const post = (i: number, body = `Body of question number ${i}.`) =>
			postForm(
				'/en/questions/ask?/ask',
				{ title: `Rate limited question ${i}`, body },
				{ cookie, base: srv.url }
			);
		const links = await post(0, 'See [a](https://a.example) and [b](https://b.example).');
		expect(links.status).toBe(400);
		expect(await links.text()).toContain(
			'New accounts may put at most 1 links or images in a post.'
		);
		// The refused post counted too (the limit comes before the form checks): one more, then 429.
		expect((await post(1)).status).toBe(303);
		const limited = await post(2);
		expect(limited.status).toBe(429);
		expect(await limited.text()).toContain('You are posting too fast.');
		const old = await makeOldUser(db);
		const oldCookie = makeSession(db, old.id).cookie;
		for (let i = 0; i < 3; i++)
			expect(
				(
					await postForm(
						'/en/questions/ask?/ask',
						{
							title: `Older account question ${i}`,
							body: 'See [a](https://a.example) and [b](https://b.example).'
						},
						{ cookie: oldCookie, base: srv.url }
					)
				).status
			).toBe(303);
	});
});
