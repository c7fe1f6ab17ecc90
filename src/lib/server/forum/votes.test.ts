import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { makeAnswer, makeThread } from '../../../../tests/support/forum';
import type { Db } from '../db';
import { auditLog, forumVotes, notifications, type User } from '../db/schema';
import { ForumError } from './errors';
import { acceptAnswer, castVote, endorseAnswer } from './votes';
import { addComment } from './posts';
import { getThreadView } from './view';
import { hidePost } from './moderation';
import { setThreadLocked } from './thread-moderation';

let db: Db;
let cleanup: () => void;
let asker: User;
let answerer: User;
let voter: User;
let instructor: User;

beforeAll(async () => {
	({ db, cleanup } = createTestDb());
	asker = await makeUser(db);
	answerer = await makeUser(db);
	voter = await makeUser(db);
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
const setup = () => {
	const t = makeThread(db, asker);
	const q = getThreadView(db, t.id, null).question.id;
	const a = makeAnswer(db, answerer, t.id).id;
	return { t: t.id, q, a };
};
const notes = (user: User, kind: string) =>
	db
		.select()
		.from(notifications)
		.where(and(eq(notifications.userId, user.id), eq(notifications.kind, kind)))
		.all();

describe('votes', () => {
	it('one vote per user per post: up, again withdraws, down switches', () => {
		const { t, a } = setup();
		expect(castVote(db, voter, t, a, 1)).toEqual({ score: 1, myVote: 1 });
		expect(castVote(db, instructor, t, a, 1)).toEqual({ score: 2, myVote: 1 });
		expect(castVote(db, voter, t, a, 1)).toEqual({ score: 1, myVote: 0 });
		expect(castVote(db, voter, t, a, -1)).toEqual({ score: 0, myVote: -1 });
		expect(castVote(db, voter, t, a, 1)).toEqual({ score: 2, myVote: 1 });
		expect(db.select().from(forumVotes).where(eq(forumVotes.postId, a)).all()).toHaveLength(2);
		expect(getThreadView(db, t, voter).answers[0]).toMatchObject({ score: 2, myVote: 1 });
	});

	it('refuses votes on one’s own post, comments, hidden posts and in locked threads', () => {
		const { t, q, a } = setup();
		expect(code(() => castVote(db, asker, t, q, 1))).toBe('own_post');
		expect(code(() => castVote(db, answerer, t, a, 1))).toBe('own_post');
		const c = addComment(db, asker, t, a, 'a comment here').id;
		expect(code(() => castVote(db, voter, t, c, 1))).toBe('not_found');
		hidePost(db, instructor, t, a, 'off topic');
		expect(code(() => castVote(db, voter, t, a, 1))).toBe('not_found');
		expect(code(() => castVote(db, instructor, t, a, 1))).toBe('hidden');
		setThreadLocked(db, instructor, t, true);
		expect(code(() => castVote(db, voter, t, q, 1))).toBe('locked');
	});

	it('cannot be forged by pointing a thread at another thread’s post', () => {
		const one = setup();
		const two = setup();
		expect(code(() => castVote(db, voter, one.t, two.a, 1))).toBe('not_found');
		expect(code(() => castVote(db, voter, one.t, 999_999, 1))).toBe('not_found');
		expect(db.select().from(forumVotes).where(eq(forumVotes.postId, two.a)).all()).toEqual([]);
	});
});

describe('accept and endorse', () => {
	it('the asker accepts (and withdraws); the answerer is notified', () => {
		const { t, a } = setup();
		const before = notes(answerer, 'forum_accepted').length;
		expect(acceptAnswer(db, asker, t, a)).toBe(true);
		expect(getThreadView(db, t, null).thread.acceptedAnswerId).toBe(a);
		expect(notes(answerer, 'forum_accepted')).toHaveLength(before + 1);
		expect(acceptAnswer(db, asker, t, a)).toBe(false);
		expect(getThreadView(db, t, null).thread.acceptedAnswerId).toBeNull();
	});

	it('another learner cannot accept, nor the answerer; an instructor can (audited)', () => {
		const { t, a } = setup();
		expect(code(() => acceptAnswer(db, voter, t, a))).toBe('forbidden');
		expect(code(() => acceptAnswer(db, answerer, t, a))).toBe('forbidden');
		expect(acceptAnswer(db, instructor, t, a)).toBe(true);
		const row = db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'forum.accept'), eq(auditLog.targetId, String(t))))
			.get();
		expect(row?.actorId).toBe(instructor.id);
	});

	it('accepts only an answer of this very thread (forged ids refused)', async () => {
		const one = setup();
		const two = setup();
		expect(code(() => acceptAnswer(db, asker, one.t, two.a))).toBe('not_found');
		expect(code(() => acceptAnswer(db, asker, one.t, one.q))).toBe('not_found');
		// The asker of thread two is the same user, but thread one's URL does not make them its asker.
		const stranger = await makeUser(db);
		const three = makeThread(db, stranger);
		const threeA = makeAnswer(db, answerer, three.id).id;
		expect(code(() => acceptAnswer(db, asker, three.id, threeA))).toBe('forbidden');
		expect(getThreadView(db, two.t, null).thread.acceptedAnswerId).toBeNull();
	});

	it('only instructors endorse, one answer per thread, audited', () => {
		const { t, a } = setup();
		const b = makeAnswer(db, voter, t).id;
		expect(code(() => endorseAnswer(db, asker, t, a))).toBe('forbidden');
		expect(endorseAnswer(db, instructor, t, a)).toBe(true);
		expect(endorseAnswer(db, instructor, t, b)).toBe(true);
		const view = getThreadView(db, t, null);
		expect(view.thread.endorsedAnswerId).toBe(b);
		// Endorsed answers come before the others.
		expect(view.answers[0].id).toBe(b);
		expect(
			db.select().from(auditLog).where(eq(auditLog.action, 'forum.endorse')).all().length
		).toBeGreaterThanOrEqual(2);
	});
});
