import { describe, expect, it } from 'vitest';
import {
	compareScores,
	formatPoints,
	gradeAttempt,
	percentOf,
	scoreQuestion,
	type QuestionKey,
	type QuizKey
} from './scoring';

const single: QuestionKey = {
	id: 'q1',
	type: 'single',
	points: 1,
	options: ['a', 'b', 'c'],
	correct: ['b']
};
const tf: QuestionKey = {
	id: 'q2',
	type: 'truefalse',
	points: 1,
	options: ['true', 'false'],
	correct: ['false']
};
/** 3 correct of 5: thirds. */
const multi: QuestionKey = {
	id: 'q3',
	type: 'multiple',
	points: 1,
	options: ['a', 'b', 'c', 'd', 'e'],
	correct: ['a', 'c', 'e']
};
const exact = (n: number, d = 1) => ({ n, d });

describe('scoreQuestion', () => {
	it('single choice and true/false: all points for the correct option only', () => {
		expect(scoreQuestion(single, ['b'], 'partial')).toMatchObject({
			earned: exact(1),
			correct: true
		});
		expect(scoreQuestion(single, ['a'], 'partial')).toMatchObject({
			earned: exact(0),
			correct: false,
			partial: false
		});
		expect(scoreQuestion(single, [], 'partial').earned).toEqual(exact(0));
		// Two options on a single-choice question are never full credit (validation refuses them anyway).
		expect(scoreQuestion(single, ['a', 'b'], 'partial').earned).toEqual(exact(0));
		expect(scoreQuestion(tf, ['false'], 'partial').earned).toEqual(exact(1));
		expect(scoreQuestion(tf, ['true'], 'partial').earned).toEqual(exact(0));
	});

	it('multiple response, partial: +1/k per correct, −1/k per wrong, exact thirds, never below 0', () => {
		const s = (sel: string[]) => scoreQuestion(multi, sel, 'partial');
		expect(s(['a']).earned).toEqual(exact(1, 3));
		expect(s(['a', 'c']).earned).toEqual(exact(2, 3));
		expect(s(['a', 'c', 'e'])).toMatchObject({ earned: exact(1), correct: true, partial: false });
		expect(s(['a', 'c', 'b'])).toMatchObject({ earned: exact(1, 3), partial: true });
		expect(s(['a', 'b']).earned).toEqual(exact(0));
		// all wrong: would be −2/3, clamped to 0
		expect(s(['b', 'd']).earned).toEqual(exact(0));
		// everything selected: 3 − 2 = 1 → 1/3
		expect(s(['a', 'b', 'c', 'd', 'e']).earned).toEqual(exact(1, 3));
		// none selected
		expect(s([])).toMatchObject({ earned: exact(0), correct: false, partial: false });
	});

	it('partial credit scales with the points (2 points, k = 3 → 4/3 for two correct)', () => {
		expect(scoreQuestion({ ...multi, points: 2 }, ['a', 'c'], 'partial').earned).toEqual(
			exact(4, 3)
		);
		expect(scoreQuestion({ ...multi, points: 1.5 }, ['a'], 'partial').earned).toEqual(exact(1, 2));
	});

	it('multiple response, all-or-nothing: only the exact correct set scores', () => {
		const s = (sel: string[]) => scoreQuestion(multi, sel, 'all-or-nothing').earned;
		expect(s(['a', 'c', 'e'])).toEqual(exact(1));
		expect(s(['e', 'a', 'c'])).toEqual(exact(1));
		expect(s(['a', 'c'])).toEqual(exact(0));
		expect(s(['a', 'c', 'e', 'b'])).toEqual(exact(0));
		expect(s([])).toEqual(exact(0));
	});
});

describe('gradeAttempt', () => {
	const key: QuizKey = { scoring: 'partial', passMark: 70, questions: [single, tf, multi] };

	it('sums exactly: three thirds make a whole, not 0.999…', () => {
		const thirds: QuizKey = {
			scoring: 'partial',
			passMark: 100,
			questions: ['x', 'y', 'z'].map((id) => ({ ...multi, id }))
		};
		// each question: 2 correct + 1 wrong selected = 1/3; three of them = 1 of 3 points
		const g = gradeAttempt(thirds, {
			x: ['a', 'c', 'b'],
			y: ['a', 'e', 'd'],
			z: ['c', 'e', 'b']
		});
		expect(g.earned).toEqual(exact(1));
		expect(g.max).toEqual(exact(3));
		expect(g.percent).toBe(33);
	});

	it('all correct, all wrong, none selected', () => {
		expect(gradeAttempt(key, { q1: ['b'], q2: ['false'], q3: ['a', 'c', 'e'] })).toMatchObject({
			earned: exact(3),
			max: exact(3),
			percent: 100,
			passed: true
		});
		expect(gradeAttempt(key, { q1: ['a'], q2: ['true'], q3: ['b', 'd'] })).toMatchObject({
			earned: exact(0),
			percent: 0,
			passed: false
		});
		const none = gradeAttempt(key, {});
		expect(none).toMatchObject({ earned: exact(0), percent: 0, passed: false });
		expect(none.questions.map((q) => q.correct)).toEqual([false, false, false]);
	});

	it('2/3 of a question still leaves 89 %-ish totals exact: 2 + 2/3 of 3 is 89 %', () => {
		const g = gradeAttempt(key, { q1: ['b'], q2: ['false'], q3: ['a', 'c'] });
		expect(g.earned).toEqual(exact(8, 3));
		expect(g.percent).toBe(89);
		expect(formatPoints(g.earned)).toBe('2.67');
	});

	it('pass/fail is decided on the displayed, rounded percent: 2.69/3 is "90 %, passed" at 90', () => {
		const earned = exact(269, 100);
		const max = exact(3);
		expect(percentOf(earned, max)).toBe(90); // 89.67 → 90
		const q: QuestionKey = {
			id: 'q',
			type: 'single',
			points: 2.69,
			options: ['a', 'b', 'c'],
			correct: ['a']
		};
		const r: QuestionKey = { ...q, id: 'r', points: 0.31 };
		const g = gradeAttempt({ scoring: 'partial', passMark: 90, questions: [q, r] }, { q: ['a'] });
		expect(g.earned).toEqual(earned);
		expect(g.max).toEqual(max);
		expect(g.percent).toBe(90);
		expect(g.passed).toBe(true);
		expect(formatPoints(g.earned)).toBe('2.69');
	});

	it('rounds half up exactly at the boundary and not below it', () => {
		expect(percentOf(exact(179), exact(200))).toBe(90); // 89.5 → 90
		expect(percentOf(exact(17899, 100), exact(200))).toBe(89); // 89.495 → 89
		expect(percentOf(exact(1, 3), exact(1))).toBe(33);
		expect(percentOf(exact(2, 3), exact(1))).toBe(67);
		expect(percentOf(exact(0), exact(0))).toBe(0);
	});
});

describe('formatPoints and compareScores', () => {
	it('formats exact points once, to at most 2 decimals', () => {
		expect(formatPoints(exact(1, 3))).toBe('0.33');
		expect(formatPoints(exact(2, 3))).toBe('0.67');
		expect(formatPoints(exact(5, 2))).toBe('2.5');
		expect(formatPoints(exact(12))).toBe('12');
		expect(formatPoints(exact(0))).toBe('0');
	});

	it('compares earned/max exactly across different maxima', () => {
		const a = { earned: exact(2, 3), max: exact(1) };
		const b = { earned: exact(4, 3), max: exact(2) };
		const c = { earned: exact(7), max: exact(10) };
		expect(compareScores(a, b)).toBe(0);
		expect(compareScores(a, c)).toBeLessThan(0);
		expect(compareScores(c, a)).toBeGreaterThan(0);
	});
});
