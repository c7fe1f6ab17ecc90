import type { Locator } from '@playwright/test';
import { test, expect } from './fixtures';

/**
 * Whether the placeholder fits: the placeholder typed in as the value overflows the input (its
 * scroll width passes its client width) exactly when the placeholder would be cut off.
 */
async function overflowsWithPlaceholder(input: Locator) {
	return input.evaluate((el: HTMLInputElement) => {
		el.value = el.placeholder;
		const overflow = el.scrollWidth > el.clientWidth;
		el.value = '';
		return overflow;
	});
}

for (const width of [1280, 360]) {
	for (const [prefix, name] of [
		['', '搜索'],
		['/en', 'Search']
	] as const) {
		test(`the header's search placeholder is not clipped (${prefix || 'zh-CN'}, ${width} px)`, async ({
			page,
			signIn
		}) => {
			await page.setViewportSize({ width, height: 800 });
			await signIn('instructor');
			await page.goto(`${prefix}/`);
			const input = page.getByRole('search').getByRole('searchbox', { name });
			await expect(input).toBeVisible();
			expect(await overflowsWithPlaceholder(input)).toBe(false);
			// The search and the header's buttons stay on the page (nothing pushed off to the right).
			const box = (await page.getByRole('search').boundingBox())!;
			expect(box.x + box.width).toBeLessThanOrEqual(width);
		});
	}
}
