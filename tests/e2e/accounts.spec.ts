import { test, expect, e2eDb } from './fixtures';
import { makeUser } from '../support/factories';
import { createCohort, formatInviteCode } from '../../src/lib/server/cohorts';

const unique = (tag: string) =>
	`${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.test`;

test.describe('cohorts and recovery @nojs', () => {
	test('an instructor creates a cohort and sees its invite code', async ({ page, signIn }) => {
		await signIn('instructor');
		const name = `Browser cohort ${Date.now()}`;
		await page.goto('/en/cohorts');
		await page.getByLabel('Name').fill(name);
		await page.getByLabel('First day of term').fill('2026-09-01');
		await page.getByLabel('Last day of term').fill('2099-01-31');
		await page.getByLabel('Time zone').selectOption('Europe/Berlin');
		await page.getByRole('button', { name: 'Create cohort' }).click();

		await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
		await expect(page.getByRole('status')).toContainText('The cohort has been created.');
		await expect(page.getByTestId('invite-code')).toHaveText(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
		await expect(page.getByText('Sep 1, 2026 – Jan 31, 2099 · Europe/Berlin')).toBeVisible();
		await expect(page.getByLabel('Registration link with the code')).toHaveValue(
			/\/en\/register\?code=[A-Z2-9]{5}-[A-Z2-9]{5}$/
		);

		await page
			.getByRole('link', { name: /Cohorts/ })
			.first()
			.click();
		await expect(page.getByTestId('cohort-row').filter({ hasText: name })).toBeVisible();
	});

	test('a learner registers with the invite code and is in the cohort', async ({ page }) => {
		const owner = await makeUser(e2eDb(), { role: 'instructor' });
		const cohort = createCohort(e2eDb(), owner, {
			name: `秋季班 ${Date.now()}`,
			startDate: '2026-09-01',
			endDate: '2099-01-31',
			timeZone: 'Asia/Shanghai'
		});
		await page.goto('/register');
		// Once the page has hydrated, a password field is still empty (it once read "undefined").
		await page.waitForLoadState('networkidle');
		await expect(page.getByLabel('密码')).toHaveValue('');
		await page.getByLabel('显示名称').fill('邀请码学员');
		await page.getByLabel('电子邮箱').fill(unique('invited'));
		await page.getByLabel('密码').fill('a good long passphrase');
		// A wrong code first: clear message, nothing created, typed values kept.
		await page.getByLabel('邀请码（可选）').fill('WRONG-CODE2');
		await page.getByRole('button', { name: '创建账户' }).click();
		await expect(page.getByText('邀请码无效，请向讲师核对。')).toBeVisible();
		await expect(page.getByLabel('显示名称')).toHaveValue('邀请码学员');

		await page.getByLabel('密码').fill('a good long passphrase');
		await page.getByLabel('邀请码（可选）').fill(formatInviteCode(cohort.inviteCode).toLowerCase());
		await page.getByRole('button', { name: '创建账户' }).click();
		await expect(page.getByText('欢迎回来，邀请码学员')).toBeVisible();

		await page.goto('/account');
		await expect(page.getByTestId('my-cohorts')).toContainText(cohort.name);
	});

	test('an admin issues a reset link and the learner uses it', async ({
		page,
		signIn,
		context
	}) => {
		const learner = await makeUser(e2eDb(), {
			email: unique('forgetful'),
			displayName: `Forgetful ${Date.now()}`,
			locale: 'en'
		});
		await signIn('admin');
		await page.goto(`/en/admin/users?q=${encodeURIComponent(learner.email)}`);
		const row = page.getByTestId('user-row').filter({ hasText: learner.email });
		await row.getByRole('button', { name: /Reset link/ }).click();
		const box = page.getByTestId('reset-link');
		await expect(box).toContainText(`One-time reset link for ${learner.displayName}`);
		const link = await box.getByLabel('Reset link').inputValue();
		expect(link).toMatch(/\/en\/reset\/[a-z2-7]{32}$/);

		// The learner, in a browser without the admin's session.
		await context.clearCookies();
		await page.goto(link);
		await expect(page.getByRole('heading', { name: 'Set a new password' })).toBeVisible();
		await page.getByLabel('New password', { exact: true }).fill('my fresh passphrase');
		await page.getByLabel('Repeat the new password').fill('my fresh passphrase');
		await page.getByRole('button', { name: 'Set new password' }).click();
		await expect(page).toHaveURL(/\/en\/login\?reset$/);
		await expect(page.getByRole('status')).toContainText('Your password has been changed');

		await page.getByLabel('Email').fill(learner.email);
		await page.getByLabel('Password').fill('my fresh passphrase');
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page.getByText(`Welcome back, ${learner.displayName}`)).toBeVisible();

		// The link worked once.
		await page.goto(link);
		await expect(page.getByRole('alert')).toHaveText(
			'This reset link has already been used. Each link works only once.'
		);
	});

	test('the bell shows unread notifications and marking them read clears it', async ({
		page,
		signIn
	}) => {
		const user = await signIn('learner');
		const { notify } = await import('../../src/lib/server/notifications');
		notify(e2eDb(), user.id, 'role_changed', { role: 'instructor' });
		notify(e2eDb(), user.id, 'cohort_removed', { cohortName: 'Spring' });
		await page.goto('/en');
		const bell = page.getByRole('link', { name: 'Notifications: 2 unread' });
		await expect(bell).toBeVisible();
		await bell.click();
		await expect(page.getByTestId('notification')).toHaveCount(2);
		await page.getByRole('button', { name: 'Mark all read' }).click();
		await expect(page.getByTestId('unread-count')).toHaveText('Unread: 0');
		await expect(page.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
	});
});
