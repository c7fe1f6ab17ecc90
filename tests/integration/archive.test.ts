import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { get, postForm } from '../support/http';
import { FACTORY_PASSWORD, signedIn } from '../support/factories';
import { startBuiltServer, type RunningServer } from '../support/server';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { auditLog, deletionRequests, users } from '../../src/lib/server/db/schema';
import { getSetting } from '../../src/lib/server/settings';

// Archive mode is site-wide, so this file runs its own server rather than the shared one.
let srv: RunningServer;
let db: Db;
let admin: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
	srv = await startBuiltServer({ CASEBOOK_QUIET: 'true' }); // no content sync: faster start
	db = openDatabase(srv.dbPath);
	admin = await signedIn(db, 'admin');
});
afterAll(async () => {
	db?.$client.close();
	await srv?.stop();
});

const post = (path: string, fields: Record<string, string>, cookie?: string, headers = {}) =>
	postForm(path, fields, { cookie, base: srv.url, headers });
/** A page's HTML (redirects followed). */
const page = async (path: string, cookie?: string) =>
	(await fetch(srv.url + path, { headers: cookie ? { cookie } : {} })).text();
const setArchive = (on: boolean) =>
	post(
		'/en/admin/settings?/save',
		{ archiveMode: 'false', ...(on ? { archiveMode: 'true' } : {}) },
		admin.cookie
	);

describe('archive mode', () => {
	it('is switched on by an admin (audited) and announced on every page', async () => {
		expect(await page('/en/')).not.toContain('data-testid="archive-banner"');
		const body = new URLSearchParams([
			['archiveMode', 'false'],
			['archiveMode', 'true'],
			['archiveNote', 'The 2026 spring course has ended.']
		]);
		const r = await fetch(`${srv.url}/en/admin/settings?/save`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html',
				origin: srv.url,
				cookie: admin.cookie
			},
			body
		});
		expect(r.status).toBe(303);
		expect(getSetting(db, 'archiveMode')).toBe(true);
		const row = db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'settings.update'), eq(auditLog.targetId, 'archiveMode')))
			.get();
		expect(row).toMatchObject({ actorId: admin.user.id, after: '{"archiveMode":true}' });
		for (const path of ['/en/', '/en/login', '/']) {
			const html = await page(path);
			expect(html).toContain('data-testid="archive-banner"');
		}
		expect(await page('/en/')).toContain('The 2026 spring course has ended.');
		expect(await page('/')).toContain('本站现为只读参考资料');
	});

	it('refuses state changes with a clear localised 403 in each caller’s format', async () => {
		const learner = await signedIn(db);
		const before = db.select().from(users).where(eq(users.id, learner.user.id)).get()!;

		// Plain form post (JavaScript off): an HTML page with the message and a way back.
		const html = await post(
			'/en/account?/saveProfile',
			{ displayName: 'Changed', timeZone: 'Asia/Shanghai', locale: 'en' },
			learner.cookie
		);
		expect(html.status).toBe(403);
		const text = await html.text();
		expect(text).toContain('The site is archived and read-only, so this change was not made.');
		expect(text).toContain('href="/en/account"');
		const zh = await post('/account?/saveProfile', { displayName: 'Changed' }, learner.cookie);
		expect(await zh.text()).toContain('本站已归档，处于只读状态，因此未做此项更改。');

		// Enhanced form (use:enhance): SvelteKit's action result, shown by the page.
		const enhanced = await post(
			'/en/account?/saveProfile',
			{ displayName: 'Changed' },
			learner.cookie,
			{ accept: 'application/json', 'x-sveltekit-action': 'true' }
		);
		expect(enhanced.status).toBe(403);
		expect(await enhanced.json()).toEqual({
			type: 'error',
			error: { message: expect.stringContaining('archived') }
		});

		// Registration, cohorts, notifications: all refused; nothing changed.
		const refused = [
			post('/en/register?/register', {
				displayName: 'New',
				email: `new-${Date.now()}@example.test`,
				password: 'a long enough passphrase'
			}),
			post('/en/notifications?/markAllRead', {}, learner.cookie),
			post('/en/account?/joinCohort', { inviteCode: 'ABCDE-FGH23' }, learner.cookie)
		];
		for (const r of await Promise.all(refused)) expect(r.status).toBe(403);
		expect(db.select().from(users).where(eq(users.id, learner.user.id)).get()).toEqual(before);
	});

	it('still lets people sign in and out, export their data and ask for deletion', async () => {
		const learner = await signedIn(db);
		const login = await post('/en/login?/login', {
			email: learner.user.email,
			password: FACTORY_PASSWORD
		});
		expect(login.status).toBe(303);
		expect(login.headers.get('set-cookie')).toMatch(/casebook_session=/);

		const zip = await get('/en/account/export', { cookie: learner.cookie, base: srv.url });
		expect(zip.status).toBe(200);
		expect(zip.headers.get('content-type')).toBe('application/zip');

		const ask = await post(
			'/en/account?/requestDeletion',
			{ currentPassword: FACTORY_PASSWORD },
			learner.cookie
		);
		expect(ask.status).toBe(303);
		expect(
			db.select().from(deletionRequests).where(eq(deletionRequests.userId, learner.user.id)).get()
		).toBeDefined();

		const out = await post('/en/logout', {}, learner.cookie);
		expect(out.status).toBe(303);
	});

	it('leaves administration open to admins only, so an admin can reopen the site', async () => {
		const instructor = await signedIn(db, 'instructor');
		const cohort = await post(
			'/en/cohorts?/create',
			{ name: 'X', startDate: '2026-01-01', endDate: '2026-12-31', timeZone: 'Asia/Shanghai' },
			instructor.cookie
		);
		expect(cohort.status).toBe(403);
		const sneaky = await post(
			'/en/admin/settings?/save',
			{ archiveMode: 'false' },
			instructor.cookie
		);
		expect(sneaky.status).toBe(403);
		expect(getSetting(db, 'archiveMode')).toBe(true);

		const off = await setArchive(false);
		expect(off.status).toBe(303);
		expect(getSetting(db, 'archiveMode')).toBe(false);
		expect(await page('/en/')).not.toContain('data-testid="archive-banner"');
		const learner = await signedIn(db);
		const saved = await post(
			'/en/account?/saveProfile',
			{ displayName: 'Open again', timeZone: 'Asia/Shanghai', locale: 'en' },
			learner.cookie
		);
		expect(saved.status).toBe(303);
	});
});
