import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { makeAnswer, makeThread } from '../../../../tests/support/forum';
import type { Db } from '../db';
import { auditLog, notifications, type User } from '../db/schema';
import { getConfig } from '../config';
import { ForumError } from './errors';
import { addComment, editPost, getEditablePost } from './posts';
import { diffText, listRevisions } from './history';
import { getThreadView } from './view';
import { setThreadLocked } from './thread-moderation';

let db: Db;
let cleanup: () => void;
let asker: User;
let answerer: User;
let stranger: User;
let instructor: User;

beforeAll(async () => {
	({ db, cleanup } = createTestDb());
	asker = await makeUser(db);
	answerer = await makeUser(db);
	stranger = await makeUser(db);
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
const notes = (user: User, kind: string) =>
	db
		.select()
		.from(notifications)
		.where(and(eq(notifications.userId, user.id), eq(notifications.kind, kind)))
		.all()
		.map((n) => JSON.parse(n.payload));

describe('answers and comments notify', () => {
	it('an answer notifies the asker (not when they answer themselves)', () => {
		const t = makeThread(db, asker, { title: 'Notify me about answers' });
		const a = makeAnswer(db, answerer, t.id);
		makeAnswer(db, asker, t.id);
		const got = notes(asker, 'forum_answer').filter((p) => p.threadId === t.id);
		expect(got).toEqual([
			{
				threadId: t.id,
				postId: a.id,
				title: 'Notify me about answers',
				authorName: answerer.displayName
			}
		]);
	});

	it('a comment notifies the author of the post it is on', () => {
		const t = makeThread(db, asker);
		const q = getThreadView(db, t.id, null).question.id;
		const a = makeAnswer(db, answerer, t.id).id;
		addComment(db, stranger, t.id, q, 'Which module is this?');
		addComment(db, stranger, t.id, a, 'Nice, thanks.');
		expect(
			notes(asker, 'forum_comment')
				.filter((p) => p.threadId === t.id)
				.map((p) => p.on)
		).toEqual(['question']);
		expect(
			notes(answerer, 'forum_comment')
				.filter((p) => p.threadId === t.id)
				.map((p) => p.on)
		).toEqual(['answer']);
	});

	it('comments hang only off this thread’s question or answers', () => {
		const one = makeThread(db, asker);
		const two = makeThread(db, asker);
		const twoQ = getThreadView(db, two.id, null).question.id;
		expect(code(() => addComment(db, stranger, one.id, twoQ, 'forged parent'))).toBe('not_found');
		const c = addComment(db, stranger, two.id, twoQ, 'fine');
		expect(code(() => addComment(db, stranger, two.id, c.id, 'comment on a comment'))).toBe(
			'not_found'
		);
	});

	it('a locked thread takes no answers or comments from learners; instructors still may', () => {
		const t = makeThread(db, asker);
		const q = getThreadView(db, t.id, null).question.id;
		setThreadLocked(db, instructor, t.id, true);
		expect(code(() => makeAnswer(db, answerer, t.id))).toBe('locked');
		expect(code(() => addComment(db, answerer, t.id, q, 'still here?'))).toBe('locked');
		expect(code(() => makeAnswer(db, instructor, t.id))).toBe('ok');
		expect(getThreadView(db, t.id, answerer).can).toMatchObject({ answer: false, comment: false });
	});
});

describe('editing and history', () => {
	it('the author edits within the window; a new revision keeps the old text', () => {
		const t = makeThread(db, asker, {
			title: 'Original title here',
			body: '我们的网关需要限流。',
			tags: ['module:5']
		});
		const q = getThreadView(db, t.id, null).question.id;
		expect(
			editPost(db, asker, t.id, q, {
				title: 'Better title here',
				body: '我们的 API 网关需要按租户限流。',
				tags: ['module:5', 'rate-limit']
			})
		).toBe(true);
		// Saving the same text again changes nothing.
		expect(
			editPost(db, asker, t.id, q, {
				title: 'Better title here',
				body: '我们的 API 网关需要按租户限流。',
				tags: ['module:5', 'rate-limit']
			})
		).toBe(false);
		const view = getThreadView(db, t.id, null);
		expect(view.thread.title).toBe('Better title here');
		expect(view.tags).toEqual(['module:5', 'rate-limit']);
		expect(view.question.edited).toBe(true);
		const { revisions } = listRevisions(db, null, t.id, q);
		expect(revisions.map((r) => r.number)).toEqual([2, 1]);
		const newest = revisions[0];
		expect(newest.tags).toEqual({ added: ['rate-limit'], removed: [] });
		expect(newest.title?.some((p) => p.op === 'add' && p.text.includes('Better'))).toBe(true);
		expect(
			newest.body
				.filter((p) => p.op === 'add')
				.map((p) => p.text)
				.join('')
		).toContain('租户');
		expect(revisions[1].body).toEqual([{ text: '我们的网关需要限流。', op: 'same' }]);
	});

	it('after the edit window the author may not edit; an instructor may (audited, author told)', () => {
		const t = makeThread(db, asker);
		const a = makeAnswer(db, answerer, t.id).id;
		const later = new Date(Date.now() + getConfig().FORUM_EDIT_WINDOW_MS + 60_000);
		expect(
			code(() => editPost(db, answerer, t.id, a, { body: 'too late to change this' }, later))
		).toBe('edit_window');
		expect(code(() => editPost(db, stranger, t.id, a, { body: 'not mine to change at all' }))).toBe(
			'forbidden'
		);
		expect(editPost(db, instructor, t.id, a, { body: 'Edited by the instructor.' }, later)).toBe(
			true
		);
		const row = db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'forum.edit'), eq(auditLog.targetId, String(a))))
			.get();
		expect(row?.actorId).toBe(instructor.id);
		expect(
			notes(answerer, 'forum_moderated').some((p) => p.postId === a && p.action === 'edited')
		).toBe(true);
		expect(listRevisions(db, null, t.id, a).revisions[0].editorName).toBe(instructor.displayName);
	});

	it('a locked thread stops author edits', () => {
		const t = makeThread(db, asker);
		const q = getThreadView(db, t.id, null).question.id;
		setThreadLocked(db, instructor, t.id, true);
		expect(code(() => getEditablePost(db, asker, t.id, q))).toBe('edit_window');
	});

	it('diffs Chinese by words and English by words', () => {
		const zh = diffText('熔断器打开后降级', '熔断器打开后切换到备用模型');
		expect(zh.some((p) => p.op === 'same' && p.text.includes('熔断'))).toBe(true);
		expect(zh.some((p) => p.op === 'add')).toBe(true);
		const en = diffText('use a queue', 'use a bounded queue');
		expect(en.filter((p) => p.op === 'add').map((p) => p.text.trim())).toEqual(['bounded']);
	});
});
