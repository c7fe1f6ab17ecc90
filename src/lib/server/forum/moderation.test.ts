import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { makeAnswer, makeThread } from '../../../../tests/support/forum';
import type { Db } from '../db';
import { auditLog, notifications, type User } from '../db/schema';
import { ForumError } from './errors';
import { dismissFlags, flagPost, hidePost, restorePost } from './moderation';
import { setDuplicateOf, setThreadLocked, setThreadPinned } from './thread-moderation';
import { listHiddenPosts, listModerationQueue } from './queue';
import { listThreads } from './threads';
import { getThreadView } from './view';
import { addComment } from './posts';

let db: Db;
let cleanup: () => void;
let asker: User;
let answerer: User;
let reporter: User;
let instructor: User;

beforeAll(async () => {
	({ db, cleanup } = createTestDb());
	asker = await makeUser(db);
	answerer = await makeUser(db);
	reporter = await makeUser(db);
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
const audits = (action: string, targetId: number) =>
	db
		.select()
		.from(auditLog)
		.where(and(eq(auditLog.action, action), eq(auditLog.targetId, String(targetId))))
		.all();
const notes = (user: User) =>
	db
		.select()
		.from(notifications)
		.where(and(eq(notifications.userId, user.id), eq(notifications.kind, 'forum_moderated')))
		.all()
		.map((n) => JSON.parse(n.payload));

describe('flags and the queue', () => {
	it('a flag enters the queue once per reporter; own posts cannot be flagged', () => {
		const t = makeThread(db, asker);
		const a = makeAnswer(db, answerer, t.id).id;
		flagPost(db, reporter, t.id, a, 'secret', 'contains an API key');
		expect(code(() => flagPost(db, reporter, t.id, a, 'spam', null))).toBe('already_flagged');
		expect(code(() => flagPost(db, answerer, t.id, a, 'spam', null))).toBe('own_post');
		flagPost(db, asker, t.id, a, 'spam', null);
		const entry = listModerationQueue(db).find((e) => e.postId === a)!;
		expect(entry.flags.map((f) => f.reason)).toEqual(['secret', 'spam']);
		expect(entry.flags[0].note).toBe('contains an API key');
		expect(getThreadView(db, t.id, instructor).answers[0].openFlags).toBe(2);
		expect(getThreadView(db, t.id, reporter).answers[0].openFlags).toBe(0);
	});

	it('dismissing closes the flags (audited); the reporter may flag again later', () => {
		const t = makeThread(db, asker);
		const a = makeAnswer(db, answerer, t.id).id;
		flagPost(db, reporter, t.id, a, 'other', 'hmm');
		expect(code(() => dismissFlags(db, reporter, t.id, a))).toBe('forbidden');
		expect(dismissFlags(db, instructor, t.id, a)).toBe(1);
		expect(listModerationQueue(db).some((e) => e.postId === a)).toBe(false);
		expect(audits('forum.dismiss_flags', a)).toHaveLength(1);
		flagPost(db, reporter, t.id, a, 'other', 'again');
		expect(listModerationQueue(db).some((e) => e.postId === a)).toBe(true);
	});
});

describe('hide and restore', () => {
	it('hiding needs an instructor; the author is told the reason and still sees it; others do not', () => {
		const t = makeThread(db, asker);
		const a = makeAnswer(db, answerer, t.id).id;
		flagPost(db, reporter, t.id, a, 'abuse', null);
		expect(code(() => hidePost(db, reporter, t.id, a, 'nope'))).toBe('forbidden');
		hidePost(db, instructor, t.id, a, 'rude to another learner');
		expect(listModerationQueue(db).some((e) => e.postId === a)).toBe(false);
		expect(getThreadView(db, t.id, reporter).answers).toEqual([]);
		expect(getThreadView(db, t.id, null).answers).toEqual([]);
		expect(getThreadView(db, t.id, answerer).answers[0].hidden).toEqual({
			reason: 'rude to another learner'
		});
		expect(getThreadView(db, t.id, instructor).answers).toHaveLength(1);
		expect(getThreadView(db, t.id, null).thread).toBeTruthy();
		expect(listThreads(db, null, {}).rows.find((r) => r.id === t.id)?.answerCount).toBe(0);
		expect(notes(answerer).find((p) => p.postId === a)).toMatchObject({
			action: 'hidden',
			reason: 'rude to another learner'
		});
		expect(audits('forum.hide', a)[0].reason).toBe('rude to another learner');
		expect(listHiddenPosts(db).some((p) => p.postId === a)).toBe(true);

		restorePost(db, instructor, t.id, a);
		expect(getThreadView(db, t.id, reporter).answers).toHaveLength(1);
		expect(listThreads(db, null, {}).rows.find((r) => r.id === t.id)?.answerCount).toBe(1);
		expect(audits('forum.restore', a)).toHaveLength(1);
		expect(
			notes(answerer)
				.filter((p) => p.postId === a)
				.map((p) => p.action)
		).toEqual(['hidden', 'restored']);
	});

	it('a hidden comment is seen only by its author and instructors', () => {
		const t = makeThread(db, asker);
		const q = getThreadView(db, t.id, null).question.id;
		const c = addComment(db, reporter, t.id, q, 'my secret key is sk-123').id;
		hidePost(db, instructor, t.id, c, 'leaked a key');
		expect(getThreadView(db, t.id, null).question.comments).toEqual([]);
		expect(getThreadView(db, t.id, asker).question.comments).toEqual([]);
		expect(getThreadView(db, t.id, reporter).question.comments[0].hidden).toEqual({
			reason: 'leaked a key'
		});
	});
});

describe('lock, pin, duplicates', () => {
	it('lock and pin are audited; pinned threads lead the newest list', () => {
		const t = makeThread(db, asker, { tags: ['pin-test'] });
		makeThread(db, asker, { tags: ['pin-test'] });
		setThreadPinned(db, instructor, t.id, true);
		expect(listThreads(db, null, { tags: ['pin-test'] }).rows[0]).toMatchObject({
			id: t.id,
			pinned: true
		});
		setThreadLocked(db, instructor, t.id, true, 'resolved');
		expect(code(() => setThreadLocked(db, asker, t.id, false))).toBe('forbidden');
		expect(audits('forum.pin', t.id)).toHaveLength(1);
		expect(audits('forum.lock', t.id)[0].reason).toBe('resolved');
		expect(notes(asker).some((p) => p.threadId === t.id && p.action === 'locked')).toBe(true);
	});

	it('closes as a duplicate (no new answers), refuses itself, missing threads and loops, reopens', () => {
		const original = makeThread(db, asker);
		const dup = makeThread(db, reporter);
		expect(code(() => setDuplicateOf(db, instructor, dup.id, dup.id))).toBe('bad_duplicate');
		expect(code(() => setDuplicateOf(db, instructor, dup.id, 999_999))).toBe('bad_duplicate');
		setDuplicateOf(db, instructor, dup.id, original.id);
		expect(code(() => setDuplicateOf(db, instructor, original.id, dup.id))).toBe('bad_duplicate');
		expect(getThreadView(db, dup.id, null).thread.duplicateOf).toEqual({
			id: original.id,
			title: original.title
		});
		expect(code(() => makeAnswer(db, answerer, dup.id))).toBe('closed');
		expect(audits('forum.close_duplicate', dup.id)).toHaveLength(1);
		expect(
			notes(reporter).some((p) => p.threadId === dup.id && p.action === 'closed_duplicate')
		).toBe(true);
		setDuplicateOf(db, instructor, dup.id, null);
		expect(code(() => makeAnswer(db, answerer, dup.id))).toBe('ok');
		expect(audits('forum.reopen', dup.id)).toHaveLength(1);
	});
});
