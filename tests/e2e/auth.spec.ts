import { test, expect, e2eDb } from './fixtures';
import { FACTORY_PASSWORD, makeUser } from '../support/factories';

const unique = () => `e2e${Date.now()}${Math.random().toString(36).slice(2, 6)}@example.test`;

test.describe('sign-in @nojs', () => {
	test('register, log out, log in', async ({ page }) => {
		const email = unique();
		await page.goto('/register');
		await page.getByLabel('显示名称').fill('浏览器学员');
		await page.getByLabel('电子邮箱').fill(email);
		await page.getByLabel('密码').fill('a good long passphrase');
		await page.getByRole('button', { name: '创建账户' }).click();
		await expect(page.getByText('欢迎回来，浏览器学员')).toBeVisible();

		await page.locator('summary', { hasText: '浏览器学员' }).click(); // the account menu
		await page.getByRole('button', { name: '退出登录' }).click();
		await expect(page.getByRole('banner').getByRole('link', { name: '登录' })).toBeVisible();

		await page.goto('/login');
		await page.getByLabel('电子邮箱').fill(email);
		await page.getByLabel('密码').fill('a good long passphrase');
		await page.getByRole('button', { name: '登录' }).click();
		await expect(page.getByText('欢迎回来，浏览器学员')).toBeVisible();
	});

	test('wrong password shows the generic message and keeps the email', async ({ page }) => {
		await page.goto('/en/login');
		await page.getByLabel('Email').fill('nobody@example.test');
		await page.getByLabel('Password').fill('not the password');
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page.getByRole('alert')).toHaveText('The email or password is wrong.');
		await expect(page.getByLabel('Email')).toHaveValue('nobody@example.test');
		await expect(page.getByLabel('Password')).toHaveValue('');
	});

	test('a refused attempt keeps where the visitor was going', async ({ page }) => {
		const user = await makeUser(e2eDb(), { role: 'instructor' });
		await page.goto('/en/instructor/gradebook');
		await expect(page).toHaveURL(/\/login\?redirectTo=/);
		await page.getByLabel('Email').fill(user.email);
		await page.getByLabel('Password').fill('not the password');
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page.getByRole('alert')).toHaveText('The email or password is wrong.');
		await page.getByLabel('Password').fill(FACTORY_PASSWORD);
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page).toHaveURL(/\/en\/instructor\/gradebook$/);
	});

	test('switch language keeps the page', async ({ page }) => {
		await page.goto('/login');
		await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
		await page.getByRole('link', { name: /English/ }).click();
		await expect(page).toHaveURL(/\/en\/login$/);
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
		await page.getByRole('link', { name: /中文/ }).click();
		await expect(page).toHaveURL(/\/login$/);
		await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
	});
});

test.describe('roles @nojs', () => {
	test('a learner gets 403 on /admin/users', async ({ page, signIn }) => {
		await signIn('learner');
		const res = await page.goto('/en/admin/users');
		expect(res?.status()).toBe(403);
		await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
		await expect(page.getByText('You do not have permission to view this page.')).toBeVisible();
	});

	test('a visitor is sent to log in and back', async ({ page }) => {
		await page.goto('/admin/users');
		await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin%2Fusers$/);
	});

	test('an admin promotes a learner', async ({ page, signIn }) => {
		await signIn('admin');
		const learner = await makeUser(e2eDb(), { displayName: `Promote ${Date.now()}` });
		await page.goto(`/en/admin/users?q=${encodeURIComponent(learner.email)}`);
		const row = page.getByTestId('user-row').filter({ hasText: learner.email });
		await row.getByLabel(/Role/).selectOption('instructor');
		await row.getByRole('button', { name: 'Set role' }).click();
		await expect(page.getByRole('status')).toContainText(
			`${learner.displayName} is now instructor.`
		);
		await expect(page.getByTestId('user-row').filter({ hasText: learner.email })).toContainText(
			'instructor'
		);
	});
});
