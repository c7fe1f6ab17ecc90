import { defineConfig, devices } from '@playwright/test';

/**
 * Browser tests against the built server (build/, made once per run by `npm test`), in Debian's
 * Chromium. Every spec runs with JavaScript on (`js`); specs tagged @nojs run again with it off.
 * tests/e2e/global-setup.ts starts the server with a fresh database.
 */
const CI = !!process.env.CI;

export default defineConfig({
	testDir: 'tests/e2e',
	globalSetup: './tests/e2e/global-setup.ts',
	fullyParallel: false,
	workers: 2,
	forbidOnly: CI,
	retries: CI ? 1 : 0,
	timeout: 30_000,
	// Assertions wait on state, never on time; a page's hydration on this shared 2-core machine can
	// take longer than Playwright's default 5 s, so they may wait up to 10 s.
	expect: { timeout: 10_000 },
	reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
	use: {
		trace: CI ? 'retain-on-failure' : 'off',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic'
			]
		}
	},
	projects: [
		{ name: 'js', use: { ...devices['Desktop Chrome'], javaScriptEnabled: true } },
		{ name: 'nojs', grep: /@nojs/, use: { ...devices['Desktop Chrome'], javaScriptEnabled: false } }
	]
});
