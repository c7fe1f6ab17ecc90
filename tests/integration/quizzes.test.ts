import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { eq } from 'drizzle-orm';
import { get, postForm, serverDb } from '../support/http';
import { makeUser, signedIn } from '../support/factories';
import { cohortMembers, quizAttempts } from '../../src/lib/server/db/schema';
import { createCohort } from '../../src/lib/server/cohorts';
import type { QuizData } from '../../src/lib/server/content/kinds/quiz-schema';

// The shipped quiz the server synced at start.
const quiz = (lang: 'zh-CN' | 'en') =>
	parse(readFileSync(`cases/quizzes/module-03/${lang}.yaml`, 'utf8')) as QuizData;
const zh = quiz('zh-CN');
const PATH = '/quizzes/module-03';
/** Form fields answering every question correctly. */
const perfect = (): Array<[string, string]> =>
	zh.questions.flatMap((q) =>
		q.options.filter((o) => o.correct).map((o) => [`q.${q.id}`, o.id] as [string, string])
	);
const wrongOf = (q: QuizData['questions'][number]) => q.options.find((o) => !o.correct)!.id;

const attemptRow = (id: number) =>
	serverDb().select().from(quizAttempts).where(eq(quizAttempts.id, id)).get()!;
const attemptsOf = (userId: number) =>
	serverDb().select().from(quizAttempts).where(eq(quizAttempts.userId, userId)).all();

/** Starts (or resumes) an attempt; returns its id. */
async function start(cookie: string, path = PATH): Promise<number> {
	const r = await postForm(`${path}?/start`, {}, { cookie });
	expect(r.status).toBe(303);
	const m = /\/attempts\/(\d+)$/.exec(r.headers.get('location') ?? '');
	expect(m, r.headers.get('location') ?? '').not.toBeNull();
	return Number(m![1]);
}
const attemptPath = (id: number, path = PATH) => `${path}/attempts/${id}`;

describe('quiz pages', () => {
	it('lists every quiz and states the scoring rule; visitors are sent to sign in to start', async () => {
		const list = await (await get('/quizzes')).text();
		for (let n = 1; n <= 10; n++)
			expect(list).toContain(`data-quiz="quiz-module-${String(n).padStart(2, '0')}"`);
		const page = await (await get(PATH)).text();
		expect(page).toContain(zh.title);
		expect(page).toContain('每选中一个错误选项扣 1/k');
		expect(page).toContain('是否及格按显示的百分比判断');
		const r = await postForm(`${PATH}?/start`, {});
		expect(r.status).toBe(303);
		expect(r.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
	});

	it('start → all questions on one page without the answer key → save → resume → submit → result', async () => {
		const { user, cookie } = await signedIn(serverDb());
		const id = await start(cookie);
		const form = await (await get(attemptPath(id), { cookie })).text();
		for (const q of zh.questions) {
			expect(form).toContain(`name="q.${q.id}"`);
			// No explanation (per option or per question) before submitting.
			expect(form).not.toContain(q.explanation.slice(0, 20));
			for (const o of q.options) expect(form).not.toContain(o.explanation.slice(0, 20));
		}
		expect(form).not.toMatch(/explanationHtml|"correct":/);

		const q1 = zh.questions[0];
		const saved = await postForm(`${attemptPath(id)}?/save`, [[`q.${q1.id}`, wrongOf(q1)]], {
			cookie
		});
		expect(saved.status).toBe(303);
		expect(saved.headers.get('location')).toBe(`${attemptPath(id)}?saved`);
		expect(attemptRow(id).answers).toEqual({ [q1.id]: [wrongOf(q1)] });
		expect(await start(cookie)).toBe(id); // resume, not a new attempt
		const resumed = await (await get(attemptPath(id), { cookie })).text();
		expect(resumed).toMatch(new RegExp(`name="q\\.${q1.id}" value="${wrongOf(q1)}"[^>]*checked`));

		const done = await postForm(`${attemptPath(id)}?/submit`, perfect(), { cookie });
		expect(done.status).toBe(303);
		expect(attemptRow(id)).toMatchObject({ status: 'graded', percent: 100, passed: true });
		const result = await (await get(attemptPath(id), { cookie })).text();
		expect(result).toContain('100% · 通过');
		expect(result).toContain(q1.options[0].explanation.slice(0, 15));
		expect(attemptsOf(user.id)).toHaveLength(1);

		const home = await (await get('/', { cookie })).text();
		expect(home).toContain('data-testid="quiz-results"');
		expect(home).toContain(zh.title);
	});

	it('a double submit grades once', async () => {
		const { cookie } = await signedIn(serverDb());
		const id = await start(cookie);
		const [a, b] = await Promise.all([
			postForm(`${attemptPath(id)}?/submit`, perfect(), { cookie }),
			postForm(`${attemptPath(id)}?/submit`, [], { cookie })
		]);
		expect([a.status, b.status]).toEqual([303, 303]);
		const row = attemptRow(id);
		expect(row.status).toBe('graded');
		// Whichever came first was graded; the other changed nothing.
		expect([0, 100]).toContain(row.percent);
		const again = await postForm(`${attemptPath(id)}?/submit`, perfect(), { cookie });
		expect(again.status).toBe(303);
		expect(attemptRow(id)).toEqual(row);
	});

	it('refuses tampered answers with a localised message and records nothing', async () => {
		const { cookie } = await signedIn(serverDb());
		const id = await start(cookie);
		const before = attemptRow(id);
		const cases: Array<[Array<[string, string]>, string, string]> = [
			[[['q.q1', 'z']], '不存在的选项', 'an option that the question does not have'],
			[[['q.q99', 'a']], '不属于这次测验的题目', 'a question that is not part of this quiz'],
			[
				[
					['q.q1', 'a'],
					['q.q1', 'b']
				],
				'只能选一个选项',
				'takes exactly one option'
			]
		];
		for (const [fields, zhText, enText] of cases) {
			for (const action of ['submit', 'save']) {
				const r = await postForm(`${attemptPath(id)}?/${action}`, fields, { cookie });
				expect(r.status).toBe(400);
				expect(await r.text()).toContain(zhText);
			}
			const en = await postForm(`/en${attemptPath(id)}?/submit`, fields, { cookie });
			expect(en.status).toBe(400);
			expect(await en.text()).toContain(enText);
		}
		expect(attemptRow(id)).toEqual(before);
	});

	it("someone else's attempt is not found, and nothing changes", async () => {
		const owner = await signedIn(serverDb());
		const other = await signedIn(serverDb());
		const id = await start(owner.cookie);
		const before = attemptRow(id);
		expect((await get(attemptPath(id), { cookie: other.cookie })).status).toBe(404);
		const r = await postForm(`${attemptPath(id)}?/submit`, perfect(), { cookie: other.cookie });
		expect(r.status).toBe(404);
		expect(await r.text()).toContain('找不到这次作答');
		// The right id under another quiz's path is not found either.
		expect(
			(await get(attemptPath(id, '/quizzes/module-04'), { cookie: owner.cookie })).status
		).toBe(404);
		expect(attemptRow(id)).toEqual(before);
		expect(attemptsOf(other.user.id)).toHaveLength(0);
	});

	it('past the attempt limit: a clear message, no new attempt', async () => {
		const { user, cookie } = await signedIn(serverDb());
		for (let i = 0; i < zh.attemptLimit; i++) {
			const id = await start(cookie);
			await postForm(`${attemptPath(id)}?/submit`, [], { cookie });
		}
		const r = await postForm(`${PATH}?/start`, {}, { cookie });
		expect(r.status).toBe(409);
		expect(await r.text()).toContain(`全部 ${zh.attemptLimit} 次作答机会`);
		expect(attemptsOf(user.id)).toHaveLength(zh.attemptLimit);
		const page = await (await get(`/en${PATH}`, { cookie })).text();
		expect(page).toContain(`You have used all ${zh.attemptLimit} attempts.`);
	});

	it('after the deadline and its grace period the saved answers are graded and late ones kept', async () => {
		const { cookie } = await signedIn(serverDb());
		const id = await start(cookie);
		const q1 = zh.questions[0];
		const right = q1.options.find((o) => o.correct)!.id;
		await postForm(`${attemptPath(id)}?/save`, [[`q.${q1.id}`, right]], { cookie });
		// The learner ran out of time 2 minutes ago (grace: QUIZ_GRACE_MS, 1 minute by default).
		serverDb()
			.update(quizAttempts)
			.set({ deadline: new Date(Date.now() - 2 * 60_000) })
			.where(eq(quizAttempts.id, id))
			.run();
		const r = await postForm(`${attemptPath(id)}?/submit`, perfect(), { cookie });
		expect(r.status).toBe(303);
		const row = attemptRow(id);
		expect(row).toMatchObject({
			status: 'graded',
			closedBy: 'time',
			answers: { [q1.id]: [right] }
		});
		expect(row.percent).toBeLessThan(100);
		expect(row.lateAnswers).not.toBeNull();
		const page = await (await get(attemptPath(id), { cookie })).text();
		expect(page).toContain('之后提交的答案已保留，但不计分');
	});

	it('an unfinished attempt whose time ran out is graded when the learner next looks', async () => {
		const { cookie } = await signedIn(serverDb());
		const id = await start(cookie);
		serverDb()
			.update(quizAttempts)
			.set({ deadline: new Date(Date.now() - 5 * 60_000) })
			.where(eq(quizAttempts.id, id))
			.run();
		const list = await (await get('/quizzes', { cookie })).text();
		expect(list).toContain('你的成绩：0%');
		expect(attemptRow(id)).toMatchObject({ status: 'graded', closedBy: 'time' });
	});

	it('module and case pages link to the quiz without carrying its answer key', async () => {
		for (const page of ['/modules/interfaces-data-exchange', '/cases/banking-customer-service']) {
			const html = await (await get(page)).text();
			expect(html, page).toContain(`href="${PATH}"`);
			const data = await (await get(`${page}/__data.json`)).text();
			expect(data, page).not.toMatch(/explanationHtml|questionCount/);
			expect(data, page).not.toContain(zh.questions[0].explanation.slice(0, 20));
		}
	});
});

describe('instructor quiz view', () => {
	it('is for staff only', async () => {
		const { cookie } = await signedIn(serverDb());
		expect((await get(`/instructor${PATH}`, { cookie })).status).toBe(403);
		expect((await get('/instructor/quizzes', { cookie })).status).toBe(403);
		expect((await get(`/instructor${PATH}`)).status).toBe(303);
	});

	it('shows attempts filtered by cohort and the item analysis as a table', async () => {
		const db = serverDb();
		const staff = await signedIn(db, 'instructor');
		const cohort = createCohort(db, staff.user, {
			name: `Quiz cohort ${Date.now()}`,
			startDate: '2026-01-01',
			endDate: '2026-12-31',
			timeZone: 'Asia/Shanghai'
		});
		const member = await signedIn(db);
		const outsider = await signedIn(db);
		db.insert(cohortMembers).values({ cohortId: cohort.id, userId: member.user.id }).run();
		for (const l of [member, outsider]) {
			const id = await start(l.cookie);
			await postForm(`${attemptPath(id)}?/submit`, l === member ? perfect() : [], {
				cookie: l.cookie
			});
		}
		// Unfiltered, an instructor's list names their own cohorts' learners only (an admin's
		// everyone: analysis.test.ts).
		const all = await (await get(`/instructor${PATH}`, { cookie: staff.cookie })).text();
		expect(all).toContain(member.user.displayName);
		expect(all).not.toContain(outsider.user.displayName);
		expect(all).toContain('data-testid="item-analysis"');
		expect(all).toContain('data-testid="bar-chart"');

		const mine = await (
			await get(`/instructor${PATH}?cohort=${cohort.id}`, { cookie: staff.cookie })
		).text();
		expect(mine).toContain(member.user.displayName);
		expect(mine).not.toContain(outsider.user.displayName);
		// One graded attempt in the cohort, fully correct: every question 100 % (1/1).
		expect(mine).toContain('基于版本 1 的 1 次已评分作答');
		const shares = [...mine.matchAll(/data-correct-share="(\d+)"/g)].map((m) => m[1]);
		expect(shares).toEqual(zh.questions.map(() => '100'));
		expect(mine).toContain('100%（1/1）');

		// Another instructor's cohort id is ignored (as unfiltered), never an error.
		const other = await makeUser(db, { role: 'instructor' });
		const theirs = createCohort(db, other, {
			name: 'Not mine',
			startDate: '2026-01-01',
			endDate: '2026-12-31',
			timeZone: 'Asia/Shanghai'
		});
		const ignored = await (
			await get(`/instructor${PATH}?cohort=${theirs.id}`, { cookie: staff.cookie })
		).text();
		expect(ignored).toContain(member.user.displayName);
		expect(ignored).not.toContain(outsider.user.displayName);
	});
});
