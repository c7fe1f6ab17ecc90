import { and, eq } from 'drizzle-orm';
import { test, expect, e2eDb } from './fixtures';
import { contentItems, llmCalls } from '../../src/lib/server/db/schema';
import { setRead } from '../../src/lib/server/content/reading';
import { submitExercise } from '../../src/lib/server/exercises';

const SLUG = 'banking-kb-design';
const ANSWER =
	'## 方案\n\n账户数据不出行，采用意图识别加模板填数。接口使用 JSON Schema，身份取自服务端会话。\n\n熔断、降级、退避重试和限流；审计日志与监控指标。';

const itemId = (kind: string, slug: string) =>
	e2eDb()
		.select({ id: contentItems.id })
		.from(contentItems)
		.where(and(eq(contentItems.kind, kind), eq(contentItems.slug, slug)))
		.get()!.id;

let keySeq = 0;
function submitAs(userId: number, slug = SLUG) {
	const r = submitExercise(e2eDb(), {
		userId,
		itemId: itemId('exercise', slug),
		locale: 'zh-CN',
		answer: ANSWER,
		idempotencyKey: `e2e-progress-${Date.now()}-${++keySeq}`,
		pipelineMaxChars: 20_000
	});
	if (!r.ok) throw new Error(r.reason);
	return r.submissionId;
}

test.describe('progress, regrade and usage @nojs', () => {
	test('the learner home page shows progress per module, due items and notifications', async ({
		page,
		signIn
	}) => {
		const learner = await signIn('learner');
		setRead(e2eDb(), learner.id, itemId('module', 'overview'), true);
		const submissionId = submitAs(learner.id);
		await page.goto('/');
		await expect(page.getByRole('heading', { level: 1, name: '我的学习进度' })).toBeVisible();
		const modules = page.getByTestId('module-progress');
		await expect(modules.getByTestId('module-read').first()).toHaveText('已读');
		const exercises = modules
			.getByTestId('module-exercises')
			.filter({ has: page.locator(`a[href="/submissions/${submissionId}"]`) })
			.first();
		await expect(exercises.getByTestId('module-exercise-counts')).toContainText('已提交 1 /');
		await exercises.locator('summary').click();
		await expect(exercises.locator(`a[href="/submissions/${submissionId}"]`)).toBeVisible();
		await expect(page.getByTestId('due-soon')).toBeVisible();
		await expect(page.getByTestId('home-grades')).toContainText('还没有发布的成绩');
		await expect(page.getByRole('link', { name: '开始' })).toHaveCount(0);

		await page.goto('/en');
		await expect(page.getByRole('heading', { level: 1, name: 'My progress' })).toBeVisible();
	});

	test('an instructor regrades an exercise and watches it finish', async ({
		page,
		signIn,
		javaScriptEnabled
	}) => {
		// One exercise per project: a second batch of the same exercise would be refused while
		// the first runs.
		const slug = javaScriptEnabled ? 'hr-knowledge-base-design' : 'logistics-exceptions-design';
		const learner = await signIn('learner');
		submitAs(learner.id, slug);
		await signIn('instructor');
		await page.goto('/instructor/regrade');
		await page.getByLabel('练习').selectOption(itemId('exercise', slug));
		await page.getByLabel('原因').fill('评分细则措辞修正');
		await page.getByRole('button', { name: '重评', exact: true }).click();
		await expect(page.getByRole('status').filter({ hasText: '已发起批量重评' })).toBeVisible();
		const batch = page.getByTestId('regrade-batch').first();
		await expect(batch).toBeVisible();
		if (javaScriptEnabled) {
			// The page refreshes itself while the batch runs.
			await expect(batch).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
		} else {
			await expect
				.poll(
					async () => {
						await page.getByRole('link', { name: '刷新' }).click();
						return page.getByTestId('regrade-batch').first().getAttribute('data-state');
					},
					{ timeout: 30_000 }
				)
				.toBe('done');
		}
		await expect(page.getByTestId('regrade-batch').first().locator('progress')).toHaveAttribute(
			'value',
			'100'
		);
	});

	test('the usage dashboard shows charts with their tables', async ({
		page,
		signIn,
		javaScriptEnabled
	}) => {
		e2eDb()
			.insert(llmCalls)
			.values(
				[120, 340, 800].map((latencyMs, i) => ({
					jobId: null,
					userId: null,
					purpose: 'eval' as const,
					model: 'e2e-model',
					promptVersion: 'v1',
					tokensIn: 1000 + i,
					tokensOut: 200,
					latencyMs,
					outcome: 'ok' as const,
					cost: 0.01
				}))
			)
			.run();
		await signIn('instructor');
		await page.goto('/instructor/usage');
		await expect(page.getByRole('heading', { level: 1, name: 'AI 反馈用量' })).toBeVisible();
		await expect(page.getByTestId('usage-days')).toBeVisible();
		await expect(page.getByTestId('usage-breaker')).toContainText('未配置模型服务');
		const charts = page.getByTestId('bar-chart');
		await expect(charts).toHaveCount(3);
		if (javaScriptEnabled) {
			const painted = () =>
				charts
					.first()
					.locator('canvas')
					.evaluate((c) => {
						const canvas = c as HTMLCanvasElement;
						const data = canvas
							.getContext('2d')!
							.getImageData(0, 0, canvas.width, canvas.height).data;
						let n = 0;
						for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
						return n;
					});
			await expect.poll(painted).toBeGreaterThan(1000);
		} else {
			await expect(charts.first()).toBeHidden();
			await expect(
				page.getByText('图表需要 JavaScript；下表列出同样的数字。').first()
			).toBeVisible();
		}
		await page.getByRole('link', { name: '30 天' }).click();
		await expect(page).toHaveURL(/days=30$/);
		await expect(page.getByTestId('usage-days').locator('tbody tr')).toHaveCount(30);
	});
});
