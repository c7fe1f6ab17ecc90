import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

/** Where the README's screenshots live: `<name>.<locale>.png`. */
export const SCREENSHOT_DIR = 'docs/screenshots';

/**
 * Writes `docs/screenshots/<name>.<locale>.png` (1280 px wide, the visible part of the page) when
 * JOURNEY_SCREENSHOTS=1, so ordinary runs and CI never rewrite the committed images.
 */
export async function journeyShot(page: Page, locale: string, name: string): Promise<void> {
	if (process.env.JOURNEY_SCREENSHOTS !== '1') return;
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	// Fonts and images settled, caret hidden: the same page gives the same picture.
	await page.evaluate(() => document.fonts.ready);
	await page.screenshot({
		path: join(SCREENSHOT_DIR, `${name}.${locale}.png`),
		caret: 'hide',
		animations: 'disabled'
	});
}
