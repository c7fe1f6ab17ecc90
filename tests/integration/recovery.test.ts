import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { get, postForm, serverDb } from '../support/http';
import { FACTORY_PASSWORD, makeSession, makeUser, signedIn } from '../support/factories';
import { startBuiltServer, type RunningServer } from '../support/server';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { auditLog, passwordResetTokens, sessions, users } from '../../src/lib/server/db/schema';

const NEW_PASSWORD = 'a completely new passphrase';
const tokenIn = (text: string) => text.match(/\/reset\/([a-z2-7]{32})/)?.[1];

async function issueLink(adminCookie: string, userId: number, path = '/en/admin/users') {
	const res = await postForm(
		`${path}?/issueResetLink`,
		{ userId: String(userId) },
		{ cookie: adminCookie }
	);
	return { res, html: await res.text() };
}

describe('admin-issued reset link', () => {
	it('is shown once to the admin, audited, works once and ends every session', async () => {
		const db = serverDb();
		const admin = await signedIn(db, 'admin');
		const user = await makeUser(db, { locale: 'en' });
		const { cookie: userCookie } = makeSession(db, user.id);
		const { res, html } = await issueLink(admin.cookie, user.id);
		expect(res.status).toBe(200);
		expect(html).toContain(`One-time reset link for ${user.displayName}`);
		const token = tokenIn(html)!;
		expect(token).toBeDefined();
		expect(html).toContain(`/en/reset/${token}`); // in the user's language
		const stored = db
			.select()
			.from(passwordResetTokens)
			.where(eq(passwordResetTokens.userId, user.id))
			.all();
		expect(stored).toHaveLength(1);
		expect(stored[0].id).not.toBe(token); // only the hash
		const audited = db.select().from(auditLog).where(eq(auditLog.action, 'user.reset_link')).all();
		expect(audited.some((a) => a.actorId === admin.user.id && a.targetId === String(user.id))).toBe(
			true
		);

		const page = await get(`/en/reset/${token}`);
		expect(page.status).toBe(200);
		expect(page.headers.get('cache-control')).toBe('no-store');
		expect(await page.text()).toContain('Set a new password');

		const mismatch = await postForm(`/en/reset/${token}?/reset`, {
			newPassword: NEW_PASSWORD,
			confirmPassword: 'something else'
		});
		expect(mismatch.status).toBe(400);
		expect(await mismatch.text()).toContain('The two new passwords do not match.');

		const done = await postForm(`/en/reset/${token}?/reset`, {
			newPassword: NEW_PASSWORD,
			confirmPassword: NEW_PASSWORD
		});
		expect(done.status).toBe(303);
		expect(done.headers.get('location')).toBe('/en/login?reset');
		expect(db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toEqual([]);
		expect((await get('/en/account', { cookie: userCookie })).status).toBe(303);
		const login = await postForm('/en/login?/login', { email: user.email, password: NEW_PASSWORD });
		expect(login.status).toBe(303);

		// Reusing the link: clear message, nothing changed.
		const hashAfter = db.select().from(users).where(eq(users.id, user.id)).get()!.passwordHash;
		const reuse = await postForm(`/en/reset/${token}?/reset`, {
			newPassword: 'yet another passphrase',
			confirmPassword: 'yet another passphrase'
		});
		expect(reuse.status).toBe(400);
		expect(await reuse.text()).toContain('This reset link has already been used.');
		expect(await get(`/en/reset/${token}`).then((r) => r.text())).toContain('already been used');
		expect(db.select().from(users).where(eq(users.id, user.id)).get()!.passwordHash).toBe(
			hashAfter
		);
	});

	it('refuses an expired link with a clear message and changes nothing', async () => {
		const db = serverDb();
		const admin = await signedIn(db, 'admin');
		const user = await makeUser(db);
		const token = tokenIn((await issueLink(admin.cookie, user.id, '/admin/users')).html)!;
		db.update(passwordResetTokens)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(passwordResetTokens.userId, user.id))
			.run();
		expect(await (await get(`/reset/${token}`)).text()).toContain('此重置链接已过期');
		const r = await postForm(`/en/reset/${token}?/reset`, {
			newPassword: NEW_PASSWORD,
			confirmPassword: NEW_PASSWORD
		});
		expect(r.status).toBe(400);
		expect(await r.text()).toContain('This reset link has expired');
		const login = await postForm('/en/login?/login', {
			email: user.email,
			password: FACTORY_PASSWORD
		});
		expect(login.status).toBe(303); // old password still works
	});

	it('refuses unknown links, and only admins may issue them', async () => {
		expect(await (await get(`/en/reset/${'a'.repeat(32)}`)).text()).toContain(
			'This reset link is not valid.'
		);
		const db = serverDb();
		const instructor = await signedIn(db, 'instructor');
		const victim = await makeUser(db);
		const r = await postForm(
			'/admin/users?/issueResetLink',
			{ userId: String(victim.id) },
			{ cookie: instructor.cookie }
		);
		expect(r.status).toBe(403);
		expect(
			db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, victim.id)).all()
		).toEqual([]);
	});
});

describe('self-service reset by email (SMTP sink on 127.0.0.1)', () => {
	let sink: SmtpSink;
	let srv: RunningServer;
	let db: Db;
	beforeAll(async () => {
		sink = await startSmtpSink();
		srv = await startBuiltServer({
			SMTP_URL: sink.url,
			MAIL_FROM: 'Casebook <noreply@casebook.test>',
			RATE_LIMIT_RESET_PER_EMAIL: '2',
			LOG_LEVEL: 'info' // request lines, to check that no reset token is logged
		});
		db = openDatabase(srv.dbPath);
	});
	afterAll(async () => {
		db?.$client.close();
		await srv?.stop();
		await sink?.close();
	});
	const opts = () => ({ base: srv.url });

	it('mails a working link in the account language', async () => {
		const user = await makeUser(db, { locale: 'en', displayName: 'Mail Reader' });
		const r = await postForm(
			'/forgot-password?/request',
			{ email: user.email.toUpperCase() },
			opts()
		);
		expect(r.status).toBe(303);
		expect(r.headers.get('location')).toBe('/forgot-password?sent');
		const mail = await sink.waitFor(user.email);
		expect(mail.from).toContain('noreply@casebook.test');
		expect(mail.subject).toBe('Casebook: reset your password');
		expect(mail.text).toContain('Hello Mail Reader');
		expect(mail.text).toContain('expires in 60 minutes');
		const link = mail.text.match(/https?:\/\/\S+\/reset\/[a-z2-7]{32}/)![0];
		expect(link.startsWith(`${srv.url}/en/reset/`)).toBe(true);
		const path = new URL(link).pathname;
		expect((await get(path, opts())).status).toBe(200);
		const done = await postForm(
			`${path}?/reset`,
			{ newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
			opts()
		);
		expect(done.status).toBe(303);
		const login = await postForm(
			'/en/login?/login',
			{ email: user.email, password: NEW_PASSWORD },
			opts()
		);
		expect(login.status).toBe(303);
		const token = path.split('/').at(-1)!;
		expect(srv.output()).toContain('"route":"/reset/[token]"');
		expect(srv.output()).not.toContain(token);
	});

	it('gives the same answer for known and unknown addresses, without waiting for SMTP', async () => {
		const user = await makeUser(db);
		const release = sink.hold(); // the sink accepts nothing until released
		try {
			const known = await postForm('/en/forgot-password?/request', { email: user.email }, opts());
			const unknown = await postForm(
				'/en/forgot-password?/request',
				{ email: `nobody-${Date.now()}@example.test` },
				opts()
			);
			// Both answers arrived while the mail for the known address is still stuck in SMTP:
			// the request never waits for delivery, so its timing cannot tell the cases apart.
			for (const r of [known, unknown]) {
				expect(r.status).toBe(303);
				expect(r.headers.get('location')).toBe('/en/forgot-password?sent');
				expect(await r.text()).toBe('');
			}
			expect(sink.mails.some((mm) => mm.to.includes(user.email))).toBe(false);
			const [a, b] = await Promise.all(
				[known, unknown].map((r) => get(r.headers.get('location')!, opts()).then((x) => x.text()))
			);
			const strip = (html: string) => html.replace(/nonce-[^'"]+|nonce="[^"]+"/g, '');
			expect(strip(a)).toBe(strip(b));
			expect(a).toContain('If an account is registered with that address');
		} finally {
			release();
		}
		await sink.waitFor(user.email);
		expect(sink.mails.filter((mm) => mm.to.some((t) => t.startsWith('nobody-')))).toEqual([]);
	});

	it('rate-limits requests per address, registered or not, with a localised message', async () => {
		const user = await makeUser(db);
		for (const email of [user.email, `ghost-${Date.now()}@example.test`]) {
			const statuses: number[] = [];
			for (let i = 0; i < 3; i++)
				statuses.push((await postForm('/en/forgot-password?/request', { email }, opts())).status);
			expect(statuses).toEqual([303, 303, 429]);
		}
		const blocked = await postForm('/forgot-password?/request', { email: user.email }, opts());
		expect(await blocked.text()).toContain('尝试次数过多');
	});
});

describe('without SMTP', () => {
	it('explains that an administrator issues reset links', async () => {
		const r = await get('/en/forgot-password');
		expect(await r.text()).toContain('This site cannot send email.');
		const post = await postForm('/en/forgot-password?/request', { email: 'x@example.test' });
		expect(post.status).toBe(404);
	});
});
