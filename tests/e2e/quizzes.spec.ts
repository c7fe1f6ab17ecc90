import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { test, expect, e2eDb } from './fixtures';
import { makeCohort } from '../support/grading';
import type { QuizData } from '../../src/lib/server/content/kinds/quiz-schema';

const quiz = parse(readFileSync('cases/quizzes/module-01/zh-CN.yaml', 'utf8')) as QuizData;

test.describe('quizzes @nojs', () => {
	test('a full attempt: start, answer every question, save, reload, submit, read the result', async ({
		page,
		signIn,
		javaScriptEnabled
	}) => {
		const cspViolations: string[] = [];
		page.on('console', (msg) => {
			if (/Content Security Policy|Refused to/i.test(msg.text())) cspViolations.push(msg.text());
		});
		await signIn('learner');
		await page.goto('/quizzes');
		await page.getByTestId('quiz-list').getByRole('link', { name: quiz.title }).click();
		await expect(page.getByTestId('scoring-rule')).toContainText('1/k');
		await page.getByRole('button', { name: '开始测验' }).click();
		await expect(page).toHaveURL(/\/quizzes\/module-01\/attempts\/\d+$/);

		// Every question on one page, options in the attempt's stored order.
		const group = (i: number) => page.getByRole('group', { name: new RegExp(`第 ${i + 1} 题`) });
		await expect(group(quiz.questions.length - 1)).toBeVisible();
		const orderOf = async () =>
			group(0)
				.locator('input')
				.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
		const order = await orderOf();

		// Answer all correctly except the first question (wrong option).
		const first = quiz.questions[0];
		const wrong = first.options.find((o) => !o.correct)!.id;
		await group(0).locator(`input[value="${wrong}"]`).check();
		for (const [i, q] of quiz.questions.entries()) {
			if (i === 0) continue;
			for (const o of q.options.filter((x) => x.correct))
				await group(i).locator(`input[value="${o.id}"]`).check();
		}
		if (javaScriptEnabled) {
			await expect(page.getByTestId('autosave')).toHaveText('已自动保存');
		} else {
			await page.getByRole('button', { name: '保存答案' }).click();
			await expect(page).toHaveURL(/\?saved$/);
			await expect(page.getByRole('status').filter({ hasText: '答案已保存' })).toBeVisible();
		}
		// A reload (resume) shows the same order and the saved answers.
		await page.reload();
		expect(await orderOf()).toEqual(order);
		await expect(group(0).locator(`input[value="${wrong}"]`)).toBeChecked();

		await page.getByRole('button', { name: '提交', exact: true }).click();
		const summary = page.getByTestId('result-summary');
		await expect(summary).toBeVisible();
		const total = quiz.questions.reduce((s, q) => s + q.points, 0);
		const earned = total - first.points;
		const percent = Math.round((100 * earned) / total);
		await expect(summary).toContainText(`得分 ${earned} / ${total}（${percent}%）`);
		await expect(summary.getByTestId('score-badge')).toHaveText(
			`${percent}% · ${percent >= quiz.passMark ? '通过' : '未通过'}`
		);
		const q1 = page.getByTestId('result-questions').locator(`[data-question="${first.id}"]`);
		await expect(q1).toHaveAttribute('data-correct', 'false');
		await expect(q1).toContainText(first.explanation.slice(0, 12));
		await expect(q1.locator(`[data-option="${wrong}"]`)).toHaveAttribute('data-selected', 'true');

		await page.goto('/');
		await expect(page.getByTestId('quiz-results')).toContainText(quiz.title);
		await page.goto('/en/quizzes/module-01');
		await expect(page.getByTestId('attempt-history')).toContainText('Attempt 1');
		await expect(page.getByTestId('attempts-used')).toHaveText(
			`1 of ${quiz.attemptLimit} attempts used`
		);
		expect(cspViolations).toEqual([]);
	});

	test('instructors see the item analysis as a chart and a table', async ({
		page,
		signIn,
		javaScriptEnabled
	}) => {
		const cspViolations: string[] = [];
		page.on('console', (msg) => {
			if (/Content Security Policy|Refused to/i.test(msg.text())) cspViolations.push(msg.text());
		});
		// One graded attempt so there is something to analyse, by a learner the instructor teaches
		// (the attempts list names only their own cohorts' learners).
		const learner = await signIn('learner');
		await page.goto('/quizzes/module-02');
		await page.getByRole('button', { name: '开始测验' }).click();
		await page.getByRole('button', { name: '提交', exact: true }).click();
		await expect(page.getByTestId('result-summary')).toBeVisible();

		const instructor = await signIn('instructor');
		makeCohort(e2eDb(), instructor, [learner.id]);
		await page.goto('/instructor/quizzes');
		await page.getByTestId('staff-quiz-list').getByRole('link').nth(1).click();
		await expect(page).toHaveURL(/\/instructor\/quizzes\/module-02$/);
		const table = page.getByTestId('item-analysis');
		await expect(table).toBeVisible();
		await expect(table.locator('[data-correct-share]')).toHaveCount(10);
		const charts = page.getByTestId('bar-chart');
		await expect(charts).toHaveCount(2);
		if (javaScriptEnabled) {
			// Chart.js drew on the canvas (under the strict CSP): some pixels are no longer blank.
			const drawn = () =>
				charts
					.first()
					.locator('canvas')
					.evaluate((c) => {
						const canvas = c as HTMLCanvasElement;
						const data = canvas
							.getContext('2d')!
							.getImageData(0, 0, canvas.width, canvas.height).data;
						let painted = 0;
						for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
						return painted;
					});
			await expect.poll(drawn).toBeGreaterThan(1000);
			await expect(charts.first()).toBeVisible();
		} else {
			await expect(charts.first()).toBeHidden();
			await expect(
				page.getByText('图表需要 JavaScript；下表给出相同的数字。').first()
			).toBeVisible();
		}
		await page.getByLabel('班级').selectOption({ index: 0 });
		await page.getByRole('button', { name: '筛选' }).click();
		await expect(page.getByTestId('staff-attempts')).toBeVisible();
		expect(cspViolations).toEqual([]);
	});
});
