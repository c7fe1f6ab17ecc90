import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { contentItems, quizAttempts, type Locale, type QuizAttempt } from '../db/schema';
import { getItemPage, listItems } from '../content/items';
import type { QuizMeta } from '../content/kinds/quiz';
import type { GradingMethod } from '../content/kinds/quiz-schema';
import { compareScores, formatPoints, type ExactPoints } from './scoring';

/**
 * Read-only quiz queries for pages: the quiz list with a learner's counting scores, one quiz's
 * settings, a learner's attempt history. Nothing here returns an answer key.
 */

/** What a page may show about a quiz before an attempt (no questions, no answer key). */
export type QuizInfo = {
	id: string;
	slug: string;
	path: string;
	title: string;
	summary: string;
	version: number;
	module: number;
	questionCount: number;
	/** Sum of the points, as a decimal string ("12", "10.5"). */
	maxPoints: string;
	passMark: number;
	attemptLimit: number;
	grading: GradingMethod;
	timeLimitMinutes: number | null;
	scoring: QuizMeta['scoring'];
	descriptionHtml: string;
};

function infoOf(
	item: { id: string; slug: string; path: string; title: string; summary: string },
	meta: QuizMeta,
	version: number
): QuizInfo {
	return {
		id: item.id,
		slug: item.slug,
		path: item.path,
		title: item.title,
		summary: item.summary,
		version,
		module: meta.module,
		questionCount: meta.questionCount,
		maxPoints: String(meta.maxPoints),
		passMark: meta.passMark,
		attemptLimit: meta.attemptLimit,
		grading: meta.grading,
		timeLimitMinutes: meta.timeLimitMinutes,
		scoring: meta.scoring,
		descriptionHtml: meta.descriptionHtml
	};
}

/** A live quiz by slug, without its questions; undefined when there is none. */
export function getQuizInfo(db: Db, slug: string, locale: Locale): QuizInfo | undefined {
	const page = getItemPage(db, 'quiz', slug, locale);
	return page && infoOf(page, page.metadata as unknown as QuizMeta, page.version);
}

/** Every live quiz in `locale`, by module. */
export function listQuizInfos(db: Db, locale: Locale): QuizInfo[] {
	return listItems(db, 'quiz', locale).map((item) =>
		infoOf(item, item.metadata as unknown as QuizMeta, 0)
	);
}

/** A graded attempt's score, ready to show: points rounded for display, the rounded percent. */
export type ScoreView = {
	earned: string;
	max: string;
	percent: number;
	passed: boolean;
};

/** One row of a learner's attempt history. */
export type AttemptSummary = {
	id: number;
	number: number;
	version: number;
	status: 'open' | 'graded';
	closedBy: 'learner' | 'time' | null;
	startedAt: Date;
	deadline: Date | null;
	submittedAt: Date | null;
	score: ScoreView | null;
};

const exact = (n: number | null, d: number | null): ExactPoints => ({ n: n ?? 0, d: d ?? 1 });

/** The score of a graded attempt for display; null while open. */
export function scoreOf(a: QuizAttempt): ScoreView | null {
	if (a.status !== 'graded' || a.percent === null) return null;
	return {
		earned: formatPoints(exact(a.earnedN, a.earnedD)),
		max: formatPoints(exact(a.maxN, a.maxD)),
		percent: a.percent,
		passed: !!a.passed
	};
}

function summaryOf(a: QuizAttempt): AttemptSummary {
	return {
		id: a.id,
		number: a.number,
		version: a.version,
		status: a.status,
		closedBy: a.closedBy,
		startedAt: a.startedAt,
		deadline: a.deadline,
		submittedAt: a.submittedAt,
		score: scoreOf(a)
	};
}

/**
 * The attempt that counts under `method` among graded attempts: `last` — the latest (highest
 * number); `highest` — the best earned/max compared exactly (the earlier one on a tie).
 * Undefined when none is graded.
 */
export function countingAttempt<
	A extends Pick<QuizAttempt, 'number' | 'status' | 'earnedN' | 'earnedD' | 'maxN' | 'maxD'>
>(attempts: A[], method: GradingMethod): A | undefined {
	const graded = attempts.filter((a) => a.status === 'graded').sort((a, b) => a.number - b.number);
	if (method === 'last') return graded.at(-1);
	const score = (a: A) => ({ earned: exact(a.earnedN, a.earnedD), max: exact(a.maxN, a.maxD) });
	return graded.reduce<A | undefined>(
		(best, a) => (!best || compareScores(score(a), score(best)) > 0 ? a : best),
		undefined
	);
}

/**
 * A learner's attempts at one quiz, newest first, and which one counts under `method` (the quiz's
 * grading method) — compared on the exact scores, not the rounded ones.
 */
export function getMyQuizHistory(
	db: Db,
	userId: number,
	quizId: string,
	method: GradingMethod
): { attempts: AttemptSummary[]; countingId: number | null; openAttemptId: number | null } {
	const rows = db
		.select()
		.from(quizAttempts)
		.where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.quizId, quizId)))
		.orderBy(desc(quizAttempts.number))
		.all();
	return {
		attempts: rows.map(summaryOf),
		countingId: countingAttempt(rows, method)?.id ?? null,
		openAttemptId: rows.find((a) => a.status === 'open')?.id ?? null
	};
}

/** A learner's standing on one quiz. */
export type MyQuizStanding = {
	attempts: number;
	openAttemptId: number | null;
	/** The open attempt's time limit, if it is timed. */
	openDeadline: Date | null;
	/** The counting attempt's score (grading method of the quiz), null before any graded attempt. */
	counting: (ScoreView & { attemptId: number; number: number }) | null;
};

/**
 * A learner's standing on every quiz they attempted, keyed by quiz id, under each quiz's grading
 * method (`methods`, from the quiz settings; `highest` when a quiz is not listed, e.g. archived).
 */
export function getMyStandings(
	db: Db,
	userId: number,
	methods: Map<string, GradingMethod>
): Map<string, MyQuizStanding> {
	const rows = db
		.select()
		.from(quizAttempts)
		.where(eq(quizAttempts.userId, userId))
		.orderBy(asc(quizAttempts.number))
		.all();
	const byQuiz = new Map<string, QuizAttempt[]>();
	for (const r of rows) byQuiz.set(r.quizId, [...(byQuiz.get(r.quizId) ?? []), r]);
	const out = new Map<string, MyQuizStanding>();
	for (const [quizId, attempts] of byQuiz) {
		const counting = countingAttempt(attempts, methods.get(quizId) ?? 'highest');
		const score = counting && scoreOf(counting);
		out.set(quizId, {
			attempts: attempts.length,
			openAttemptId: attempts.find((a) => a.status === 'open')?.id ?? null,
			openDeadline: attempts.find((a) => a.status === 'open')?.deadline ?? null,
			counting:
				counting && score ? { ...score, attemptId: counting.id, number: counting.number } : null
		});
	}
	return out;
}

/** The quiz (any, archived included) an attempt belongs to: its slug and kind check for routes. */
export function getQuizSlug(db: Db, quizId: string): string | undefined {
	return db
		.select({ slug: contentItems.slug })
		.from(contentItems)
		.where(and(eq(contentItems.id, quizId), eq(contentItems.kind, 'quiz')))
		.get()?.slug;
}

/** One line of a learner's quiz results (home page). */
export type MyQuizResult = {
	id: string;
	title: string;
	path: string;
	module: number;
	attempts: number;
	attemptLimit: number;
	openAttemptId: number | null;
	counting: MyQuizStanding['counting'];
};

/**
 * The live quizzes a learner has attempted, by module, with their counting score.
 * @param standings the learner's `getMyStandings`, when the caller already has them (home page)
 */
export function listMyQuizResults(
	db: Db,
	userId: number,
	locale: Locale,
	standings?: Map<string, MyQuizStanding>
): MyQuizResult[] {
	const quizzes = listQuizInfos(db, locale);
	standings ??= getMyStandings(db, userId, new Map(quizzes.map((q) => [q.id, q.grading])));
	return quizzes.flatMap((q) => {
		const s = standings.get(q.id);
		return s
			? [
					{
						id: q.id,
						title: q.title,
						path: q.path,
						module: q.module,
						attempts: s.attempts,
						attemptLimit: q.attemptLimit,
						openAttemptId: s.openAttemptId,
						counting: s.counting
					}
				]
			: [];
	});
}
