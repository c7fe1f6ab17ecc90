import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { test, expect } from './fixtures';
import { SERVER_START_HOOK_MS, startBuiltServer, type RunningServer } from '../support/server';
import { makeSession, makeUser } from '../support/factories';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { updateSettings } from '../../src/lib/server/settings';
import { getUserByEmail } from '../../src/lib/server/auth/user';

test.describe('data export @nojs', () => {
	test('a learner downloads their data as a zip from the account page', async ({
		page,
		signIn
	}) => {
		const user = await signIn('learner');
		await page.goto('/en/account');
		const section = page.getByRole('region', { name: 'My data' });
		await expect(section).toBeVisible();
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			section.getByRole('link', { name: 'Download my data (zip)' }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/^casebook-export-\d{4}-\d{2}-\d{2}\.zip$/);
		const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
		const profile = Object.entries(files).find(([n]) => n.endsWith('/profile.json'))!;
		expect(JSON.parse(strFromU8(profile[1]))).toMatchObject({ id: user.id, email: user.email });
		const readme = Object.entries(files).find(([n]) => n.endsWith('/README.md'))!;
		expect(strFromU8(readme[1])).toContain('# Your data from Casebook');
	});
});

// Archive mode is site-wide: these tests run their own server so other specs are not affected.
test.describe('archive mode @nojs', () => {
	let srv: RunningServer;
	let db: Db;
	test.beforeAll(async () => {
		test.setTimeout(SERVER_START_HOOK_MS);
		srv = await startBuiltServer();
		db = openDatabase(srv.dbPath);
		updateSettings(
			db,
			{ archiveMode: true, archiveNote: 'The spring 2026 course has ended.' },
			{ actorId: null }
		);
	});
	test.afterAll(async () => {
		db?.$client.close();
		await srv?.stop();
	});

	test('every page carries the banner, and a change is refused with a clear message', async ({
		page,
		context
	}) => {
		const user = await makeUser(db, { displayName: 'Archived Reader' });
		const { token } = makeSession(db, user.id);
		await context.clearCookies();
		await context.addCookies([
			{ name: 'casebook_session', value: token, url: srv.url, httpOnly: true, sameSite: 'Lax' }
		]);

		await page.goto(`${srv.url}/`);
		const zh = page.getByRole('note');
		await expect(zh).toContainText('已归档：');
		await expect(zh).toContainText('本站现为只读参考资料');

		await page.goto(`${srv.url}/en/account`);
		const banner = page.getByTestId('archive-banner');
		await expect(banner).toContainText('Archived: this site is now a read-only reference.');
		await expect(banner).toContainText('The spring 2026 course has ended.');

		// Forms whose changes would be refused are shown disabled.
		await expect(page.getByRole('button', { name: 'Save profile' })).toBeDisabled();
		await expect(page.getByLabel('Display name')).toBeDisabled();

		// So are a module page's bookmark and mark-as-read buttons.
		await page.goto(`${srv.url}/en/modules/overview`);
		await expect(page.getByTestId('archive-banner')).toBeVisible();
		await expect(page.getByRole('button', { name: /Bookmark/ })).toBeDisabled();
		await page.goto(`${srv.url}/en/account`);

		// Downloading one's data still works.
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: 'Download my data (zip)' }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/\.zip$/);

		// A visitor's registration is refused with a clear message, and no account is made.
		await context.clearCookies();
		const email = `archived-${Date.now()}@example.test`;
		await page.goto(`${srv.url}/en/register`);
		await page.getByLabel('Display name').fill('Too Late');
		await page.getByLabel('Email').fill(email);
		await page.getByLabel('Password').fill('a good long passphrase');
		await page.getByRole('button', { name: 'Create account' }).click();
		await expect(
			page.getByText('The site is archived and read-only, so this change was not made.')
		).toBeVisible();
		expect(getUserByEmail(db, email)).toBeUndefined();
	});
});
