import { test, expect, e2eDb } from './fixtures';
import { makeUser } from '../support/factories';
import { makeCohort, makeGradingClass, makeSubmission, topLevels } from '../support/grading';
import { getReleasedGrade, resolveExerciseRubric } from '../../src/lib/server/exercises';
import { saveGrade } from '../../src/lib/server/grading';

const ITEM = 'exercise-banking-kb-design';

/** An instructor's cohort with one learner and two submissions of theirs on other learners' rows. */
async function setUp() {
	const db = e2eDb();
	const {
		instructor,
		cohort,
		learners: [first, second]
	} = await makeGradingClass(db, {
		learners: [{ displayName: '第一位学员' }, { displayName: 'Second learner' }]
	});
	const a = makeSubmission(db, first.id, '## 方案\n\n网关统一鉴权，熔断降级。', { itemId: ITEM });
	const b = makeSubmission(db, second.id, '## Design\n\nA gateway with fallback.', {
		itemId: ITEM,
		locale: 'en'
	});
	const rubric = resolveExerciseRubric(db, ITEM, 1)!;
	return { instructor, cohort, a, b, rubric };
}

test('grades one submission by keyboard and moves on to the next', async ({ page, signInAs }) => {
	const { instructor, cohort, a, b, rubric } = await setUp();
	await signInAs(instructor);
	await page.goto(`/instructor/grading/${a}?cohort=${cohort.id}`);
	await page.waitForLoadState('networkidle');
	await expect(page.getByRole('heading', { name: '评分：第一位学员' })).toBeVisible();
	// The answer's scrolling box can be reached and scrolled from the keyboard.
	await expect(page.getByRole('region', { name: '答案原文（可滚动）' })).toHaveAttribute(
		'tabindex',
		'0'
	);
	// Focus the first criterion's first level, then pick the top level of every criterion by number.
	await page.locator(`input[name="level-${rubric.criteria[0].id}"]`).first().focus();
	for (const c of rubric.criteria) await page.keyboard.press(String(c.levels.length));
	const max = rubric.criteria.reduce((s, c) => s + Math.max(...c.levels.map((l) => l.points)), 0);
	await expect(page.getByTestId('grade-summary')).toContainText(`成绩：${max} / ${max}`);
	// Release with the keyboard.
	await page.getByRole('button', { name: '发布' }).focus();
	await Promise.all([page.waitForURL(/saved=release/), page.keyboard.press('Enter')]);
	await expect(page.getByText('成绩已发布，学员已收到通知。')).toBeVisible();
	expect(getReleasedGrade(e2eDb(), a)).toMatchObject({ points: max, maxPoints: max });
	// j: the next submission in the queue.
	await page.locator('body').click({ position: { x: 5, y: 5 } });
	await Promise.all([
		page.waitForURL(new RegExp(`/instructor/grading/${b}`)),
		page.keyboard.press('j')
	]);
	await expect(page.getByRole('heading', { name: '评分：Second learner' })).toBeVisible();
});

test('grades with plain forms, adjusting points and commenting @nojs', async ({
	page,
	signInAs
}) => {
	const { instructor, a, rubric } = await setUp();
	await signInAs(instructor);
	await page.goto(`/en/instructor/grading/${a}`);
	// With JavaScript, let hydration finish first (it sets the radios from the page's state).
	await page.waitForLoadState('networkidle');
	for (const c of rubric.criteria) {
		const box = page.getByTestId(`criterion-${c.id}`);
		await box.getByRole('radio').nth(1).check();
	}
	const first = rubric.criteria[0];
	const lower = [...first.levels].sort((x, y) => x.level - y.level);
	const firstBox = page.getByTestId(`criterion-${first.id}`);
	// Out of the chosen level's range: refused by the server, naming the criterion.
	await firstBox.getByLabel('Points').fill(String(lower[1].points + 100));
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page.getByRole('alert')).toContainText('outside the chosen level');
	for (const c of rubric.criteria)
		await page.getByTestId(`criterion-${c.id}`).getByRole('radio').nth(1).check();
	await firstBox.getByLabel('Points').fill(String(lower[1].points - 0.5));
	await firstBox.getByLabel('Comment').fill('Name the gateway product.');
	await page.getByLabel('Overall comment (shown to the learner)').fill('Solid start.');
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page.getByText('Draft saved (not visible to the learner).')).toBeVisible();
	expect(getReleasedGrade(e2eDb(), a)).toBeNull();
	await page.getByRole('button', { name: 'Release', exact: true }).click();
	await expect(page.getByText('Grade released; the learner has been notified.')).toBeVisible();
	const raw = rubric.criteria.reduce(
		(s, c) => s + [...c.levels].sort((x, y) => x.level - y.level)[1].points,
		-0.5
	);
	expect(getReleasedGrade(e2eDb(), a)).toMatchObject({ rawPoints: raw, comment: 'Solid start.' });
	expect(getReleasedGrade(e2eDb(), a)?.criteria[0].comment).toBe('Name the gateway product.');
});

test('bulk release keeps the queue’s filter, refused or done @nojs', async ({ page, signInAs }) => {
	const { instructor, cohort, a, rubric } = await setUp();
	// Another cohort of the same instructor, so the filter is visible in what the queue shows.
	const outsider = await makeUser(e2eDb(), { displayName: 'Other cohort learner' });
	makeCohort(e2eDb(), instructor, [outsider.id]);
	makeSubmission(e2eDb(), outsider.id, '## 方案\n\n另一个班。', { itemId: ITEM });
	saveGrade(e2eDb(), instructor, {
		submissionId: a,
		criteria: topLevels(rubric),
		comment: '',
		release: false
	});
	await signInAs(instructor);
	await page.goto(`/en/instructor/grading?cohort=${cohort.id}&state=all`);
	const queue = page.getByTestId('grading-queue');
	await expect(queue.getByRole('link', { name: 'Other cohort learner' })).toHaveCount(0);

	// Nothing checked: refused, and the page shown is still the filtered queue.
	await page.getByRole('button', { name: 'Release selected' }).click();
	await expect(page.getByRole('alert')).toBeVisible();
	expect(new URL(page.url()).searchParams.get('cohort')).toBe(String(cohort.id));
	await expect(page.getByLabel('Cohort')).toHaveValue(String(cohort.id));
	await expect(page.getByLabel('State')).toHaveValue('all');
	await expect(queue.getByRole('link', { name: '第一位学员' })).toBeVisible();
	await expect(queue.getByRole('link', { name: 'Other cohort learner' })).toHaveCount(0);

	// The draft checked: released, and back on the same filtered queue.
	await page.getByRole('checkbox', { name: /第一位学员/ }).check();
	await page.getByRole('button', { name: 'Release selected' }).click();
	await expect(page.getByRole('status').filter({ hasText: /released/i })).toBeVisible();
	const url = new URL(page.url());
	expect(url.searchParams.get('cohort')).toBe(String(cohort.id));
	expect(url.searchParams.get('state')).toBe('all');
	await expect(page.getByLabel('Cohort')).toHaveValue(String(cohort.id));
	await expect(queue.getByRole('link', { name: 'Other cohort learner' })).toHaveCount(0);
	expect(getReleasedGrade(e2eDb(), a)).not.toBeNull();
});

test.describe('the gradebook', () => {
	test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'the chart needs JavaScript');

	for (const width of [1280, 360]) {
		test(`counts on whole-number ticks; a wide table scrolls in its own region at ${width} px`, async ({
			page,
			signInAs
		}) => {
			await page.setViewportSize({ width, height: 900 });
			const { instructor, cohort, a, rubric } = await setUp();
			saveGrade(e2eDb(), instructor, {
				submissionId: a,
				criteria: topLevels(rubric),
				comment: '',
				release: true
			});
			await signInAs(instructor);
			await page.goto(`/en/instructor/gradebook?cohort=${cohort.id}&item=exercise:${ITEM}`);
			// One learner per bucket at most: the count axis reads 0, 1 — never 0.5.
			const chart = page.getByRole('img', { name: /Score distribution/ });
			await expect(chart).toHaveAttribute('data-value-ticks', /\d/);
			const ticks = (await chart.getAttribute('data-value-ticks'))!.split(' ').map(Number);
			expect(ticks.length).toBeGreaterThan(1);
			expect(ticks.every((t) => Number.isInteger(t))).toBe(true);

			// The table scrolls sideways inside a named region reached with Tab; names stay in view.
			const region = page.getByRole('region', { name: /Gradebook/ });
			await expect(region).toHaveAttribute('tabindex', '0');
			expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
			await region.focus();
			for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
			await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
			const name = region.getByRole('rowheader', { name: /第一位学员/ });
			const [nameBox, regionBox] = [await name.boundingBox(), await region.boundingBox()];
			expect(Math.abs(nameBox!.x - regionBox!.x)).toBeLessThan(2);
			// Compact headers, the full item name in the title.
			const header = region.getByRole('columnheader').nth(1);
			expect((await header.getAttribute('title'))?.length).toBeGreaterThan(0);
			expect((await header.boundingBox())!.width).toBeLessThan(160);
		});
	}
});
