import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { makeAnswer, makeThread } from '../../../../tests/support/forum';
import type { Db } from '../db';
import type { User } from '../db/schema';
import { buildExport, deleteAccount, listExportSources, requestAccountDeletion } from '../privacy';
import { listPostsForExport } from './privacy';
import { castVote } from './votes';
import { getThreadView } from './view';
import { listThreads } from './threads';

let db: Db;
let cleanup: () => void;
let leaver: User;
let other: User;
let admin: User;
beforeAll(async () => {
	({ db, cleanup } = createTestDb());
	leaver = await makeUser(db, { displayName: 'Leaving Learner' });
	other = await makeUser(db);
	admin = await makeUser(db, { role: 'admin' });
});
afterAll(() => cleanup());

describe('forum data in data protection', () => {
	it('is an export source: every post, in JSON and one Markdown file per post', () => {
		expect(listExportSources()).toContain('forum');
		const t = makeThread(db, leaver, { title: 'My exported question' });
		const a = makeAnswer(db, leaver, t.id, 'My own **follow-up** answer.');
		const rows = listPostsForExport(db, leaver.id);
		expect(rows.map((r) => [r.kind, r.threadTitle])).toEqual([
			['question', 'My exported question'],
			['answer', 'My exported question']
		]);
		const files = Object.fromEntries(
			Object.entries(unzipSync(buildExport(db, leaver, { locale: 'en' }))).map(([k, v]) => [
				k.replace(/^[^/]+\//, ''),
				strFromU8(v)
			])
		);
		expect(JSON.parse(files['forum.json'])).toHaveLength(2);
		expect(files['forum.md']).toContain('# Forum posts');
		expect(files[`forum/${a.id}-answer.md`]).toContain('My own **follow-up** answer.');
	});

	it('keeps posts under an anonymous name when the account is deleted, and drops its votes', () => {
		const t = makeThread(db, other);
		const a = makeAnswer(db, leaver, t.id).id;
		const q = getThreadView(db, t.id, null).question.id;
		castVote(db, leaver, t.id, q, 1);
		expect(getThreadView(db, t.id, null).question.score).toBe(1);
		requestAccountDeletion(db, leaver.id, null);
		expect(deleteAccount(db, admin.id, leaver.id)).toMatchObject({ ok: true });
		const view = getThreadView(db, t.id, null);
		expect(view.question.score).toBe(0);
		expect(view.answers.find((x) => x.id === a)).toMatchObject({
			authorId: null,
			authorName: null
		});
		expect(
			listThreads(db, null, {}).rows.find((r) => r.title === 'My exported question')
		).toMatchObject({
			authorName: null
		});
	});
});
