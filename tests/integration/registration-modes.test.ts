import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { get, postForm } from '../support/http';
import { signedIn } from '../support/factories';
import { startBuiltServer, type RunningServer } from '../support/server';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { auditLog, cohortMembers, users } from '../../src/lib/server/db/schema';
import { createCohort } from '../../src/lib/server/cohorts';

// Registration mode is site-wide, so this file runs its own server rather than the shared one.
let srv: RunningServer;
let db: Db;
let admin: { cookie: string; user: { id: number } };
let code: string;
let oldCode: string;
beforeAll(async () => {
	srv = await startBuiltServer();
	db = openDatabase(srv.dbPath);
	admin = await signedIn(db, 'admin');
	const instructor = await signedIn(db, 'instructor');
	code = createCohort(db, instructor.user, {
		name: 'Current',
		startDate: '2026-01-01',
		endDate: '2099-12-31',
		timeZone: 'Asia/Shanghai'
	}).inviteCode;
	oldCode = createCohort(db, instructor.user, {
		name: 'Past',
		startDate: '2020-01-01',
		endDate: '2020-06-30',
		timeZone: 'Asia/Shanghai'
	}).inviteCode;
});
afterAll(async () => {
	db?.$client.close();
	await srv?.stop();
});

let n = 0;
const register = (fields: Record<string, string> = {}, path = '/en/register') => {
	const email = `mode-${++n}-${Date.now()}@example.test`;
	return {
		email,
		res: postForm(
			`${path}?/register`,
			{ displayName: `Learner ${n}`, email, password: 'a long enough passphrase', ...fields },
			{ base: srv.url }
		)
	};
};
const exists = (email: string) =>
	Boolean(db.select().from(users).where(eq(users.email, email)).get());
const setMode = (mode: string) =>
	postForm(
		'/en/admin/settings?/save',
		{ registrationMode: mode },
		{ cookie: admin.cookie, base: srv.url }
	);

describe('registration modes', () => {
	it('open (the default): registers with or without a code; a wrong code changes nothing', async () => {
		expect(await (await get('/en/register', { base: srv.url })).text()).toContain(
			'Invite code (optional)'
		);
		const plain = register();
		expect((await plain.res).status).toBe(303);
		expect(exists(plain.email)).toBe(true);

		const withCode = register({ inviteCode: code.toLowerCase().replace(/(.{5})/, '$1-') });
		expect((await withCode.res).status).toBe(303);
		const u = db.select().from(users).where(eq(users.email, withCode.email)).get()!;
		expect(
			db.select().from(cohortMembers).where(eq(cohortMembers.userId, u.id)).all()
		).toHaveLength(1);

		const wrong = register({ inviteCode: 'WRONG-CODE2' });
		const r = await wrong.res;
		expect(r.status).toBe(400);
		const html = await r.text();
		expect(html).toContain('This invite code is not valid.');
		expect(html).toContain('value="WRONG-CODE2"'); // typed values kept
		expect(exists(wrong.email)).toBe(false);
	});

	it('invite only: the code is required and must be current; changes are audited', async () => {
		const saved = await setMode('invite');
		expect(saved.status).toBe(303);
		expect(saved.headers.get('location')).toBe('/en/admin/settings?saved');
		const row = db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'settings.update'))
			.all()
			.at(-1)!;
		expect(row).toMatchObject({
			actorId: admin.user.id,
			targetType: 'settings',
			targetId: 'registrationMode',
			before: '{"registrationMode":"open"}',
			after: '{"registrationMode":"invite"}'
		});

		expect(await (await get('/register', { base: srv.url })).text()).toContain('本站仅限受邀注册');
		const none = register();
		const r1 = await none.res;
		expect(r1.status).toBe(400);
		expect(await r1.text()).toContain('Please enter an invite code.');
		const expired = register({ inviteCode: oldCode }, '/register');
		const r2 = await expired.res;
		expect(r2.status).toBe(400);
		expect(await r2.text()).toContain('邀请码已过期');
		expect(exists(none.email) || exists(expired.email)).toBe(false);

		const ok = register({ inviteCode: code });
		expect((await ok.res).status).toBe(303);
		expect(exists(ok.email)).toBe(true);
	});

	it('closed: the page says so and a post is refused, nothing created', async () => {
		expect((await setMode('closed')).status).toBe(303);
		const page = await (await get('/en/register', { base: srv.url })).text();
		expect(page).toContain('Registration is closed.');
		expect(page).not.toContain('name="password"');
		const attempt = register({ inviteCode: code });
		const r = await attempt.res;
		expect(r.status).toBe(403);
		expect(await r.text()).toContain('Registration is closed.');
		expect(exists(attempt.email)).toBe(false);
	});

	it('refuses a bad setting with a localised message and keeps the old one', async () => {
		const before = db.select().from(auditLog).all().length;
		const r = await postForm(
			'/admin/settings?/save',
			{ registrationMode: 'sometimes', defaultTimeZone: 'Mars/Base' },
			{ cookie: admin.cookie, base: srv.url }
		);
		expect(r.status).toBe(400);
		const html = await r.text();
		expect(html).toContain('请选择一种注册方式。');
		expect(html).toContain('请从列表中选择时区');
		expect(db.select().from(auditLog).all()).toHaveLength(before);
		expect(await (await get('/en/register', { base: srv.url })).text()).toContain(
			'Registration is closed.'
		);
	});

	it('only admins reach the settings', async () => {
		const instructor = await signedIn(db, 'instructor');
		expect(
			(await get('/en/admin/settings', { cookie: instructor.cookie, base: srv.url })).status
		).toBe(403);
		const r = await postForm(
			'/en/admin/settings?/save',
			{ registrationMode: 'open' },
			{ cookie: instructor.cookie, base: srv.url }
		);
		expect(r.status).toBe(403);
		expect((await get('/en/admin/settings', { base: srv.url })).status).toBe(303);
	});

	it('applies site name and default time zone at once', async () => {
		const r = await postForm(
			'/en/admin/settings?/save',
			{ siteName: 'LLM 集成课 2026', defaultTimeZone: 'Europe/Berlin', registrationMode: 'open' },
			{ cookie: admin.cookie, base: srv.url }
		);
		expect(r.status).toBe(303);
		const home = await (await get('/en', { base: srv.url })).text();
		expect(home).toContain('LLM 集成课 2026');
		// Every page type's title carries it, content pages included.
		for (const [path, title] of [
			['/en/modules', 'Modules'],
			['/en/cases', 'Case studies'],
			['/en/search', 'Search'],
			['/en/references', 'References'],
			['/en/account', 'My account']
		]) {
			const page = await (await get(path, { cookie: admin.cookie, base: srv.url })).text();
			expect(page.match(/<title>([^<]*)<\/title>/)?.[1], path).toBe(`${title} · LLM 集成课 2026`);
		}
		const fresh = register();
		expect((await fresh.res).status).toBe(303);
		expect(db.select().from(users).where(eq(users.email, fresh.email)).get()?.timeZone).toBe(
			'Europe/Berlin'
		);
	});
});
