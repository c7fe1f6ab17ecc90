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
import { hidePost, restorePost } from './moderation';
import { setThreadPinned } from './thread-moderation';
import { castVote } from './votes';

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

	it('lists the whole forum without filters: pinned first, every sort, count by visibility', async () => {
		// A database of its own, so the unfiltered list holds only these threads.
		const own = createTestDb();
		try {
			expect(syncContent(own.db, './cases').problems).toEqual([]);
			const asker = await makeUser(own.db);
			const voter = await makeUser(own.db);
			const mod = await makeUser(own.db, { role: 'instructor' });
			const at = (d: number) => new Date(Date.UTC(2026, 0, d));
			const a = makeThread(own.db, asker, {}, at(1));
			const b = makeThread(own.db, asker, {}, at(2));
			const c = makeThread(own.db, asker, {}, at(3));
			const d = makeThread(own.db, voter, {}, at(4));
			const qOf = (id: number) => getThreadView(own.db, id, mod).question.id;
			castVote(own.db, voter, a.id, qOf(a.id), 1);
			makeAnswer(own.db, voter, b.id);
			setThreadPinned(own.db, mod, a.id, true);
			hidePost(own.db, mod, d.id, qOf(d.id), 'spam');
			const list = (viewer: User | null, opts: Parameters<typeof listThreads>[2] = {}) => {
				const r = listThreads(own.db, viewer, opts);
				return { ids: r.rows.map((x) => x.id), total: r.total };
			};
			expect(list(null)).toEqual({ ids: [a.id, c.id, b.id], total: 3 });
			expect(list(voter)).toEqual({ ids: [a.id, d.id, c.id, b.id], total: 4 });
			expect(list(mod)).toEqual({ ids: [a.id, d.id, c.id, b.id], total: 4 });
			expect(list(null, { sort: 'active' }).ids).toEqual([a.id, b.id, c.id]);
			expect(list(null, { sort: 'votes' }).ids).toEqual([a.id, c.id, b.id]);
			expect(list(null, { sort: 'unanswered' }).ids).toEqual([c.id, a.id, b.id]);
			expect(list(null, { answered: 'answered' })).toEqual({ ids: [b.id], total: 1 });
			expect(list(null, { pageSize: 2, page: 2 })).toEqual({ ids: [b.id], total: 3 });
			// The cached counts follow restores, hides and new questions.
			restorePost(own.db, mod, d.id, qOf(d.id));
			expect(list(null).total).toBe(4);
			const e = makeThread(own.db, asker, {}, at(5));
			expect(list(null).total).toBe(5);
			hidePost(own.db, mod, e.id, qOf(e.id), 'spam');
			expect(list(null).total).toBe(4);
			expect(list(asker).total).toBe(5);
		} finally {
			own.cleanup();
		}
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
