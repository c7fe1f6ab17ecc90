import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { makeAnswer, makeThread } from '../../../../tests/support/forum';
import type { Db } from '../db';
import { users, type User } from '../db/schema';
import { anonymiseForumAuthor, listPostsForExport } from './privacy';
import { castVote } from './votes';
import { getThreadView } from './view';
import { listThreads } from './threads';

let db: Db;
let cleanup: () => void;
let leaver: User;
let other: User;
beforeAll(async () => {
	({ db, cleanup } = createTestDb());
	leaver = await makeUser(db);
	other = await makeUser(db);
});
afterAll(() => cleanup());

describe('forum data of a deleted account', () => {
	it('exports the user’s posts', () => {
		const t = makeThread(db, leaver, { title: 'My exported question' });
		makeAnswer(db, leaver, t.id, 'My own follow-up answer.');
		const rows = listPostsForExport(db, leaver.id).filter((r) => r.threadId === t.id);
		expect(rows.map((r) => [r.kind, r.threadTitle])).toEqual([
			['question', 'My exported question'],
			['answer', 'My exported question']
		]);
		expect(rows[1].body).toBe('My own follow-up answer.');
	});

	it('keeps posts under an anonymous name and removes the user’s votes from scores', () => {
		const t = makeThread(db, other);
		const a = makeAnswer(db, leaver, t.id).id;
		const q = getThreadView(db, t.id, null).question.id;
		castVote(db, leaver, t.id, q, 1);
		expect(getThreadView(db, t.id, null).question.score).toBe(1);
		db.transaction((tx) => {
			anonymiseForumAuthor(tx as unknown as Db, leaver.id);
			tx.delete(users).where(eq(users.id, leaver.id)).run();
		});
		const view = getThreadView(db, t.id, null);
		expect(view.question.score).toBe(0);
		expect(view.answers.find((x) => x.id === a)).toMatchObject({
			authorId: null,
			authorName: null
		});
		expect(listThreads(db, null, {}).rows.some((r) => r.authorName === null)).toBe(true);
	});
});
