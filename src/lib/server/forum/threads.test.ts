import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { makeAnswer, makeThread } from '../../../../tests/support/forum';
import type { Db } from '../db';
import { forumPosts, forumThreads, type User } from '../db/schema';
import { syncContent } from '../content/sync';
import { ForumError } from './errors';
import { describeTags, splitTags, validateTags } from './tags';
import { listThreads } from './threads';
import { getThreadView } from './view';
import { hidePost } from './moderation';

let db: Db;
let cleanup: () => void;
let learner: User;
let other: User;
let instructor: User;
const CASE = 'case-banking-customer-service';

beforeAll(async () => {
	({ db, cleanup } = createTestDb());
	expect(syncContent(db, './cases').problems).toEqual([]);
	learner = await makeUser(db);
	other = await makeUser(db);
	instructor = await makeUser(db, { role: 'instructor' });
});
afterAll(() => cleanup());

const code = (fn: () => unknown) => {
	try {
		fn();
	} catch (e) {
		if (e instanceof ForumError) return e.code;
		throw e;
	}
	return 'ok';
};

describe('tags', () => {
	it('splits what users type and normalises it', () => {
		expect(splitTags(' #RAG, 限流、Rate-Limit  module:5 ')).toEqual([
			'rag',
			'限流',
			'rate-limit',
			'module:5'
		]);
	});

	it('accepts modules, live cases and their discussion questions; case:X:dN adds case:X', () => {
		expect(validateTags(db, ['module:5', `case:${CASE}:d1`, '熔断'])).toEqual([
			'module:5',
			`case:${CASE}`,
			`case:${CASE}:d1`,
			'熔断'
		]);
	});

	it.each([
		['module:13'],
		['module:0'],
		['case:case-does-not-exist'],
		[`case:${CASE}:d99`],
		['with space'],
		['semi;colon'],
		['x'.repeat(31)],
		['other:thing']
	])('refuses %s', (tag) => {
		expect(code(() => validateTags(db, [tag]))).toBe('bad_tag');
	});

	it('refuses more than 6 tags', () => {
		expect(code(() => validateTags(db, ['a', 'b', 'c', 'd', 'e', 'f', 'g']))).toBe('too_many_tags');
	});

	it('describes case question tags with the case title and the question text', () => {
		const label = describeTags(db, [`case:${CASE}:d1`], 'zh-CN').get(`case:${CASE}:d1`);
		expect(label?.caseTitle).toBeTruthy();
		expect(label?.question?.n).toBe(1);
		expect(label?.question?.text.length).toBeGreaterThan(5);
		expect(label?.href).toMatch(/#discussion-d1$/);
	});
});

describe('creating and listing threads', () => {
	it('stores the question rendered by the sanitising renderer, its tags and revision 1', () => {
		const t = makeThread(db, learner, {
			title: '网关如何限流？',
			body: 'Hello <script>alert(1)</script> **bold** [x](javascript:alert(1))',
			tags: ['module:5']
		});
		const post = db.select().from(forumPosts).where(eq(forumPosts.threadId, t.id)).get()!;
		expect(post.kind).toBe('question');
		expect(post.html).toContain('<strong>bold</strong>');
		expect(post.html).not.toMatch(/<script|javascript:/i);
		const view = getThreadView(db, t.id, null);
		expect(view.tags).toEqual(['module:5']);
		expect(view.question.edited).toBe(false);
	});

	it('refuses a thread with a bad tag and writes nothing', () => {
		const before = db.select().from(forumThreads).all().length;
		expect(code(() => makeThread(db, learner, { tags: ['module:99'] }))).toBe('bad_tag');
		expect(db.select().from(forumThreads).all().length).toBe(before);
	});

	it('filters by tag (discussion questions included) and answered state, and sorts', async () => {
		const asker = await makeUser(db);
		const tag = `case:${CASE}:d2`;
		const a = makeThread(db, asker, { tags: [tag] }, new Date('2026-01-01T00:00:00Z'));
		const b = makeThread(db, asker, { tags: [tag] }, new Date('2026-01-02T00:00:00Z'));
		const c = makeThread(db, asker, { tags: [tag] }, new Date('2026-01-03T00:00:00Z'));
		makeAnswer(db, other, a.id);
		const ids = (opts: Parameters<typeof listThreads>[2]) =>
			listThreads(db, null, { tags: [tag], ...opts }).rows.map((r) => r.id);
		expect(ids({ sort: 'newest' })).toEqual([c.id, b.id, a.id]);
		// The answer made `a` the most recently active.
		expect(ids({ sort: 'active' })[0]).toBe(a.id);
		expect(ids({ sort: 'unanswered' })).toEqual([c.id, b.id, a.id]);
		expect(ids({ answered: 'answered' })).toEqual([a.id]);
		expect(ids({ answered: 'unanswered' })).toEqual([c.id, b.id]);
		expect(listThreads(db, null, { tags: [`case:${CASE}`] }).rows.map((r) => r.id)).toEqual(
			expect.arrayContaining([a.id, b.id, c.id])
		);
		expect(listThreads(db, null, { tags: [tag, 'module:5'] }).total).toBe(0);
	});

	it('lists a hidden question only for its author and instructors', async () => {
		const asker = await makeUser(db);
		const t = makeThread(db, asker, { tags: ['hidden-test'] });
		const q = getThreadView(db, t.id, asker).question;
		hidePost(db, instructor, t.id, q.id, 'spam');
		const seen = (viewer: User | null) =>
			listThreads(db, viewer, { tags: ['hidden-test'] }).rows.map((r) => [r.id, r.hidden]);
		expect(seen(null)).toEqual([]);
		expect(seen(other)).toEqual([]);
		expect(seen(asker)).toEqual([[t.id, true]]);
		expect(seen(instructor)).toEqual([[t.id, true]]);
		expect(code(() => getThreadView(db, t.id, other))).toBe('not_found');
		expect(code(() => getThreadView(db, t.id, null))).toBe('not_found');
		expect(getThreadView(db, t.id, asker).question.hidden).toEqual({ reason: 'spam' });
	});

	it('pages', async () => {
		const asker = await makeUser(db);
		for (let i = 0; i < 5; i++) makeThread(db, asker, { tags: ['paging'] });
		const p1 = listThreads(db, null, { tags: ['paging'], pageSize: 2, page: 1 });
		const p3 = listThreads(db, null, { tags: ['paging'], pageSize: 2, page: 3 });
		expect(p1.total).toBe(5);
		expect(p1.rows).toHaveLength(2);
		expect(p3.rows).toHaveLength(1);
	});
});
