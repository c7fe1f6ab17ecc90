import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { quizSnapshots, type Locale, type QuizAttempt } from '../db/schema';
import type { QuizMeta, RenderedQuestion } from '../content/kinds/quiz';
import { getQuizKey } from './records';
import { formatPoints } from './scoring';
import { scoreOf, type ScoreView } from './queries';

/**
 * What an attempt page shows, built from the attempt's own snapshot (its version's questions, in
 * its stored option order). While the attempt is open the view carries NO answer key: no correct
 * flags, no explanations. Only a graded attempt's view has them.
 */

export type OpenQuestion = {
	id: string;
	type: RenderedQuestion['type'];
	points: number;
	promptHtml: string;
	options: Array<{ id: string; html: string }>;
	/** Option ids saved so far. */
	selected: string[];
};

export type GradedQuestion = Omit<OpenQuestion, 'options'> & {
	explanationHtml: string;
	links: string[];
	earned: string;
	max: string;
	correct: boolean;
	partial: boolean;
	options: Array<{
		id: string;
		html: string;
		correct: boolean;
		selected: boolean;
		explanationHtml: string;
	}>;
};

type Common = {
	id: number;
	quizId: string;
	number: number;
	version: number;
	title: string;
	startedAt: Date;
	deadline: Date | null;
};

export type AttemptView =
	| (Common & { status: 'open'; savedAt: Date | null; questions: OpenQuestion[] })
	| (Common & {
			status: 'graded';
			closedBy: 'learner' | 'time' | null;
			submittedAt: Date | null;
			passMark: number;
			scoring: QuizMeta['scoring'];
			score: ScoreView;
			lateAnswersKept: boolean;
			questions: GradedQuestion[];
	  });

function ordered<T extends { id: string }>(items: T[], order: string[] | undefined): T[] {
	if (!order) return items;
	const byId = new Map(items.map((i) => [i.id, i]));
	return order.flatMap((id) => byId.get(id) ?? []);
}

/** The page view of an attempt (see the module comment) in `locale`. */
export function buildAttemptView(db: Db, attempt: QuizAttempt, locale: Locale): AttemptView {
	const snapshot = db
		.select()
		.from(quizSnapshots)
		.where(eq(quizSnapshots.id, attempt.snapshotId))
		.get();
	if (!snapshot) throw new Error(`attempt ${attempt.id} has no snapshot`);
	const meta = (snapshot.questions[locale] ?? snapshot.questions['zh-CN']) as QuizMeta;
	const common: Common = {
		id: attempt.id,
		quizId: attempt.quizId,
		number: attempt.number,
		version: attempt.version,
		title: meta.title,
		startedAt: attempt.startedAt,
		deadline: attempt.deadline
	};
	if (attempt.status === 'open') {
		return {
			...common,
			status: 'open',
			savedAt: attempt.savedAt,
			questions: meta.questions.map((q) => ({
				id: q.id,
				type: q.type,
				points: q.points,
				promptHtml: q.promptHtml,
				options: ordered(q.options, attempt.optionOrder[q.id]).map((o) => ({
					id: o.id,
					html: o.html
				})),
				selected: attempt.answers[q.id] ?? []
			}))
		};
	}
	const key = getQuizKey(db, attempt.quizId, attempt.version);
	const results = new Map((attempt.results ?? []).map((r) => [r.id, r]));
	const score = scoreOf(attempt)!;
	return {
		...common,
		status: 'graded',
		closedBy: attempt.closedBy,
		submittedAt: attempt.submittedAt,
		passMark: key.passMark,
		scoring: key.scoring,
		score,
		lateAnswersKept: !!attempt.lateAnswers && Object.keys(attempt.lateAnswers).length > 0,
		questions: meta.questions.map((q) => {
			const r = results.get(q.id);
			const selected = new Set(attempt.answers[q.id] ?? []);
			return {
				id: q.id,
				type: q.type,
				points: q.points,
				promptHtml: q.promptHtml,
				explanationHtml: q.explanationHtml,
				links: q.links,
				selected: [...selected],
				earned: formatPoints(r?.earned ?? { n: 0, d: 1 }),
				max: formatPoints(r?.max ?? { n: 0, d: 1 }),
				correct: r?.correct ?? false,
				partial: r?.partial ?? false,
				options: ordered(q.options, attempt.optionOrder[q.id]).map((o) => ({
					id: o.id,
					html: o.html,
					correct: o.correct,
					selected: selected.has(o.id),
					explanationHtml: o.explanationHtml
				}))
			};
		})
	};
}
