import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import {
	makeQuizContentDir,
	perfectAnswers,
	writeQuiz,
	type QuizFixture
} from '../../../../tests/support/quiz';
import type { ContentDir } from '../../../../tests/support/content';
import type { Db } from '../db';
import { quizAttempts, quizSnapshots, type User } from '../db/schema';
import { syncContent } from '../content/sync';
import {
	closeExpiredAttempts,
	saveAnswers,
	startAttempt,
	submitAttempt,
	type AttemptClock
} from './attempts';
import { QuizError } from './errors';
import { shuffleOptions } from './shuffle';
import { buildAttemptView } from './view';

const GRACE = 30_000;
const T0 = new Date('2026-12-01T08:00:00Z');
const at = (ms: number): AttemptClock => ({ now: new Date(T0.getTime() + ms), graceMs: GRACE });
const MIN = 60_000;

let dir: ContentDir;
let db: Db;
let cleanup: () => void;
let learner: User;

function setup(f: QuizFixture = {}) {
	writeQuiz(dir, 'demo', f);
	const r = syncContent(db, dir.root);
	expect(r.problems).toEqual([]);
}
const row = (id: number) => db.select().from(quizAttempts).where(eq(quizAttempts.id, id)).get()!;
const start = (clock = at(0), userId = learner.id) =>
	startAttempt(db, { userId, quizId: 'quiz-demo' }, clock);
const answers = (entries: Array<[string, string[]]>) => new Map(entries);
/** Expects `fn` to throw a QuizError with `code`. */
function refused(fn: () => unknown, code: string) {
	try {
		fn();
	} catch (e) {
		expect(e).toBeInstanceOf(QuizError);
		expect((e as QuizError).code).toBe(code);
		return;
	}
	expect.unreachable(`expected QuizError ${code}`);
}

beforeEach(async () => {
	dir = makeQuizContentDir();
	({ db, cleanup } = createTestDb());
	syncContent(db, dir.root);
	learner = await makeUser(db);
});
afterEach(() => {
	cleanup();
	dir.cleanup();
});

describe('startAttempt', () => {
	it('stores the version, a snapshot, the seed and the option order made from it; resumes the open one', () => {
		const { attempt, resumed } = start();
		expect(resumed).toBe(false);
		expect(attempt).toMatchObject({ number: 1, version: 1, status: 'open', deadline: null });
		const snap = db
			.select()
			.from(quizSnapshots)
			.where(eq(quizSnapshots.id, attempt.snapshotId))
			.get()!;
		expect(Object.keys(snap.questions).sort()).toEqual(['en', 'zh-CN']);
		const questions = (
			snap.questions['zh-CN'] as {
				questions: Array<{ id: string; type: string; options: Array<{ id: string }> }>;
			}
		).questions;
		expect(attempt.optionOrder).toEqual(shuffleOptions(attempt.seed, questions));
		expect(attempt.optionOrder.q3).toEqual(['true', 'false']);
		expect([...attempt.optionOrder.q2].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);

		const again = start(at(5 * MIN));
		expect(again).toMatchObject({ resumed: true, attempt: { id: attempt.id } });
		expect(db.select().from(quizAttempts).all()).toHaveLength(1);
		// A reload shows the same order.
		const v1 = buildAttemptView(db, row(attempt.id), 'en');
		const v2 = buildAttemptView(db, row(attempt.id), 'en');
		expect(v1.questions.map((q) => q.options.map((o) => o.id))).toEqual(
			v2.questions.map((q) => q.options.map((o) => o.id))
		);
	});

	it('refuses a start past the attempt limit and records nothing', () => {
		setup({ attemptLimit: 2 });
		for (let i = 0; i < 2; i++) {
			const { attempt } = start();
			submitAttempt(db, { userId: learner.id, attemptId: attempt.id, answers: new Map() }, at(0));
		}
		refused(() => start(), 'attempt-limit');
		expect(db.select().from(quizAttempts).all()).toHaveLength(2);
	});

	it('a learner’s limit is their own; 0 means unlimited', async () => {
		setup({ attemptLimit: 0 });
		for (let i = 0; i < 4; i++) {
			const { attempt } = start();
			submitAttempt(db, { userId: learner.id, attemptId: attempt.id, answers: new Map() }, at(0));
		}
		const other = await makeUser(db);
		expect(start(at(0), other.id).attempt.number).toBe(1);
		expect(row(start().attempt.id).number).toBe(5);
	});

	it('refuses an unknown or archived quiz', () => {
		refused(
			() => startAttempt(db, { userId: learner.id, quizId: 'quiz-nope' }, at(0)),
			'quiz-not-found'
		);
		dir.remove('quizzes/demo');
		syncContent(db, dir.root);
		refused(() => start(), 'quiz-not-found');
	});
});

describe('submitAttempt', () => {
	it('grades against the attempt’s version and grades once on a double submit', () => {
		const { attempt } = start();
		const first = submitAttempt(
			db,
			{ userId: learner.id, attemptId: attempt.id, answers: perfectAnswers() },
			at(MIN)
		);
		expect(first.outcome).toBe('graded');
		expect(first.attempt).toMatchObject({
			status: 'graded',
			closedBy: 'learner',
			earnedN: 9,
			earnedD: 1,
			maxN: 9,
			percent: 100,
			passed: true
		});
		const second = submitAttempt(
			db,
			{ userId: learner.id, attemptId: attempt.id, answers: answers([['q1', ['a']]]) },
			at(2 * MIN)
		);
		expect(second.outcome).toBe('already-graded');
		expect(row(attempt.id)).toEqual(first.attempt);
	});

	it('scores partial credit exactly and stores the fraction', () => {
		const { attempt } = start();
		const r = submitAttempt(
			db,
			{
				userId: learner.id,
				attemptId: attempt.id,
				answers: answers([
					['q2', ['a', 'c']],
					['q3', ['false']]
				])
			},
			at(MIN)
		);
		// 2/3 + 1 = 5/3 of 9 → 18.52 % → 19
		expect(r.attempt).toMatchObject({
			earnedN: 5,
			earnedD: 3,
			maxN: 9,
			maxD: 1,
			percent: 19,
			passed: false
		});
		expect(r.attempt.results?.find((q) => q.id === 'q2')).toMatchObject({
			earned: { n: 2, d: 3 },
			partial: true
		});
	});

	it('refuses tampered answers with a reason and records nothing', async () => {
		writeQuiz(dir, 'other', { id: 'quiz-other', prefix: 'r' });
		syncContent(db, dir.root);
		const { attempt } = start();
		saveAnswers(
			db,
			{ userId: learner.id, attemptId: attempt.id, answers: answers([['q4', ['a']]]) },
			at(MIN)
		);
		const before = row(attempt.id);
		const submit =
			(a: Map<string, string[]>, userId = learner.id) =>
			() =>
				submitAttempt(db, { userId, attemptId: attempt.id, answers: a }, at(2 * MIN));
		refused(submit(answers([['q1', ['z']]])), 'unknown-option');
		refused(submit(answers([['q1', ['true']]])), 'unknown-option');
		refused(submit(answers([['r1', ['b']]])), 'unknown-question'); // from quiz-other
		refused(submit(answers([['__proto__', ['a']]])), 'unknown-question');
		refused(submit(answers([['q1', ['a', 'b']]])), 'one-option-only');
		refused(submit(answers([['q3', ['true', 'false']]])), 'one-option-only');
		const stranger = await makeUser(db);
		refused(submit(perfectAnswers(), stranger.id), 'attempt-not-found');
		refused(
			() =>
				saveAnswers(
					db,
					{ userId: stranger.id, attemptId: attempt.id, answers: new Map() },
					at(MIN)
				),
			'attempt-not-found'
		);
		refused(
			() =>
				submitAttempt(db, { userId: learner.id, attemptId: 999_999, answers: new Map() }, at(MIN)),
			'attempt-not-found'
		);
		expect(row(attempt.id)).toEqual(before);
	});
});

describe('time limit and grace period', () => {
	beforeEach(() => setup({ timeLimitMinutes: 10 }));

	it('sets a deadline; a submit within the grace period counts in full', () => {
		const { attempt } = start();
		expect(attempt.deadline).toEqual(new Date(T0.getTime() + 10 * MIN));
		const r = submitAttempt(
			db,
			{ userId: learner.id, attemptId: attempt.id, answers: perfectAnswers() },
			at(10 * MIN + GRACE)
		);
		expect(r).toMatchObject({ outcome: 'graded', attempt: { percent: 100, closedBy: 'learner' } });
	});

	it('after the grace period grades the saved answers and keeps the late ones', () => {
		const { attempt } = start();
		saveAnswers(
			db,
			{ userId: learner.id, attemptId: attempt.id, answers: answers([['q1', ['b']]]) },
			at(3 * MIN)
		);
		const r = submitAttempt(
			db,
			{ userId: learner.id, attemptId: attempt.id, answers: perfectAnswers() },
			at(10 * MIN + GRACE + 1)
		);
		expect(r.outcome).toBe('expired');
		expect(r.attempt).toMatchObject({
			status: 'graded',
			closedBy: 'time',
			answers: { q1: ['b'] },
			earnedN: 2,
			percent: 22
		});
		expect(r.attempt.lateAnswers).toEqual(Object.fromEntries(perfectAnswers()));
		const view = buildAttemptView(db, r.attempt, 'en');
		expect(view.status === 'graded' && view.lateAnswersKept).toBe(true);
	});

	it('a late save does not overwrite what was saved in time', () => {
		const { attempt } = start();
		saveAnswers(
			db,
			{ userId: learner.id, attemptId: attempt.id, answers: answers([['q1', ['b']]]) },
			at(MIN)
		);
		const r = saveAnswers(
			db,
			{ userId: learner.id, attemptId: attempt.id, answers: answers([['q1', ['a']]]) },
			at(11 * MIN)
		);
		expect(r.outcome).toBe('expired');
		expect(row(attempt.id)).toMatchObject({
			answers: { q1: ['b'] },
			lateAnswers: { q1: ['a'] },
			earnedN: 2
		});
	});

	it('closeExpiredAttempts grades unfinished attempts with their saved answers, once', async () => {
		const { attempt } = start();
		const other = await makeUser(db);
		const fresh = start(at(5 * MIN), other.id).attempt;
		saveAnswers(
			db,
			{ userId: learner.id, attemptId: attempt.id, answers: perfectAnswers() },
			at(MIN)
		);
		expect(closeExpiredAttempts(db, {}, at(10 * MIN + GRACE))).toBe(0);
		expect(closeExpiredAttempts(db, {}, at(10 * MIN + GRACE + 1))).toBe(1);
		expect(row(attempt.id)).toMatchObject({ status: 'graded', closedBy: 'time', percent: 100 });
		expect(row(fresh.id).status).toBe('open');
		expect(closeExpiredAttempts(db, {}, at(10 * MIN + GRACE + 1))).toBe(0);
		// The next start finds no open attempt and begins attempt 2.
		expect(start(at(20 * MIN))).toMatchObject({ resumed: false, attempt: { number: 2 } });
	});
});

describe('versions', () => {
	it('a changed correct option makes a new version; the old attempt keeps its questions and key', () => {
		const old = start().attempt;
		setup({ correct: 'c' });
		expect(db.select().from(quizSnapshots).all()).toHaveLength(1);
		const graded = submitAttempt(
			db,
			{ userId: learner.id, attemptId: old.id, answers: answers([['q1', ['b']]]) },
			at(MIN)
		).attempt;
		expect(graded).toMatchObject({ version: 1, earnedN: 2 });
		const view = buildAttemptView(db, graded, 'en');
		if (view.status !== 'graded') throw new Error('not graded');
		expect(view.questions[0].options.find((o) => o.correct)?.id).toBe('b');

		const next = start(at(2 * MIN)).attempt;
		expect(next).toMatchObject({ version: 2, number: 2 });
		expect(next.snapshotId).not.toBe(old.snapshotId);
		const v2 = submitAttempt(
			db,
			{ userId: learner.id, attemptId: next.id, answers: answers([['q1', ['b']]]) },
			at(3 * MIN)
		).attempt;
		expect(v2.earnedN).toBe(0);
		const view2 = buildAttemptView(db, v2, 'en');
		expect(view2.status === 'graded' && view2.questions[0].options.find((o) => o.correct)?.id).toBe(
			'c'
		);
	});

	it('a wording fix keeps the version; new attempts see the new text, the old one its own', () => {
		const old = start().attempt;
		setup({ wording: ' (edited)' });
		submitAttempt(db, { userId: learner.id, attemptId: old.id, answers: new Map() }, at(MIN));
		const next = start(at(2 * MIN)).attempt;
		expect(next.version).toBe(1);
		const prompt = (id: number) => buildAttemptView(db, row(id), 'en').questions[0].promptHtml;
		expect(prompt(old.id)).not.toContain('(edited)');
		expect(prompt(next.id)).toContain('(edited)');
	});
});

describe('the open view', () => {
	it('carries no answer key: no correct flags, no explanations', () => {
		const { attempt } = start();
		const view = buildAttemptView(db, attempt, 'zh-CN');
		const json = JSON.stringify(view);
		expect(view.status).toBe('open');
		expect(json).not.toMatch(/correct|explanation|解释|总体解析/);
	});
});
