import { markdownToText, renderDocument, renderInline } from '../../markdown';
import type { QuizKey } from '../../quiz/scoring';
import type { ContentKind, ParsedFile } from '../types';
import {
	quizSchema,
	type GradingMethod,
	type QuestionType,
	type QuizData,
	type ScoringMode
} from './quiz-schema';

/** One option as rendered at sync time. `correct` and `explanationHtml` are the answer key. */
export type RenderedOption = {
	id: string;
	html: string;
	correct: boolean;
	explanationHtml: string;
};

/** One question as rendered at sync time (HTML sanitised). */
export type RenderedQuestion = {
	id: string;
	type: QuestionType;
	points: number;
	promptHtml: string;
	explanationHtml: string;
	/** "kind:id" links to what teaches it. */
	links: string[];
	options: RenderedOption[];
};

/**
 * What quiz pages read from `content_locales.metadata`. It holds the ANSWER KEY (correct flags,
 * explanations): never send it to the browser whole — src/lib/server/quiz/ projects it.
 */
export type QuizMeta = {
	title: string;
	module: number;
	passMark: number;
	attemptLimit: number;
	grading: GradingMethod;
	timeLimitMinutes: number | null;
	scoring: ScoringMode;
	questionCount: number;
	/** Sum of the questions' points. */
	maxPoints: number;
	descriptionHtml: string;
	questions: RenderedQuestion[];
};

/** The grading key of a quiz (stored per version in content_versions.scoring). */
export function quizKeyOf(q: QuizData): QuizKey {
	return {
		scoring: q.scoring,
		passMark: q.passMark,
		questions: q.questions.map((x) => ({
			id: x.id,
			type: x.type,
			points: x.points,
			options: x.options.map((o) => o.id),
			correct: x.options.filter((o) => o.correct).map((o) => o.id)
		}))
	};
}

function render(file: ParsedFile<QuizData>) {
	const q = file.data;
	const meta: QuizMeta = {
		title: q.title,
		module: q.module,
		passMark: q.passMark,
		attemptLimit: q.attemptLimit,
		grading: q.grading,
		timeLimitMinutes: q.timeLimitMinutes ?? null,
		scoring: q.scoring,
		questionCount: q.questions.length,
		maxPoints: q.questions.reduce((sum, x) => sum + Math.round(x.points * 100), 0) / 100,
		descriptionHtml: renderDocument(q.description).html,
		questions: q.questions.map((x) => ({
			id: x.id,
			type: x.type,
			points: x.points,
			promptHtml: renderDocument(x.prompt).html,
			explanationHtml: renderDocument(x.explanation).html,
			links: x.links,
			options: x.options.map((o) => ({
				id: o.id,
				html: renderInline(o.text),
				correct: o.correct,
				explanationHtml: renderDocument(o.explanation).html
			}))
		}))
	};
	// Searchable: what the quiz page shows before an attempt (never the explanations: they give
	// the answers away in search snippets).
	const searchText = [
		markdownToText(q.description),
		...q.questions.map((x) => markdownToText(x.prompt))
	].join('\n');
	return {
		title: q.title,
		summary: markdownToText(q.description),
		html: meta.descriptionHtml,
		metadata: meta,
		searchText
	};
}

/**
 * Module quizzes: `cases/quizzes/<slug>/{zh-CN,en}.yaml` (format in cases/quizzes/README.md),
 * served at `/quizzes/<slug>`, tagged `module:N` so module and case pages list them. A change of
 * correct options, points, question/option ids, types, scoring mode or pass mark makes a new
 * version; attempts keep the version they were given.
 */
export const quizKind: ContentKind<QuizData> = {
	kind: 'quiz',
	folder: 'quizzes',
	format: 'yaml',
	schema: quizSchema,
	slug: (folder) => folder,
	path: (slug) => `/quizzes/${slug}`,
	sortKey: (q) => String(q.module).padStart(2, '0'),
	parity: (q) => ({
		id: q.id,
		module: q.module,
		passMark: q.passMark,
		attemptLimit: q.attemptLimit,
		grading: q.grading,
		timeLimitMinutes: q.timeLimitMinutes ?? null,
		scoring: q.scoring,
		questions: q.questions.map((x) => ({
			id: x.id,
			type: x.type,
			points: x.points,
			options: x.options.map((o) => ({ id: o.id, correct: o.correct })),
			links: x.links
		}))
	}),
	scoring: (base) => quizKeyOf(base.data),
	tags: (q) => [`module:${q.module}`],
	links: (q) => [...new Set(q.questions.flatMap((x) => x.links))],
	render
};
