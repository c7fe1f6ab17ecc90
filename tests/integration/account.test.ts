import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { get, postForm, serverDb } from '../support/http';
import { FACTORY_PASSWORD, makeSession, makeUser, signedIn } from '../support/factories';
import { sessions, users } from '../../src/lib/server/db/schema';

describe('account page', () => {
	it('saves name, time zone and language, landing in the chosen language', async () => {
		const db = serverDb();
		const { user, cookie } = await signedIn(db);
		const page = await (await get('/en/account', { cookie })).text();
		expect(page).toContain('<option value="Asia/Shanghai" selected');
		expect(page).toContain('this device');
		const r = await postForm(
			'/account?/saveProfile',
			{ displayName: ' 李雷 ', timeZone: 'Europe/London', locale: 'en' },
			{ cookie }
		);
		expect(r.status).toBe(303);
		expect(r.headers.get('location')).toBe('/en/account?saved=profile');
		expect(db.select().from(users).where(eq(users.id, user.id)).get()).toMatchObject({
			displayName: '李雷',
			timeZone: 'Europe/London',
			locale: 'en'
		});
	});

	it('refuses a time zone that does not exist and changes nothing', async () => {
		const db = serverDb();
		const { user, cookie } = await signedIn(db);
		const r = await postForm(
			'/en/account?/saveProfile',
			{ displayName: 'New name', timeZone: 'Europe/Atlantis', locale: 'xx' },
			{ cookie }
		);
		expect(r.status).toBe(400);
		const html = await r.text();
		expect(html).toContain('Please choose a time zone from the list');
		expect(html).toContain('Please choose one of the listed languages.');
		expect(db.select().from(users).where(eq(users.id, user.id)).get()).toMatchObject({
			displayName: user.displayName,
			timeZone: user.timeZone
		});
	});

	it('changes the email only with the right password and a free address', async () => {
		const db = serverDb();
		const { user, cookie } = await signedIn(db);
		const taken = await makeUser(db);
		const fresh = `moved-${Date.now()}@example.test`;
		const wrong = await postForm(
			'/en/account?/changeEmail',
			{ email: fresh, currentPassword: 'not my password' },
			{ cookie }
		);
		expect(wrong.status).toBe(400);
		expect(await wrong.text()).toContain('The current password is not correct.');
		const dup = await postForm(
			'/en/account?/changeEmail',
			{ email: taken.email, currentPassword: FACTORY_PASSWORD },
			{ cookie }
		);
		expect(dup.status).toBe(400);
		expect(await dup.text()).toContain('This email is already registered.');
		expect(db.select().from(users).where(eq(users.id, user.id)).get()?.email).toBe(user.email);
		const ok = await postForm(
			'/en/account?/changeEmail',
			{ email: fresh.toUpperCase(), currentPassword: FACTORY_PASSWORD },
			{ cookie }
		);
		expect(ok.status).toBe(303);
		expect(db.select().from(users).where(eq(users.id, user.id)).get()?.email).toBe(fresh);
		expect(
			(await postForm('/en/login?/login', { email: fresh, password: FACTORY_PASSWORD })).status
		).toBe(303);
	});

	it('signs out everywhere', async () => {
		const db = serverDb();
		const { user, cookie } = await signedIn(db);
		makeSession(db, user.id);
		const r = await postForm('/en/account?/signOutEverywhere', {}, { cookie });
		expect(r.status).toBe(303);
		expect(r.headers.get('location')).toBe('/en/login');
		expect(db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toEqual([]);
	});
});
