import type { Page } from '@playwright/test';
import { test, expect, e2eDb } from './fixtures';
import { makeGradingClass, makeSubmission, topLevels } from '../support/grading';
import { resolveExerciseRubric } from '../../src/lib/server/exercises';
import { saveGrade } from '../../src/lib/server/grading';
import { startAttempt, submitAttempt } from '../../src/lib/server/quiz/attempts';
import { getLabPage } from '../../src/lib/server/labs/catalog';
import { submitLab } from '../../src/lib/server/labs/submit';

/**
 * Tables wider than the screen scroll sideways inside their own box; a keyboard user must be able
 * to reach that box (Tab) and scroll it (arrow keys), and a screen reader must say what it is: each
 * such box is a focusable region (`tabindex="0"`) with a name (WCAG 2.1.1; axe's
 * scrollable-region-focusable). The gradebook has its own test (grading.spec.ts).
 */

const ITEM = 'exercise-banking-kb-design';

/**
 * Finds every box on the page that scrolls a table sideways (computed `overflow-x` auto or
 * scroll), checks it is a region in the tab order with a name and takes focus when shown, and
 * returns the names, in page order.
 */
async function scrollRegionNames(page: Page): Promise<string[]> {
	const count = await page.evaluate(() => {
		let n = 0;
		for (const el of document.querySelectorAll('body *')) {
			const overflow = getComputedStyle(el).overflowX;
			if ((overflow === 'auto' || overflow === 'scroll') && el.querySelector('table'))
				el.setAttribute('data-scroll-box', String(n++));
		}
		return n;
	});
	const names: string[] = [];
	for (let i = 0; i < count; i++) {
		const box = page.locator(`[data-scroll-box="${i}"]`);
		await expect(box).toHaveAttribute('role', 'region');
		await expect(box).toHaveAttribute('tabindex', '0');
		const name = await box.evaluate((el) => {
			const by = el.getAttribute('aria-labelledby');
			const text = by ? document.getElementById(by)?.textContent : el.getAttribute('aria-label');
			return (text ?? '').replace(/\s+/g, ' ').trim();
		});
		expect(name).not.toBe('');
		await expect(box).toHaveAccessibleName(name);
		if (await box.isVisible()) {
			await box.focus();
			await expect(box).toBeFocused();
		}
		names.push(name);
	}
	return names;
}

/** An instructor's class: Ann has a released grade, a graded quiz attempt and a lab attempt; Bob's submission waits in the queue. */
async function setUp() {
	const db = e2eDb();
	const {
		instructor,
		cohort,
		learners: [ann, bob]
	} = await makeGradingClass(db, {
		learners: [{ displayName: 'Ann Scroll' }, { displayName: 'Bob Scroll' }]
	});
	const graded = makeSubmission(db, ann.id, '## 方案\n\n网关统一鉴权。', { itemId: ITEM });
	saveGrade(db, instructor, {
		submissionId: graded,
		criteria: topLevels(resolveExerciseRubric(db, ITEM, 1)!),
		comment: '',
		release: true
	});
	makeSubmission(db, bob.id, '## Design\n\nA gateway.', { itemId: ITEM, locale: 'en' });
	const clock = { graceMs: 0 };
	const { attempt } = startAttempt(db, { userId: ann.id, quizId: 'quiz-module-02' }, clock);
	submitAttempt(db, { userId: ann.id, attemptId: attempt.id, answers: new Map() }, clock);
	const lab = getLabPage(db, 'capacity-cost-support-assistant', 'en')!;
	const labAttempt = await submitLab(db, {
		userId: ann.id,
		lab: { id: lab.id, version: lab.version, meta: lab.meta },
		locale: 'en',
		answer: {
			step: 'capacity',
			answers: {
				'peak-rpm': '1,800',
				'peak-rps': '30',
				'peak-tpm': '3.24M',
				'in-flight': '120',
				'fits-limits': 'no',
				'daily-cost': '648',
				'batch-saving': '100'
			}
		},
		idempotencyKey: `scroll-${ann.id}`,
		timeoutMs: 5000,
		pipelineMaxChars: 20_000
	});
	if (!labAttempt.ok) throw new Error(`lab refused: ${labAttempt.reason}`);
	return { instructor, cohort, ann, labAttemptId: labAttempt.attemptId };
}

test('wide tables scroll in focusable, named regions on the staff and learner pages', async ({
	page,
	signInAs
}) => {
	const { instructor, cohort, ann, labAttemptId } = await setUp();

	await signInAs(instructor);
	await page.goto('/instructor/grading');
	expect(await scrollRegionNames(page)).toEqual(['评分队列']);
	await page.goto('/instructor/quizzes');
	expect(await scrollRegionNames(page)).toEqual(['测验统计']);
	await page.goto(`/instructor/quizzes/module-02?cohort=${cohort.id}`);
	expect(await scrollRegionNames(page)).toEqual(['题目分析：与图表相同的数字', '作答记录']);
	await page.goto('/en/instructor/usage');
	expect(await scrollRegionNames(page)).toContain('Per day');

	await signInAs(ann);
	await page.goto('/');
	expect(await scrollRegionNames(page)).toEqual(['已发布的成绩']);
	await page.goto('/en/quizzes/module-02');
	expect(await scrollRegionNames(page)).toEqual(['Your attempts']);
	await page.goto(`/en/labs/capacity-cost-support-assistant/attempts/${labAttemptId}`);
	expect(await scrollRegionNames(page)).toEqual(['Your estimates']);
	// The modules' tables: written by hand (1), cases by industry (9), references (11), FAQ (12).
	for (const slug of ['overview', 'case-analysis', 'references', 'discussion-qa']) {
		await page.goto(`/en/modules/${slug}`);
		expect(await scrollRegionNames(page)).toHaveLength(1);
	}
	await page.goto('/references');
	expect(await scrollRegionNames(page)).toHaveLength(1);
});

test('on a phone the grading queue scrolls sideways from the keyboard', async ({
	page,
	signInAs
}) => {
	await page.setViewportSize({ width: 360, height: 800 });
	const { instructor } = await setUp();
	await signInAs(instructor);
	await page.goto('/en/instructor/grading');
	const region = page.getByRole('region', { name: 'Grading queue' });
	await expect(region.getByTestId('grading-queue')).toBeVisible();
	expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
	// Tab from the filter's last control (the gradebook link) lands on the table's region.
	await page.getByTestId('queue-filter').getByRole('link').focus();
	await page.keyboard.press('Tab');
	await expect(region).toBeFocused();
	await page.keyboard.press('ArrowRight');
	await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
});
