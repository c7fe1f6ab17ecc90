import { test, expect } from './fixtures';

test.describe('course content @nojs', () => {
	test('filter cases, open one, see its diagram, search 熔断, switch to English', async ({
		page,
		javaScriptEnabled
	}) => {
		const cspViolations: string[] = [];
		page.on('console', (msg) => {
			if (/Content Security Policy|Refused to/i.test(msg.text())) cspViolations.push(msg.text());
		});

		await page.goto('/cases');
		const cards = page.getByTestId('case-list').getByRole('listitem');
		const all = await cards.count();
		expect(all).toBeGreaterThan(1);
		await page.getByLabel('行业').selectOption('banking');
		// With JavaScript the change submits by itself; the button is also there (and harmless to
		// press) in case the change happened before hydration.
		await page.getByRole('button', { name: '筛选' }).click();
		await expect(page).toHaveURL(/industry=banking/);
		await expect(page.getByTestId('case-count')).toContainText('符合筛选条件');
		const banking = await cards.count();
		expect(banking).toBeGreaterThan(0);
		expect(banking).toBeLessThan(all);
		for (const card of await cards.all()) await expect(card).toContainText('银行');

		await cards.first().getByRole('heading').getByRole('link').click();
		await expect(page).toHaveURL(/\/cases\/[a-z0-9-]+$/);
		await expect(page.getByTestId('composite-notice')).toBeVisible();
		await expect(page.getByRole('navigation', { name: '目录' })).toBeVisible();
		if (javaScriptEnabled) {
			// Mermaid is loaded on demand and renders under the strict CSP.
			await expect(page.getByTestId('diagram').first().locator('svg')).toBeVisible();
			await expect(page.locator('pre[data-mermaid]').first()).toBeHidden();
		} else {
			await expect(page.locator('pre[data-mermaid]').first()).toContainText('flowchart');
		}

		await page.getByRole('searchbox', { name: '搜索' }).first().fill('熔断');
		await page.getByRole('searchbox', { name: '搜索' }).first().press('Enter');
		await expect(page).toHaveURL(/\/search\?q=/);
		const results = page.getByTestId('search-results');
		await expect(results.locator('mark', { hasText: '熔断' }).first()).toBeVisible();

		// FAQ entries and Q&A threads match too; open a module or case page.
		await results.locator('a[href*="/modules/"], a[href*="/cases/"]').first().click();
		// With JavaScript the navigation is client-side: wait for it, or the language switch below
		// would switch the search page instead.
		await expect(page).toHaveURL(/\/(modules|cases)\/[a-z0-9-]+/);
		await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
		await page.getByRole('link', { name: /English/ }).click();
		await expect(page).toHaveURL(/\/en\//);
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expect(page.getByText(/illustrative composite|Summary|Key points/).first()).toBeVisible();
		await expect(page.getByRole('link', { name: 'Cases', exact: true })).toBeVisible();

		expect(cspViolations).toEqual([]);
	});

	test('mermaid is downloaded only by pages with a diagram', async ({
		page,
		javaScriptEnabled
	}) => {
		test.skip(!javaScriptEnabled, 'no scripts run without JavaScript');
		const mermaidLoaded = () => {
			let seen = false;
			page.on('response', async (res) => {
				if (res.url().endsWith('.js') && (await res.text()).includes('flowchart-v2')) seen = true;
			});
			return () => seen;
		};
		const onList = mermaidLoaded();
		await page.goto('/cases');
		await page.waitForLoadState('networkidle');
		expect(onList()).toBe(false);
		await page.goto('/modules/interfaces-data-exchange');
		await expect(page.getByTestId('diagram').first().locator('svg')).toBeVisible();
		expect(onList()).toBe(true);
	});

	test('bookmark a module and mark it read; the home page shows both', async ({ page, signIn }) => {
		await signIn('learner');
		await page.goto('/en/modules/interfaces-data-exchange');
		// The article, read back from the page's HTML (it is not in the hydration data).
		await expect(page.locator('#ModuleArticle h2').first()).toBeVisible();
		const controls = page.getByTestId('reading-controls');
		await controls.getByRole('button', { name: /Bookmark/ }).click();
		await expect(controls.getByRole('button', { name: /Bookmark/ })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await controls.getByRole('button', { name: /Mark as read/ }).click();
		await expect(controls.getByRole('button', { name: /Mark as read/ })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await expect(page.locator('#ModuleArticle h2').first()).toBeVisible();
		await page.goto('/en');
		await expect(page.getByTestId('bookmarks')).toContainText('Interface design and data exchange');
		await expect(page.getByText('1 of 12 read')).toBeVisible();
	});
});

// With JavaScript only: the article is read back from the page before hydration.
test.describe('case article', () => {
	test('a case’s article is sent once and stays put through a bookmark; the next case replaces it', async ({
		page,
		signIn
	}) => {
		await signIn('learner');
		const response = await page.goto('/en/cases/banking-customer-service');
		const body = (await response?.text()) ?? '';
		const article = page.locator('#CaseArticle');
		const opening = (await article.locator('p').first().innerText()).slice(0, 40);
		// Once in the HTML; the hydration data names the element instead of repeating it.
		expect(body.split(opening).length - 1).toBe(1);
		await expect(article.locator('svg').first()).toBeVisible(); // the diagram, drawn in the browser

		// An enhanced action reloads the page's data: the article's nodes must not be replaced.
		await article
			.locator('h2')
			.first()
			.evaluate((h) => h.setAttribute('data-probe', 'kept'));
		const controls = page.getByTestId('reading-controls');
		await controls.getByRole('button', { name: /Bookmark/ }).click();
		await expect(controls.getByRole('button', { name: /Bookmark/ })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await expect(article.locator('h2[data-probe="kept"]')).toHaveCount(1);
		await expect(article.locator('svg').first()).toBeVisible();

		// A client-side navigation brings the next case's article as data.
		const link = page.locator('section[aria-labelledby="related-cases-heading"] a').first();
		const title = await link.innerText();
		await link.click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
		await expect(article.locator('h2[data-probe]')).toHaveCount(0);
		await expect(article.locator('p').first()).not.toHaveText(new RegExp(`^${opening}`));
		expect(await article.locator('p').count()).toBeGreaterThan(3);
	});
});
