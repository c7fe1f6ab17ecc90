import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { makeQuizContentDir, writeQuiz } from '../../../../tests/support/quiz';
import type { ContentDir } from '../../../../tests/support/content';
import type { Db } from '../db';
import type { User } from '../db/schema';
import { syncContent } from '../content/sync';
import { createCohort } from '../cohorts';
import { cohortMembers } from '../db/schema';
import { startAttempt, submitAttempt } from './attempts';
import { analyseItems, listAnalysedVersions, listQuizAttempts } from './analysis';
import { getMyQuizHistory, getMyStandings } from './queries';

let dir: ContentDir;
let db: Db;
let cleanup: () => void;
const clock = { graceMs: 0 };

/** Starts and submits an attempt with the given answers; returns its id. */
function take(user: User, answers: Record<string, string[]>, quizId = 'quiz-demo'): number {
	const { attempt } = startAttempt(db, { userId: user.id, quizId }, clock);
	submitAttempt(
		db,
		{ userId: user.id, attemptId: attempt.id, answers: new Map(Object.entries(answers)) },
		clock
	);
	return attempt.id;
}

beforeEach(() => {
	dir = makeQuizContentDir({ attemptLimit: 0 });
	({ db, cleanup } = createTestDb());
	syncContent(db, dir.root);
});
afterEach(() => {
	cleanup();
	dir.cleanup();
});

describe('counting score (highest | last)', () => {
	it('highest picks the best exact score, last the latest; open attempts never count', async () => {
		const u = await makeUser(db);
		const good = take(u, { q1: ['b'], q2: ['a', 'c'] }); // 2 + 2/3
		take(u, { q1: ['b'] }); // 2
		startAttempt(db, { userId: u.id, quizId: 'quiz-demo' }, clock); // open
		const h = getMyQuizHistory(db, u.id, 'quiz-demo', 'highest');
		expect(h.countingId).toBe(good);
		expect(h.attempts.map((a) => a.number)).toEqual([3, 2, 1]);
		expect(h.openAttemptId).toBe(h.attempts[0].id);
		const l = getMyQuizHistory(db, u.id, 'quiz-demo', 'last');
		expect(l.countingId).toBe(h.attempts[1].id);

		const s = getMyStandings(db, u.id, new Map([['quiz-demo', 'highest']])).get('quiz-demo');
		expect(s).toMatchObject({
			attempts: 3,
			counting: { attemptId: good, earned: '2.67', max: '9', percent: 30, passed: false }
		});
	});
});

describe('item analysis', () => {
	it('share correct per question and share choosing each option, per version and cohort', async () => {
		const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => makeUser(db)));
		const staff = await makeUser(db, { role: 'instructor' });
		const cohort = createCohort(db, staff, {
			name: 'Spring',
			startDate: '2026-01-01',
			endDate: '2026-12-31',
			timeZone: 'Asia/Shanghai'
		});
		db.insert(cohortMembers)
			.values([
				{ cohortId: cohort.id, userId: a.id },
				{ cohortId: cohort.id, userId: b.id }
			])
			.run();
		take(a, { q1: ['b'], q2: ['a', 'c', 'e'], q3: ['false'] });
		take(b, { q1: ['a'], q2: ['a', 'b'], q3: ['false'] });
		take(c, { q1: ['b'], q2: ['a'] });
		startAttempt(db, { userId: d.id, quizId: 'quiz-demo' }, clock); // open: not analysed

		const all = analyseItems(db, { quizId: 'quiz-demo' }, 1, 'en')!;
		expect(all.attempts).toBe(3);
		const [q1, q2, q3] = all.questions;
		expect(q1).toMatchObject({ position: 1, correctCount: 2, correctShare: 67 });
		expect(q1.options.map((o) => [o.label, o.correct, o.chosenCount, o.chosenShare])).toEqual([
			['A', false, 1, 33],
			['B', true, 2, 67],
			['C', false, 0, 0]
		]);
		// partial credit is not "correct"
		expect(q2).toMatchObject({ correctCount: 1, correctShare: 33 });
		expect(q2.options.map((o) => o.chosenCount)).toEqual([3, 1, 1, 0, 1]);
		expect(q3.options.map((o) => [o.label, o.chosenShare])).toEqual([
			['A', 0],
			['B', 67]
		]);

		const mine = analyseItems(db, { quizId: 'quiz-demo', cohortId: cohort.id }, 1, 'en')!;
		expect(mine.attempts).toBe(2);
		expect(mine.questions[0]).toMatchObject({ correctCount: 1, correctShare: 50 });

		const admin = await makeUser(db, { role: 'admin' });
		const stranger = await makeUser(db, { role: 'instructor' });
		const list = (who: typeof staff) =>
			listQuizAttempts(db, who, { quizId: 'quiz-demo' }, { limit: 10, offset: 0 });
		expect(list(admin).total).toBe(4);
		// An instructor sees the attempts of their cohorts' learners only, by name; others none.
		expect(
			list(staff)
				.rows.map((r) => r.learner)
				.sort()
		).toEqual([a.displayName, b.displayName].sort());
		expect(list(stranger)).toEqual({ total: 0, rows: [] });
		const cohortRows = listQuizAttempts(
			db,
			staff,
			{ quizId: 'quiz-demo', cohortId: cohort.id },
			{ limit: 10, offset: 0 }
		);
		expect(cohortRows.rows.map((r) => r.learner).sort()).toEqual(
			[a.displayName, b.displayName].sort()
		);
		expect(listAnalysedVersions(db, { quizId: 'quiz-demo' })).toEqual([
			{ version: 1, attempts: 3 }
		]);
	});

	it('analyses a version with its own questions, and nothing for a version nobody took', async () => {
		const u = await makeUser(db);
		take(u, { q1: ['b'] });
		writeQuiz(dir, 'demo', { attemptLimit: 0, correct: 'c' });
		syncContent(db, dir.root);
		expect(analyseItems(db, { quizId: 'quiz-demo' }, 2, 'en')).toBeUndefined();
		take(u, { q1: ['c'] });
		expect(listAnalysedVersions(db, { quizId: 'quiz-demo' })).toEqual([
			{ version: 2, attempts: 1 },
			{ version: 1, attempts: 1 }
		]);
		const v1 = analyseItems(db, { quizId: 'quiz-demo' }, 1, 'zh-CN')!;
		expect(v1.questions[0].options.find((o) => o.correct)?.id).toBe('b');
		const v2 = analyseItems(db, { quizId: 'quiz-demo' }, 2, 'zh-CN')!;
		expect(v2.questions[0].options.find((o) => o.correct)?.id).toBe('c');
		expect(v2.questions[0].correctShare).toBe(100);
	});
});
