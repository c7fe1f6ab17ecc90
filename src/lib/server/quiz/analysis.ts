import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { quizAttempts, quizSnapshots, users, type Locale } from '../db/schema';
import { inCohort } from '../cohorts/queries';
import { gradedLearners, type Staff } from '../grading/scope';
import type { QuizMeta } from '../content/kinds/quiz';
import { getQuizKey } from './records';
import { scoreOf, type ScoreView } from './queries';

/**
 * Instructor views of a quiz: the attempts (optionally of one cohort) and the item analysis —
 * per question the share of graded attempts with full credit, per option the share of attempts
 * that chose it. Shares are whole percents rounded once here; the chart and the table show these
 * same numbers.
 */

export type AttemptFilter = { quizId: string; cohortId?: number };

function where(f: AttemptFilter, extra?: SQL): SQL | undefined {
	return and(
		eq(quizAttempts.quizId, f.quizId),
		f.cohortId !== undefined ? inCohort(quizAttempts.userId, f.cohortId) : undefined,
		extra
	);
}

export type StaffAttemptRow = {
	id: number;
	learner: string;
	email: string;
	number: number;
	version: number;
	status: 'open' | 'graded';
	closedBy: 'learner' | 'time' | null;
	startedAt: Date;
	submittedAt: Date | null;
	score: ScoreView | null;
};

/**
 * Attempts at a quiz, newest first, `limit` from `offset`, with the total — only of learners
 * `staff` grades (`gradedLearners`: an instructor's cohorts, everyone for an admin), since the
 * rows name each learner with their email and score.
 */
export function listQuizAttempts(
	db: Db,
	staff: Staff,
	f: AttemptFilter,
	page: { limit: number; offset: number }
): { rows: StaffAttemptRow[]; total: number } {
	const scope = where(f, gradedLearners(quizAttempts.userId, staff, db));
	const total = db.select({ n: count() }).from(quizAttempts).where(scope).get()?.n ?? 0;
	const rows = db
		.select({ a: quizAttempts, learner: users.displayName, email: users.email })
		.from(quizAttempts)
		.innerJoin(users, eq(users.id, quizAttempts.userId))
		.where(scope)
		.orderBy(desc(quizAttempts.startedAt), desc(quizAttempts.id))
		.limit(page.limit)
		.offset(page.offset)
		.all();
	return {
		total,
		rows: rows.map(({ a, learner, email }) => ({
			id: a.id,
			learner,
			email,
			number: a.number,
			version: a.version,
			status: a.status,
			closedBy: a.closedBy,
			startedAt: a.startedAt,
			submittedAt: a.submittedAt,
			score: scoreOf(a)
		}))
	};
}

/** Versions of a quiz that have graded attempts (matching the filter), newest first, with counts. */
export function listAnalysedVersions(
	db: Db,
	f: AttemptFilter
): Array<{ version: number; attempts: number }> {
	return db
		.select({ version: quizAttempts.version, attempts: count() })
		.from(quizAttempts)
		.where(where(f, eq(quizAttempts.status, 'graded')))
		.groupBy(quizAttempts.version)
		.orderBy(desc(quizAttempts.version))
		.all();
}

export type ItemAnalysis = {
	version: number;
	/** Graded attempts analysed. */
	attempts: number;
	questions: Array<{
		id: string;
		/** 1-based position in the quiz. */
		position: number;
		type: QuizMeta['questions'][number]['type'];
		promptHtml: string;
		correctCount: number;
		/** Whole percent of attempts with full credit. */
		correctShare: number;
		options: Array<{
			id: string;
			/** "A", "B", … in authoring order (attempts saw them shuffled). */
			label: string;
			html: string;
			correct: boolean;
			chosenCount: number;
			/** Whole percent of attempts that chose it. */
			chosenShare: number;
		}>;
	}>;
};

const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((100 * part) / whole));

/**
 * Item analysis of one version of a quiz over its graded attempts (all of them, every attempt of
 * every learner, or one cohort's). Question and option texts come from that version's latest
 * snapshot in `locale`. Undefined when the version has no snapshot (nobody attempted it).
 */
export function analyseItems(
	db: Db,
	f: AttemptFilter,
	version: number,
	locale: Locale
): ItemAnalysis | undefined {
	const snapshot = db
		.select({ questions: quizSnapshots.questions })
		.from(quizSnapshots)
		.where(and(eq(quizSnapshots.quizId, f.quizId), eq(quizSnapshots.version, version)))
		.orderBy(desc(quizSnapshots.id))
		.get();
	if (!snapshot) return undefined;
	const meta = (snapshot.questions[locale] ?? snapshot.questions['zh-CN']) as QuizMeta;
	const key = getQuizKey(db, f.quizId, version);
	const rows = db
		.select({ answers: quizAttempts.answers, results: quizAttempts.results })
		.from(quizAttempts)
		.where(where(f, and(eq(quizAttempts.status, 'graded'), eq(quizAttempts.version, version))))
		.all();
	const n = rows.length;
	return {
		version,
		attempts: n,
		questions: meta.questions.map((q, i) => {
			const correctIds = new Set(key.questions.find((k) => k.id === q.id)?.correct ?? []);
			const correctCount = rows.filter((r) =>
				r.results?.some((x) => x.id === q.id && x.correct)
			).length;
			return {
				id: q.id,
				position: i + 1,
				type: q.type,
				promptHtml: q.promptHtml,
				correctCount,
				correctShare: share(correctCount, n),
				options: q.options.map((o, j) => {
					const chosenCount = rows.filter((r) => r.answers[q.id]?.includes(o.id)).length;
					return {
						id: o.id,
						label: String.fromCharCode(65 + j),
						html: o.html,
						correct: correctIds.has(o.id),
						chosenCount,
						chosenShare: share(chosenCount, n)
					};
				})
			};
		})
	};
}

/** Per quiz: attempts and graded attempts (for the instructor's quiz list). */
export function countAttemptsByQuiz(
	db: Db
): Map<string, { attempts: number; graded: number; learners: number }> {
	const rows = db
		.select({
			quizId: quizAttempts.quizId,
			attempts: count(),
			graded: sql<number>`sum(case when ${quizAttempts.status} = 'graded' then 1 else 0 end)`,
			learners: sql<number>`count(distinct ${quizAttempts.userId})`
		})
		.from(quizAttempts)
		.groupBy(quizAttempts.quizId)
		.all();
	return new Map(
		rows.map((r) => [r.quizId, { attempts: r.attempts, graded: r.graded, learners: r.learners }])
	);
}
