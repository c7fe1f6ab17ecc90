import Fraction from 'fraction.js';
import type { QuestionType, ScoringMode } from '../content/kinds/quiz-schema';

/**
 * Quiz scoring: the one place where points are computed (cases/quizzes/README.md states the rule,
 * and the quiz page repeats it). Pure: no database, no clock.
 *
 * - single choice and true/false: the question's points when exactly the correct option is chosen;
 * - multiple response, `partial`: for k correct options, +points/k per correct option chosen and
 *   −points/k per wrong option chosen, never below 0;
 * - multiple response, `all-or-nothing`: the points only for exactly the correct set.
 *
 * Points are exact fractions (fraction.js), stored as numerator/denominator integers, so 1/3 + 1/3
 * + 1/3 is 1 and no float drift reaches a pass/fail decision. The percentage is rounded ONCE (half
 * up, to a whole percent) from the exact value, and pass/fail is decided on that rounded percentage,
 * so what the page shows ("90 %") never contradicts the verdict (2.69 / 3 with a 90 % pass mark
 * shows "90 %, passed").
 */

/** The grading key of one question of one quiz version (content_versions.scoring). */
export type QuestionKey = {
	id: string;
	type: QuestionType;
	/** Positive, at most 2 decimals. */
	points: number;
	/** Option ids in authoring order. */
	options: string[];
	/** Ids of the correct options. */
	correct: string[];
};

/** Everything that decides scores of one quiz version; a change makes a new version. */
export type QuizKey = {
	scoring: ScoringMode;
	/** Whole percent 0–100. */
	passMark: number;
	questions: QuestionKey[];
};

/** A non-negative exact number of points: numerator / denominator, reduced, denominator ≥ 1. */
export type ExactPoints = { n: number; d: number };

/** Selected option ids per question id. A question that is absent was left unanswered. */
export type Answers = Record<string, string[]>;

export type QuestionGrade = {
	id: string;
	earned: ExactPoints;
	max: ExactPoints;
	/** Full credit (earned = max). */
	correct: boolean;
	/** Some but not all of the points (multiple response, partial scoring). */
	partial: boolean;
};

export type Grade = {
	earned: ExactPoints;
	max: ExactPoints;
	/** 100 × earned / max rounded half up to a whole percent: THE displayed value. */
	percent: number;
	/** percent ≥ passMark, decided on the displayed (rounded) percent. */
	passed: boolean;
	questions: QuestionGrade[];
};

const toExact = (f: Fraction): ExactPoints => ({ n: Number(f.s * f.n), d: Number(f.d) });
const fromExact = (e: ExactPoints) => new Fraction(e.n, e.d);

/** Points of a question as an exact fraction (1.25 → 5/4; the schema allows at most 2 decimals). */
function pointsOf(points: number): Fraction {
	return new Fraction(Math.round(points * 100), 100);
}

/** Points earned on one question for the selected option ids (unknown ids count as wrong). */
export function scoreQuestion(
	key: QuestionKey,
	selected: readonly string[],
	mode: ScoringMode
): QuestionGrade {
	const max = pointsOf(key.points);
	const chosen = new Set(selected);
	const correct = new Set(key.correct);
	const exactlyCorrect = chosen.size === correct.size && [...chosen].every((id) => correct.has(id));
	let earned: Fraction;
	if (key.type !== 'multiple' || mode === 'all-or-nothing') {
		earned = exactlyCorrect ? max : new Fraction(0);
	} else {
		let net = 0;
		for (const id of chosen) net += correct.has(id) ? 1 : -1;
		earned = net > 0 ? max.mul(net, correct.size) : new Fraction(0);
	}
	const full = earned.equals(max);
	return {
		id: key.id,
		earned: toExact(earned),
		max: toExact(max),
		correct: full,
		partial: !full && earned.compare(0) > 0
	};
}

/**
 * 100 × earned / max, rounded half up to a whole percent, computed exactly (89.5 → 90, 89.49… → 89).
 * A quiz without points (max = 0) is 0 %.
 */
export function percentOf(earned: ExactPoints, max: ExactPoints): number {
	if (max.n === 0) return 0;
	return Number(fromExact(earned).div(fromExact(max)).mul(100).add(1, 2).floor().valueOf());
}

/** Grades a whole attempt against the quiz version's key. Questions not in `answers` score 0. */
export function gradeAttempt(key: QuizKey, answers: Answers): Grade {
	const questions = key.questions.map((q) => scoreQuestion(q, answers[q.id] ?? [], key.scoring));
	const earned = questions.reduce((sum, q) => sum.add(q.earned.n, q.earned.d), new Fraction(0));
	const max = questions.reduce((sum, q) => sum.add(q.max.n, q.max.d), new Fraction(0));
	const percent = percentOf(toExact(earned), toExact(max));
	return {
		earned: toExact(earned),
		max: toExact(max),
		percent,
		passed: percent >= key.passMark,
		questions
	};
}

/**
 * Points for display, rounded half up to at most 2 decimals from the exact value ("2.67", "3",
 * "0.5"). Localised number formatting is the page's job; this returns a plain decimal string.
 */
export function formatPoints(points: ExactPoints): string {
	const hundredths = fromExact(points).mul(100).add(1, 2).floor();
	return String(Number(hundredths.valueOf()) / 100);
}

/**
 * Compares two results exactly by earned / max (for "highest" grading across versions whose
 * maxima may differ): negative when a < b, 0 when equal, positive when a > b.
 */
export function compareScores(
	a: { earned: ExactPoints; max: ExactPoints },
	b: { earned: ExactPoints; max: ExactPoints }
): number {
	const ratio = (x: { earned: ExactPoints; max: ExactPoints }) =>
		x.max.n === 0 ? new Fraction(0) : fromExact(x.earned).div(fromExact(x.max));
	return ratio(a).compare(ratio(b));
}
