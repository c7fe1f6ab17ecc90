import { describe, expect, it, afterAll } from 'vitest';
import { baseUrl, get, postForm, serverDb, setCookies } from '../support/http';
import { FACTORY_PASSWORD, makeUser, signedIn } from '../support/factories';
import { startBuiltServer } from '../support/server';
import { sessions } from '../../src/lib/server/db/schema';
import { eq } from 'drizzle-orm';

const unique = () => `u${Date.now()}${Math.random().toString(36).slice(2, 7)}@example.test`;
const sessionCookie = (res: Response) =>
	setCookies(res).find((c) => c.startsWith('casebook_session='));

describe('register → log in → log out', () => {
	it('registers, sets a strict cookie, logs out and logs in again', async () => {
		const email = unique();
		const reg = await postForm('/register?/register', {
			displayName: '测试学员',
			email,
			password: 'a long enough passphrase'
		});
		expect(reg.status).toBe(303);
		expect(reg.headers.get('location')).toBe('/');
		const cookie = sessionCookie(reg)!;
		expect(cookie).toMatch(/^casebook_session=[a-z2-7]{32};/);
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).toMatch(/Path=\//);
		expect(cookie).not.toMatch(/Secure/i); // served over http here
		const token = cookie.split(';')[0];

		const home = await get('/', { cookie: token });
		expect(await home.text()).toContain('测试学员');

		const out = await postForm('/logout', {}, { cookie: token });
		expect(out.status).toBe(303);
		expect(sessionCookie(out)).toMatch(/Max-Age=0/);
		const after = await get('/account', { cookie: token });
		expect(after.status).toBe(303);
		expect(after.headers.get('location')).toBe('/login?redirectTo=%2Faccount');

		const login = await postForm('/login?/login', {
			email: email.toUpperCase(),
			password: 'a long enough passphrase'
		});
		expect(login.status).toBe(303);
		expect(sessionCookie(login)).toBeDefined();
	});

	it('keeps typed values but never the password, and refuses a duplicate email', async () => {
		const user = await makeUser(serverDb());
		const res = await postForm('/en/register?/register', {
			displayName: 'Dup',
			email: user.email,
			password: 'another passphrase here'
		});
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toContain('This email is already registered.');
		expect(html).toContain(`value="${user.email}"`);
		expect(html).not.toContain('another passphrase here');
	});

	it('explains each bad field in the chosen language', async () => {
		const res = await postForm('/register?/register', {
			displayName: '',
			email: 'not-an-email',
			password: 'password1'
		});
		const html = await res.text();
		expect(res.status).toBe(400);
		expect(html).toContain('请填写显示名称。');
		expect(html).toContain('这不是有效的电子邮箱地址。');
		expect(html).toContain('这是一个常见密码');
	});

	it('gives one generic message for unknown email and wrong password', async () => {
		const user = await makeUser(serverDb());
		const a = await postForm('/en/login?/login', {
			email: user.email,
			password: 'wrong password!'
		});
		const b = await postForm('/en/login?/login', { email: unique(), password: 'wrong password!' });
		for (const r of [a, b]) {
			expect(r.status).toBe(400);
			expect(await r.text()).toContain('The email or password is wrong.');
		}
	});

	it('refuses a disabled account', async () => {
		const db = serverDb();
		const user = await makeUser(db);
		db.$client.prepare('update users set disabled_at = ? where id = ?').run(Date.now(), user.id);
		const r = await postForm('/en/login?/login', { email: user.email, password: FACTORY_PASSWORD });
		expect(r.status).toBe(403);
		expect(await r.text()).toContain('This account has been disabled');
	});

	it('ignores an open-redirect redirectTo', async () => {
		const user = await makeUser(serverDb());
		for (const target of ['https://evil.example/', '//evil.example', '/\\evil.example']) {
			const r = await postForm('/login?/login', {
				email: user.email,
				password: FACTORY_PASSWORD,
				redirectTo: target
			});
			expect(r.status).toBe(303);
			expect(r.headers.get('location')).toBe('/');
		}
		const ok = await postForm('/en/login?/login', {
			email: user.email,
			password: FACTORY_PASSWORD,
			redirectTo: '/account'
		});
		expect(ok.headers.get('location')).toBe('/en/account');
	});

	it('ends every session when the password changes', async () => {
		const db = serverDb();
		const { user, cookie } = await signedIn(db);
		const other = await signedIn(db); // unrelated user keeps theirs
		const r = await postForm(
			'/account?/changePassword',
			{
				currentPassword: FACTORY_PASSWORD,
				newPassword: 'a brand new passphrase',
				confirmPassword: 'a brand new passphrase'
			},
			{ cookie }
		);
		expect(r.status).toBe(303);
		const left = db.select().from(sessions).where(eq(sessions.userId, user.id)).all();
		expect(left).toHaveLength(1); // only the fresh one for this browser
		expect((await get('/account', { cookie })).status).toBe(303);
		expect((await get('/account', { cookie: other.cookie })).status).toBe(200);
	});
});

describe('security baseline', () => {
	it('refuses cross-site POSTs, form and JSON', async () => {
		const form = await postForm(
			'/login?/login',
			{ email: 'a@b.c', password: 'x' },
			{ origin: 'https://evil.example' }
		);
		expect(form.status).toBe(403);
		const jsonRes = await fetch(`${baseUrl()}/healthz`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				origin: 'https://evil.example',
				accept: 'application/json'
			},
			body: '{}'
		});
		expect(jsonRes.status).toBe(403);
		const noOrigin = await fetch(`${baseUrl()}/logout`, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/json' },
			body: '{}'
		});
		expect(noOrigin.status).toBe(403);
	});

	it('sends CSP and the other security headers', async () => {
		const r = await get('/login');
		const csp = r.headers.get('content-security-policy')!;
		expect(csp).toContain("object-src 'none'");
		expect(csp).toContain("base-uri 'none'");
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toMatch(/script-src 'self' 'nonce-/);
		expect(r.headers.get('x-content-type-options')).toBe('nosniff');
		expect(r.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
		expect(r.headers.get('x-request-id')).toBeTruthy();
	});

	it('answers an oversized body with a clear localised page', async () => {
		const big = 'x'.repeat(2 * 1024 * 1024);
		const r = await postForm('/en/register?/register', {
			displayName: big,
			email: 'a@b.c',
			password: 'p'
		});
		expect(r.status).toBe(413);
		const html = await r.text();
		expect(html).toContain('What you sent is too large');
		expect(html).toContain('<html lang="en">');
	});

	it('reports health', async () => {
		const r = await get('/healthz');
		expect(r.status).toBe(200);
		expect(await r.json()).toEqual({ status: 'ok', db: 'ok' });
	});
});

describe('rate limits', () => {
	const servers: Array<{ stop: () => Promise<void> }> = [];
	afterAll(async () => Promise.all(servers.map((s) => s.stop())));

	it('limits failed logins per account and per IP, with a localised message', async () => {
		const srv = await startBuiltServer({
			RATE_LIMIT_LOGIN_PER_ACCOUNT: '3',
			RATE_LIMIT_LOGIN_PER_IP: '5',
			RATE_LIMIT_WINDOW_MS: '60000'
		});
		servers.push(srv);
		const opts = { base: srv.url };
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++)
			statuses.push(
				(
					await postForm(
						'/en/login?/login',
						{ email: 'victim@example.test', password: 'wrong-' + i },
						opts
					)
				).status
			);
		expect(statuses).toEqual([400, 400, 400, 429]);
		const other = await postForm(
			'/en/login?/login',
			{ email: 'other@example.test', password: 'wrong' },
			opts
		);
		expect(other.status).toBe(400); // 4th failure from this IP, limit 5
		await postForm('/en/login?/login', { email: 'third@example.test', password: 'wrong' }, opts);
		const blocked = await postForm(
			'/en/login?/login',
			{ email: 'fourth@example.test', password: 'wrong' },
			opts
		);
		expect(blocked.status).toBe(429);
		expect(await blocked.text()).toContain('Too many attempts');
	});
});
