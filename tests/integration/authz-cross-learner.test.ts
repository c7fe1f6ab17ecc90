import { beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { get, postForm, serverDb } from '../support/http';
import { makeSession, makeUser } from '../support/factories';
import type { User } from '../../src/lib/server/db/schema';
import { notify } from '../../src/lib/server/notifications';
import { saveDraft, submitExercise } from '../../src/lib/server/exercises';
import { startAttempt } from '../../src/lib/server/quiz/attempts';

/**
 * The authorisation matrix (authz-matrix.test.ts) checks statuses. These rows check content: learner
 * B, signed in, asks in every way the site offers for learner A's submission, draft, quiz attempt,
 * export and notifications, and never gets them — not through ids in the URL, not through query
 * parameters naming A, not inside B's own pages, export or notification list.
 */

const EXERCISE = 'banking-kb-design';
const QUIZ = 'module-01';
const marker = (what: string) => `${what}-${Math.random().toString(36).slice(2, 10)}`;

let a: User;
let b: User;
const cookieB = () => makeSession(serverDb(), b.id).cookie;
const fx = {
	draft: marker('DRAFTA'),
	answer: marker('ANSWERA'),
	notice: marker('NOTICEA'),
	submissionId: 0,
	attemptId: 0,
	notificationId: 0
};

beforeAll(async () => {
	const db = serverDb();
	a = await makeUser(db, { displayName: marker('Alice') });
	b = await makeUser(db);
	const s = submitExercise(db, {
		userId: a.id,
		itemId: `exercise-${EXERCISE}`,
		locale: 'en',
		answer: `Answer ${fx.answer}`,
		idempotencyKey: marker('cross'),
		pipelineMaxChars: 20_000
	});
	if (!s.ok) throw new Error(s.reason);
	fx.submissionId = s.submissionId;
	// After the submission (submitting clears the draft): A is writing the next version.
	saveDraft(db, {
		userId: a.id,
		itemId: `exercise-${EXERCISE}`,
		body: `Draft ${fx.draft}`,
		editedAt: new Date()
	});
	fx.attemptId = startAttempt(
		db,
		{ userId: a.id, quizId: `quiz-${QUIZ}` },
		{ graceMs: 60_000 }
	).attempt.id;
	fx.notificationId = notify(db, a.id, 'cohort_removed', { cohortName: fx.notice }).id;
});

/** The body B gets for `path` (any status), for looking for A's data in it. */
async function asB(path: string): Promise<{ status: number; body: string }> {
	const r = await get(path, { cookie: cookieB() });
	return { status: r.status, body: await r.text() };
}
const secretsOfA = () => [fx.draft, fx.answer, fx.notice, a.email, a.displayName];

describe("learner B never gets learner A's data", () => {
	it("A's submission: 404 by id, by its event stream, and not in B's exercise page", async () => {
		for (const path of [
			`/en/submissions/${fx.submissionId}`,
			`/submissions/${fx.submissionId}`,
			`/en/submissions/${fx.submissionId}?compare=${fx.submissionId}`,
			`/en/submissions/${fx.submissionId}/events`
		]) {
			const r = await asB(path);
			expect(r.status, path).toBe(404);
			for (const s of secretsOfA()) expect(r.body, path).not.toContain(s);
		}
		const page = await asB(`/en/exercises/${EXERCISE}`);
		expect(page.status).toBe(200);
		expect(page.body).not.toContain(`/submissions/${fx.submissionId}"`);
	});

	it("A's draft: not in B's exercise page (whatever the query says), and B's saves never touch it", async () => {
		for (const path of [
			`/en/exercises/${EXERCISE}`,
			`/en/exercises/${EXERCISE}?user=${a.id}&userId=${a.id}`
		]) {
			const r = await asB(path);
			expect(r.status).toBe(200);
			for (const s of secretsOfA()) expect(r.body, path).not.toContain(s);
		}
		// B saving "a draft" with A's id in the form saves B's own draft only.
		const r = await postForm(
			`/en/exercises/${EXERCISE}?/saveDraft`,
			{ answer: 'B draft', userId: String(a.id), editedAt: String(Date.now()) },
			{ cookie: cookieB() }
		);
		expect(r.status).toBeLessThan(500);
		const own = await asB(`/en/exercises/${EXERCISE}`);
		expect(own.body).not.toContain(fx.draft);
		const aPage = await get(`/en/exercises/${EXERCISE}`, {
			cookie: makeSession(serverDb(), a.id).cookie
		});
		expect(await aPage.text()).toContain(fx.draft);
	});

	it("A's quiz attempt: 404 to view, save or submit; not in B's quiz page", async () => {
		const path = `/en/quizzes/${QUIZ}/attempts/${fx.attemptId}`;
		expect((await asB(path)).status).toBe(404);
		for (const action of ['save', 'submit']) {
			const r = await postForm(`${path}?/${action}`, {}, { cookie: cookieB() });
			expect(r.status, action).toBe(404);
		}
		const quizPage = await asB(`/en/quizzes/${QUIZ}`);
		expect(quizPage.body).not.toContain(`/attempts/${fx.attemptId}"`);
	});

	it("A's export: B's download holds B's data only, whatever the query names", async () => {
		for (const path of ['/en/account/export', `/en/account/export?user=${a.id}&userId=${a.id}`]) {
			const r = await get(path, { cookie: cookieB() });
			expect(r.status).toBe(200);
			const files = unzipSync(new Uint8Array(await r.arrayBuffer()));
			const all = Object.values(files)
				.map((f) => strFromU8(f))
				.join('\n');
			expect(all).toContain(b.email);
			for (const s of secretsOfA()) expect(all, path).not.toContain(s);
		}
	});

	it("A's notifications: not in B's list, and B cannot mark them read", async () => {
		const list = await asB('/en/notifications');
		expect(list.status).toBe(200);
		expect(list.body).not.toContain(fx.notice);
		const r = await postForm(
			'/en/notifications?/markRead',
			{ id: String(fx.notificationId) },
			{ cookie: cookieB() }
		);
		expect(r.status).toBe(404);
		const aList = await get('/en/notifications', { cookie: makeSession(serverDb(), a.id).cookie });
		expect(await aList.text()).toContain(fx.notice);
	});
});
