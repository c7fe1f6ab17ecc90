import { Lexer } from 'marked';
import { markdownToText, renderDocument, type Heading } from '../../markdown';
import { headingsOf } from '../structure';
import type { ContentKind, ParsedFile } from '../types';
import type { Difficulty } from './case';
import {
	EXERCISE_SECTIONS,
	exerciseSchema,
	type Due,
	type ExerciseConcept,
	type ExerciseData,
	type LatePolicy
} from './exercise-schema';
import { slugFromFolder } from './shared';

export { exerciseSchema, EXERCISE_SECTIONS, type ExerciseData, type LatePolicy, type Due };

/** One criterion as an exercise page (and the rubric store) reads it, in the file's language. */
export type ExerciseRubricCriterion = {
	id: string;
	title: string;
	levels: Array<{ level: number; points: number; descriptor: string }>;
	concepts: ExerciseConcept[];
};

/** What an exercise page reads from `content_locales.metadata`. */
export type ExerciseMeta = {
	case: string | null;
	modules: number[];
	difficulty: Difficulty;
	estimatedMinutes: number;
	attemptLimit: number;
	/** Answer limit in characters (code points: a Chinese character counts 1). */
	maxChars: number;
	due: Due | null;
	latePolicy: LatePolicy;
	rubric: ExerciseRubricCriterion[];
	/** Sum of each criterion's highest level, in points. */
	maxPoints: number;
	headings: Heading[];
	hasMermaid: boolean;
};

const SUMMARY_CHARS = 160;

/**
 * The first paragraph of the first `##` section (the scenario), as plain text on one line (soft
 * line breaks dropped between Chinese characters, a space elsewhere), shortened.
 */
export function summaryOf(body: string): string {
	const sections = body.split(/^## .*$/m);
	const scenario = sections[1] ?? sections[0] ?? '';
	const paragraph = new Lexer({ gfm: true }).lex(scenario).find((t) => t.type === 'paragraph');
	const text = markdownToText(paragraph?.raw ?? '')
		.replace(/(\p{Script=Han}|[，。；：、！？）」』])\s*\n\s*(?=\p{Script=Han}|[（「『])/gu, '$1')
		.replace(/\s*\n\s*/g, ' ')
		.trim();
	const chars = [...text];
	return chars.length > SUMMARY_CHARS ? `${chars.slice(0, SUMMARY_CHARS).join('')}…` : text;
}

function render(file: ParsedFile<ExerciseData>) {
	const e = file.data;
	const body = renderDocument(file.body, { headingIds: true });
	const rubric = e.rubric.map((c) => ({
		id: c.id,
		title: c.title,
		levels: c.levels.map((l) => ({ level: l.level, points: l.points, descriptor: l.descriptor })),
		concepts: c.concepts
	}));
	const meta: ExerciseMeta = {
		case: e.case ?? null,
		modules: [...e.modules].sort((a, b) => a - b),
		difficulty: e.difficulty,
		estimatedMinutes: e.estimatedMinutes,
		attemptLimit: e.attemptLimit,
		maxChars: e.maxChars,
		due: e.due ?? null,
		latePolicy: e.latePolicy,
		rubric,
		maxPoints: e.rubric.reduce((sum, c) => sum + Math.max(...c.levels.map((l) => l.points)), 0),
		headings: body.headings,
		hasMermaid: body.hasMermaid
	};
	const summary = summaryOf(file.body);
	const searchText = [
		markdownToText(file.body),
		...e.rubric.map((c) => `${c.title}\n${c.levels.map((l) => l.descriptor).join('\n')}`)
	].join('\n');
	return { title: e.title, summary, html: body.html, metadata: meta, searchText };
}

function check(file: ParsedFile<ExerciseData>) {
	const problems: Array<{ field?: string; message: string }> = [];
	const expected: readonly string[] = EXERCISE_SECTIONS[file.locale];
	const sections = headingsOf(file.body)
		.filter((h) => h.depth === 2)
		.map((h) => h.text);
	if (sections.join('\n') !== expected.join('\n')) {
		const i = expected.findIndex((s, k) => sections[k] !== s);
		const at = i < 0 ? expected.length : i;
		problems.push({
			field: 'body',
			message: `the ## sections must be, in order: ${expected.join(' / ')}; section ${at + 1} is ${
				sections[at] ? `"${sections[at]}"` : 'missing'
			}${expected[at] ? ` where "${expected[at]}" is expected` : ' (one too many)'}`
		});
	}
	return problems;
}

/** The parts of the rubric that decide scores: a change makes a new exercise version. */
function scoringOf(e: ExerciseData) {
	return {
		criteria: e.rubric.map((c) => ({
			id: c.id,
			levels: c.levels.map((l) => ({ level: l.level, points: l.points })),
			concepts: c.concepts
		}))
	};
}

/**
 * Design exercises: `cases/exercises/slug/{zh-CN,en}.md` (+ an optional labelled `eval.yaml` read by
 * `npm run eval:feedback`), served at `/exercises/slug`. Tagged with their modules and their case,
 * so module and case pages list them. Only criteria, levels, points and key concepts version them.
 */
export const exerciseKind: ContentKind<ExerciseData> = {
	kind: 'exercise',
	folder: 'exercises',
	format: 'md',
	extraFiles: ['eval.yaml'],
	schema: exerciseSchema,
	slug: slugFromFolder,
	path: (slug) => `/exercises/${slug}`,
	sortKey: (_e, slug) => slug,
	parity: (e) => ({
		id: e.id,
		case: e.case ?? null,
		modules: e.modules,
		difficulty: e.difficulty,
		estimatedMinutes: e.estimatedMinutes,
		attemptLimit: e.attemptLimit,
		maxChars: e.maxChars,
		due: e.due ?? null,
		latePolicy: e.latePolicy,
		rubric: scoringOf(e).criteria
	}),
	check,
	scoring: (base) => scoringOf(base.data),
	tags: (e) => [
		...e.modules.map((n) => `module:${n}`),
		...(e.case ? [`case:${e.case}`] : []),
		`difficulty:${e.difficulty}`
	],
	links: (e) => (e.case ? [`case:${e.case}`] : []),
	render
};
