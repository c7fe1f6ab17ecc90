import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { perfectAnswers, writeQuiz } from '../../../../tests/support/quiz';
import { makeContentDir, type ContentDir } from '../../../../tests/support/content';
import {
	feedbackFor,
	STRONG_ANSWER_EN,
	writeExercise
} from '../../../../tests/support/exercise-content';
import type { Db } from '../db';
import type { User } from '../db/schema';
import { log } from '../log';
import { syncContent } from '../content/sync';
import { setRead } from '../content/reading';
import { startAttempt, submitAttempt } from '../quiz/attempts';
import { grantExtension, saveDraft, submitExercise } from '../exercises';
import { localDateTimeAt } from '../time';
import { getLearnerHome, registerLabProgress, DUE_SOON_MS } from './index';

const DAY = 24 * 60 * 60 * 1000;
const TZ = 'Asia/Shanghai';
let db: Db;
let cleanupDb: () => void;
let content: ContentDir;
let learner: User;
let other: User;

/** An exercise due `inMs` from now (its due date in Shanghai wall-clock time). */
function exerciseDueIn(slug: string, inMs: number | null) {
	writeExercise(content.root, slug, {
		id: `exercise-${slug}`,
		due:
			inMs === null
				? null
				: { at: localDateTimeAt(Date.now() + inMs, TZ).slice(0, 16), timeZone: TZ }
	});
}

beforeEach(async () => {
	log.level = 'silent';
	({ db, cleanup: cleanupDb } = createTestDb());
	content = makeContentDir();
	writeQuiz(content, 'demo', { module: 3 });
	writeQuiz(content, 'timed', { id: 'quiz-timed', prefix: 'r', module: 3, timeLimitMinutes: 30 });
	exerciseDueIn('soon', 3 * DAY); // not started, due in 3 days → due soon
	exerciseDueIn('later', 20 * DAY); // due in 20 days → not yet
	exerciseDueIn('passed', -2 * DAY); // past due, but this learner has an extension
	exerciseDueIn('done', 2 * DAY); // submitted → not due any more
	expect(syncContent(db, content.root).problems).toEqual([]);
	learner = await makeUser(db, { timeZone: 'America/New_York' });
	other = await makeUser(db);
});
afterEach(() => {
	registerLabProgress(null);
	content.cleanup();
	cleanupDb();
});

describe('the learner home page', () => {
	it('shows mixed progress per module, what is due soon, and unread notifications', async () => {
		const clock = { now: new Date(), graceMs: 30_000 };
		setRead(db, learner.id, 'module-03', true);
		const { attempt } = startAttempt(db, { userId: learner.id, quizId: 'quiz-demo' }, clock);
		submitAttempt(
			db,
			{ userId: learner.id, attemptId: attempt.id, answers: perfectAnswers() },
			clock
		);
		const timed = startAttempt(db, { userId: learner.id, quizId: 'quiz-timed' }, clock).attempt;
		saveDraft(db, {
			userId: learner.id,
			itemId: 'exercise-later',
			body: 'a start',
			editedAt: new Date()
		});
		const sub = submitExercise(db, {
			userId: learner.id,
			itemId: 'exercise-done',
			locale: 'en',
			answer: STRONG_ANSWER_EN,
			idempotencyKey: 'home-key-1',
			pipelineMaxChars: 20_000
		});
		if (!sub.ok) throw new Error(sub.reason);
		await feedbackFor(db, sub.submissionId);
		const extendedTo = new Date(Date.now() + 1 * DAY);
		grantExtension(db, {
			userId: learner.id,
			itemId: 'exercise-passed',
			dueAt: extendedTo,
			grantedBy: null,
			reason: 'ill'
		});
		registerLabProgress((_db, userId) =>
			userId === learner.id
				? [
						{ id: 'lab-a', module: 3, title: 'Schema lab', path: '/labs/a', done: true },
						{
							id: 'lab-b',
							module: 3,
							title: 'Cost lab',
							path: '/labs/b',
							done: false,
							dueAt: new Date(Date.now() + 5 * DAY)
						},
						{ id: 'lab-c', module: 8, title: 'Elsewhere', path: '/labs/c', done: false }
					]
				: []
		);

		const home = getLearnerHome(db, learner.id, 'en');
		expect(home.modules.map((m) => m.number)).toEqual([3]);
		const mod = home.modules[0];
		expect(mod.read).toBe(true);
		expect(mod.quizzes).toEqual([
			expect.objectContaining({ id: 'quiz-demo', attempted: true, passed: true }),
			expect.objectContaining({ id: 'quiz-timed', attempted: true, passed: false })
		]);
		expect(mod.labs).toEqual([
			{ id: 'lab-a', title: 'Schema lab', path: '/labs/a', done: true },
			{ id: 'lab-b', title: 'Cost lab', path: '/labs/b', done: false }
		]);
		const states = Object.fromEntries(mod.exercises.map((e) => [e.id, e.state]));
		expect(states).toEqual({
			'exercise-done': 'feedback_ready',
			'exercise-later': 'draft',
			'exercise-passed': 'not_started',
			'exercise-soon': 'not_started'
		});
		expect(mod.exercises.find((e) => e.id === 'exercise-done')?.submissionId).toBe(
			sub.submissionId
		);

		// Soonest first: the timed quiz (30 min), the extension (1 day), the exercise (3 days), the lab.
		expect(home.dueSoon.map((d) => [d.kind, d.path, d.extended])).toEqual([
			['quiz', '/quizzes/timed', false],
			['exercise', '/exercises/passed', true],
			['exercise', '/exercises/soon', false],
			['lab', '/labs/b', false]
		]);
		expect(home.dueSoon[0].dueAt).toEqual(timed.deadline);
		expect(home.dueSoon[1].dueAt).toEqual(extendedTo);
		expect(home.dueSoon.every((d) => d.dueAt.getTime() <= Date.now() + DUE_SOON_MS)).toBe(true);

		// The worker told the learner their feedback is ready.
		expect(home.notifications.unread).toBe(1);
		expect(home.notifications.latest[0].href).toBe(`/submissions/${sub.submissionId}`);
		// Nothing released: grading (another branch) implements listReleasedGrades; until then none.
		expect(home.grades).toEqual([]);
	});

	it('a learner who did nothing sees every module unread, nothing passed, and only what is due', () => {
		const home = getLearnerHome(db, other.id, 'zh-CN');
		expect(home.modules[0]).toMatchObject({ read: false, labs: [] });
		expect(home.modules[0].quizzes.every((q) => !q.attempted && !q.passed)).toBe(true);
		expect(home.modules[0].exercises.every((e) => e.state === 'not_started')).toBe(true);
		expect(home.dueSoon.map((d) => d.path)).toEqual(['/exercises/done', '/exercises/soon']);
		expect(home.notifications).toEqual({ unread: 0, latest: [] });
	});

	it('reads in a constant number of queries, however many exercises there are', async () => {
		const count = () => {
			let n = 0;
			const client = db.$client;
			const prepare = client.prepare.bind(client);
			client.prepare = ((sql: string) => {
				n++;
				return prepare(sql);
			}) as typeof client.prepare;
			getLearnerHome(db, learner.id, 'en');
			client.prepare = prepare;
			return n;
		};
		getLearnerHome(db, learner.id, 'en'); // content reads cached
		const before = count();
		// Per learner: quiz attempts, exercise submissions, released grades (with submissions),
		// drafts, lab attempts, extensions, newest unread notifications (when any).
		expect(before).toBeLessThanOrEqual(7);
		for (let i = 0; i < 6; i++) exerciseDueIn(`extra-${i}`, 2 * DAY);
		expect(syncContent(db, content.root).problems).toEqual([]);
		getLearnerHome(db, learner.id, 'en'); // the sync dropped the content cache
		expect(count()).toBe(before);
	});
});
