import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { makeUser, makeSession } from '../support/factories';
import type { Role, User } from '../../src/lib/server/db/schema';

let db: Db | undefined;
/** The e2e server's database (same file), for factories. */
export function e2eDb(): Db {
	db ??= openDatabase(process.env.E2E_DB_PATH!);
	return db;
}

type Fixtures = {
	/** Signs the page's browser context in as a new user of `role` by setting the session cookie. */
	signIn: (role?: Role) => Promise<User>;
	/** Signs the page's browser context in as `user` (a new session), replacing any other. */
	signInAs: (user: User) => Promise<User>;
};

async function setSession(context: BrowserContext, user: User) {
	const { token } = makeSession(e2eDb(), user.id);
	const url = new URL(process.env.E2E_BASE_URL!);
	await context.addCookies([
		{
			name: 'casebook_session',
			value: token,
			domain: url.hostname,
			path: '/',
			httpOnly: true,
			sameSite: 'Lax'
		}
	]);
	return user;
}

export const test = base.extend<Fixtures>({
	// eslint-disable-next-line no-empty-pattern -- Playwright fixtures destructure their dependencies
	baseURL: async ({}, use) => use(process.env.E2E_BASE_URL),
	signIn: async ({ context }, use) => {
		await use(async (role = 'learner') => setSession(context, await makeUser(e2eDb(), { role })));
	},
	signInAs: async ({ context }, use) => {
		await use((user) => setSession(context, user));
	}
});

/** Submits the form containing `button` (works with JS on and off) and waits for the navigation/response. */
export async function submit(page: Page, button: ReturnType<Page['getByRole']>) {
	await Promise.all([page.waitForLoadState('load'), button.click()]);
}

export { expect };
