import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import type { Locale } from '../db/schema';
import { listExercises } from '../exercises/catalog';
import { listQuizInfos } from '../quiz/queries';
import { m } from '../../paraglide/messages';

/**
 * One gradebook column: an item learners are scored on. `points(userId)` is an SQL expression
 * giving the learner's points on the item (real, null = nothing counts yet), evaluated per row in
 * the gradebook query so searching, sorting and paging stay in SQL.
 */
export type GradebookColumn = {
	/** Unique across sources, e.g. "quiz:quiz-module-3" (used in `?sort=`). */
	key: string;
	kind: string;
	itemId: string;
	title: string;
	/** Highest points the item gives (current version); null when unknown. */
	maxPoints: number | null;
	/** How the item's score is decided, in the reader's language. */
	method: string;
	points: (userId: SQL) => SQL;
};

/**
 * A source of gradebook columns. Labs add theirs (`labColumns` in ../labs/gradebook.ts) with
 * {@link registerGradebookSource} at start-up. Gradebook queries are cached until the "gradebook"
 * generation moves (./gradebook.ts): a source whose points read a table without its triggers
 * (migration 0016) must add them in a migration, or its column would show stale points.
 */
export type GradebookSource = (db: Db, locale: Locale) => GradebookColumn[];

/** Quizzes: the counting attempt's points under the quiz's grading method (highest or last). */
export const quizColumns: GradebookSource = (db, locale) =>
	listQuizInfos(db, locale).map((q) => ({
		key: `quiz:${q.id}`,
		kind: 'quiz',
		itemId: q.id,
		title: q.title,
		maxPoints: Number(q.maxPoints),
		method:
			q.grading === 'highest'
				? m.grading_method_quiz_highest({}, { locale })
				: m.grading_method_quiz_last({}, { locale }),
		points: (userId) =>
			sql`(select cast(a.earned_n as real) / a.earned_d from quiz_attempts a
				where a.user_id = ${userId} and a.quiz_id = ${q.id} and a.status = 'graded'
				order by ${
					q.grading === 'highest'
						? sql`(cast(a.earned_n as real) / a.earned_d) / (cast(a.max_n as real) / a.max_d) desc, a.number asc`
						: sql`a.number desc`
				} limit 1)`
	}));

/**
 * Exercises: only an instructor's released grade counts (feedback points never do) — the newest
 * release of the learner's latest submission that has one.
 */
export const exerciseColumns: GradebookSource = (db, locale) =>
	listExercises(db, locale).map((e) => ({
		key: `exercise:${e.id}`,
		kind: 'exercise',
		itemId: e.id,
		title: e.title,
		maxPoints: e.meta.maxPoints ?? null,
		method: m.grading_method_exercise({}, { locale }),
		points: (userId) =>
			sql`(select r.points from grade_releases r join submissions s on s.id = r.submission_id
				where s.user_id = ${userId} and s.item_id = ${e.id}
				order by s.id desc, r.id desc limit 1)`
	}));

/** The column sources of the gradebook, in order. */
export const GRADEBOOK_SOURCES: GradebookSource[] = [quizColumns, exerciseColumns];

/** Adds a column source (e.g. labs) after the built-in ones; a source registered twice is kept once. */
export function registerGradebookSource(source: GradebookSource): void {
	if (!GRADEBOOK_SOURCES.includes(source)) GRADEBOOK_SOURCES.push(source);
}

/** Every column of the gradebook, in source order. */
export function listGradebookColumns(db: Db, locale: Locale): GradebookColumn[] {
	return GRADEBOOK_SOURCES.flatMap((s) => s(db, locale));
}
