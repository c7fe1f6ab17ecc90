import { makeContentDir, type ContentDir } from './content';

/**
 * Quiz fixtures in the real format (cases/quizzes/README.md): 8 questions —
 *   q1 single (correct `correct`, default "b"), 2 points;
 *   q2 multiple, 1 point, correct a, c, e of a–e (thirds);
 *   q3 true/false, 1 point, correct "false";
 *   q4–q8 single, 1 point each, correct "a".
 * Maximum 9 points. `prefix` renames the question ids (another quiz: "r" → r1…r8).
 */
export type QuizFixture = {
	id?: string;
	prefix?: string;
	correct?: 'a' | 'b' | 'c';
	wording?: string;
	attemptLimit?: number;
	grading?: 'highest' | 'last';
	timeLimitMinutes?: number;
	scoring?: 'partial' | 'all-or-nothing';
	passMark?: number;
	module?: number;
};

export function quizYaml(lang: 'zh-CN' | 'en', f: QuizFixture = {}): string {
	const zh = lang === 'zh-CN';
	const p = f.prefix ?? 'q';
	const opt = (id: string, text: string, correct: boolean) => `      - id: "${id}"
        text: "${text}"
        correct: ${correct}
        explanation: "${zh ? '解释' : 'Why'} ${id}."
`;
	const q = (
		n: number,
		type: string,
		points: number,
		options: string,
		prompt: string
	) => `  - id: ${p}${n}
    type: ${type}
    points: ${points}
    prompt: "${prompt}"
    options:
${options}    explanation: "${zh ? '总体解析' : 'Overall explanation'} ${n}."
    links: [module:module-03]
`;
	const c = f.correct ?? 'b';
	const singles = [4, 5, 6, 7, 8]
		.map((n) =>
			q(
				n,
				'single',
				1,
				opt('a', zh ? '对' : 'Right', true) +
					opt('b', zh ? '不对' : 'Wrong', false) +
					opt('c', zh ? '也不对' : 'Also wrong', false),
				zh ? `第 ${n} 题题干` : `Prompt ${n}`
			)
		)
		.join('');
	return `id: ${f.id ?? 'quiz-demo'}
module: ${f.module ?? 3}
title: "${zh ? '演示测验' : 'Demo quiz'}"
description: "${zh ? '一个演示测验。' : 'A demo quiz.'}${f.wording ?? ''}"
passMark: ${f.passMark ?? 70}
attemptLimit: ${f.attemptLimit ?? 3}
grading: ${f.grading ?? 'highest'}
${f.timeLimitMinutes ? `timeLimitMinutes: ${f.timeLimitMinutes}\n` : ''}scoring: ${f.scoring ?? 'partial'}
questions:
${q(
	1,
	'single',
	2,
	opt('a', zh ? '甲' : 'Alpha', c === 'a') +
		opt('b', zh ? '乙' : 'Beta', c === 'b') +
		opt('c', zh ? '丙' : 'Gamma', c === 'c'),
	(zh ? '哪个合适？' : 'Which fits?') + (f.wording ?? '')
)}${q(
		2,
		'multiple',
		1,
		opt('a', 'A1', true) +
			opt('b', 'B1', false) +
			opt('c', 'C1', true) +
			opt('d', 'D1', false) +
			opt('e', 'E1', true),
		zh ? '哪些合适？' : 'Which ones fit?'
	)}${q(
		3,
		'truefalse',
		1,
		opt('true', zh ? '正确' : 'True', false) + opt('false', zh ? '错误' : 'False', true),
		zh ? '这句话对吗？' : 'Is this statement true?'
	)}${singles}`;
}

/** Writes quiz `slug` (both languages) into `dir`. */
export function writeQuiz(dir: ContentDir, slug: string, f: QuizFixture = {}): void {
	dir.write(`quizzes/${slug}/zh-CN.yaml`, quizYaml('zh-CN', f));
	dir.write(`quizzes/${slug}/en.yaml`, quizYaml('en', f));
}

/** A content folder (the module/case fixtures) with quiz "demo", and optionally more. */
export function makeQuizContentDir(f: QuizFixture = {}): ContentDir {
	const dir = makeContentDir();
	writeQuiz(dir, 'demo', f);
	return dir;
}

/** Answers that score full marks on the fixture (with q1 correct "b" unless changed). */
export function perfectAnswers(correct = 'b', p = 'q'): Map<string, string[]> {
	return new Map([
		[`${p}1`, [correct]],
		[`${p}2`, ['a', 'c', 'e']],
		[`${p}3`, ['false']],
		...[4, 5, 6, 7, 8].map((n) => [`${p}${n}`, ['a']] as [string, string[]])
	]);
}
