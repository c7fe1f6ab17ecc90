import { test, expect } from './fixtures';

/** One lab of each kind, with JavaScript on and off. */

test.describe('hands-on labs @nojs', () => {
	test('interface lab: bad JSON is refused with its position and kept; a wrong schema names the misjudged samples', async ({
		page,
		signIn
	}) => {
		await signIn();
		await page.goto('/labs');
		await page.getByRole('link', { name: '为工单分类接口写 JSON Schema' }).click();
		await expect(page.getByTestId('lab-duration')).toHaveText('预计用时 40 分钟');
		const form = page.getByTestId('schema-form');
		const editor = form.getByLabel('你的答案');
		const broken = '{\n  "type": "object",\n  "properties": { "a": }\n}';
		await editor.fill(broken);
		await form.getByRole('button', { name: '提交检查' }).click();
		await expect(form.getByRole('alert')).toContainText('第 3 行第 24 列');
		await expect(editor).toHaveValue(broken);

		await editor.fill('{ "type": "object", "required": ["category"] }');
		await form.getByRole('button', { name: '提交检查' }).click();
		await expect(page).toHaveURL(/\/labs\/interface-schema-ticket-classifier\/attempts\/\d+$/);
		await expect(page.getByTestId('samples-summary')).toContainText('15 个样例中判断正确');
		const misjudged = page.getByTestId('misjudged');
		await expect(misjudged.locator('[data-sample="s05"]')).toContainText(
			'不合法，却被你的 Schema 接受了'
		);
		await expect(misjudged.locator('[data-sample="s05"]')).toContainText('类别不在约定的取值之内');
		await expect(page.getByTestId('lab-not-passed')).toBeVisible();

		await page.goto('/labs');
		const card = page.locator('[data-lab="lab-interface-schema-ticket-classifier"]');
		await expect(card.getByTestId('lab-state')).toHaveText('已尝试');
	});

	test('capacity lab: an unreadable number is named and kept; then each value is judged and the working shown', async ({
		page,
		signIn
	}) => {
		await signIn();
		await page.goto('/en/labs/capacity-cost-support-assistant');
		const form = page.getByTestId('capacity-form');
		const values: Record<string, string> = {
			'Requests per minute at peak (RPM)': '1,800',
			'Requests per second at peak (RPS)': '20-30',
			'Tokens per minute at peak (TPM, input plus output)': '3.24M',
			'Requests in flight at peak': '120',
			'Daily cost of model calls': '¥648',
			'Daily saving when after-call summaries move to batch': '1.08万'
		};
		for (const [label, v] of Object.entries(values)) await form.getByLabel(label).fill(v);
		await form.getByRole('radio', { name: 'No' }).check();
		await form.getByRole('button', { name: 'Check' }).click();
		await expect(form.getByRole('alert')).toContainText('Requests per second at peak (RPS)');
		await expect(form.getByText('Enter one number only')).toBeVisible();
		await expect(form.getByLabel('Daily cost of model calls')).toHaveValue('¥648');

		await form.getByLabel('Requests per second at peak (RPS)').fill('30 req/s');
		await form.getByRole('button', { name: 'Check' }).click();
		await expect(page).toHaveURL(/\/en\/labs\/capacity-cost-support-assistant\/attempts\/\d+$/);
		await expect(page.getByTestId('lab-score')).toHaveText('6');
		await expect(page.locator('[data-question="batch-saving"]')).toContainText('outside tolerance');
		await expect(page.locator('[data-question="peak-tpm"]')).toContainText('within tolerance');
		await expect(page.getByTestId('worked-solution').locator('li')).toHaveCount(7);
	});

	test('runbook lab: an empty section is refused by name; a full runbook gets rubric feedback', async ({
		page,
		signIn
	}) => {
		await signIn();
		await page.goto('/en/labs/runbook-provider-outage');
		const form = page.getByTestId('runbook-form');
		const texts = [
			'Error rate alert: 5xx above 20% for 5 minutes; judge the impact on features and data loss.',
			'Trip the circuit breaker, pause batch jobs, rate limit, keep queued requests.',
			'',
			'Status page notice, updates every 30 minutes in the incident channel.',
			'Half-open probes, ramp up gradually, drain the queue backlog within the rate limit.',
			'Blameless postmortem: root cause and action items.'
		];
		const boxes = form.getByRole('textbox');
		for (const [i, t] of texts.entries()) await boxes.nth(i).fill(t);
		await form.getByRole('button', { name: 'Submit runbook' }).click();
		await expect(form.getByRole('alert')).toContainText('These parts are empty: Fallback');
		await expect(boxes.nth(0)).toHaveValue(texts[0]);

		await boxes
			.nth(2)
			.fill(
				'Switch to the backup provider after 3 failed probes; check cross-border compliance (PIPL).'
			);
		await form.getByRole('button', { name: 'Submit runbook' }).click();
		await expect(page).toHaveURL(/\/en\/labs\/runbook-provider-outage\/attempts\/\d+$/);
		// The offline rubric check answers (no provider here); without JavaScript the page reloads itself.
		await expect(page.getByTestId('criterion-card')).toHaveCount(5, { timeout: 20_000 });
		await expect(page.getByTestId('lab-score')).toBeVisible();
	});
});
