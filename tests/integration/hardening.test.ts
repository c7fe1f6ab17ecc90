import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { get, postForm, serverDb } from '../support/http';
import { signedIn } from '../support/factories';
import { startBuiltServer, type RunningServer } from '../support/server';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { cohorts } from '../../src/lib/server/db/schema';
import { createCohort } from '../../src/lib/server/cohorts';

// Defects found in review: each has its test here (the logs and limits need a server of their own).

const term = {
	name: 'Double click',
	startDate: '2026-09-01',
	endDate: '2099-01-31',
	timeZone: 'Asia/Shanghai'
};

describe('security headers on static files', () => {
	it('static/ files and the built assets carry nosniff and a referrer policy, like pages', async () => {
		const home = await get('/en');
		const asset = /_app\/immutable\/[^"']+\.js/.exec(await home.text())?.[0];
		expect(asset).toBeTruthy();
		for (const path of ['/robots.txt', '/favicon.svg', `/${asset}`, '/en']) {
			const r = await get(path);
			expect(r.status, path).toBe(200);
			expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
			expect(r.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
		}
	});
});

describe('creating a cohort', () => {
	it('a double submit of the same create form makes one cohort', async () => {
		const db = serverDb();
		const teacher = await signedIn(db, 'instructor');
		const page = await (await get('/en/cohorts', { cookie: teacher.cookie })).text();
		const key = /name="createKey" value="([^"]+)"/.exec(page)?.[1];
		expect(key).toMatch(/^[0-9a-f-]{36}$/);
		const post = () =>
			postForm('/en/cohorts?/create', { ...term, createKey: key! }, { cookie: teacher.cookie });
		const [a, b] = await Promise.all([post(), post()]);
		const c = await post();
		expect([a.status, b.status, c.status]).toEqual([303, 303, 303]);
		const locations = new Set([a, b, c].map((r) => r.headers.get('location')));
		expect(locations.size).toBe(1);
		const mine = db.select().from(cohorts).where(eq(cohorts.ownerId, teacher.user.id)).all();
		expect(mine).toHaveLength(1);
		// A fresh form (a new key) makes a new cohort.
		const again = await (await get('/en/cohorts', { cookie: teacher.cookie })).text();
		expect(/name="createKey" value="([^"]+)"/.exec(again)?.[1]).not.toBe(key);
	});
});

describe('with a server of its own (request log at info, tight limits)', () => {
	let server: RunningServer;
	let db: Db;
	beforeAll(async () => {
		server = await startBuiltServer({
			LOG_LEVEL: 'info',
			RATE_LIMIT_COHORT_JOIN_PER_ACCOUNT: '3',
			RATE_LIMIT_QUIZ_ACTIONS_PER_MIN: '3'
		});
		db = openDatabase(server.dbPath);
	});
	afterAll(async () => {
		db?.$client.close();
		await server?.stop();
	});

	it('never writes a password-reset token to the request log, not even on a 404 below it', async () => {
		const token = 'zq8v3m1k7x2p9w4t6r5y0b';
		for (const path of [`/reset/${token}`, `/reset/${token}/x`, `/en/reset/${token}/x/y`]) {
			const r = await get(path, { base: server.url });
			expect(r.status, path).toBeGreaterThanOrEqual(200);
			await r.text();
		}
		const r = await get(`/en/reset/${token}/x`, { base: server.url });
		expect(r.status).toBe(404);
		await r.text();
		// The request line is logged after the response is sent; wait until the last one is there.
		await expect
			.poll(() => server.output(), { timeout: 30_000, interval: 100 })
			.toContain('"path":"/en/reset/[token]/x"');
		expect(server.output()).toContain('"path":"/reset/[token]/x"');
		expect(server.output()).not.toContain(token);
	});

	it('limits invite codes tried per account', async () => {
		const owner = await signedIn(db, 'instructor');
		const cohort = createCohort(db, owner.user, term);
		const learner = await signedIn(db);
		const tries: number[] = [];
		for (let i = 0; i < 4; i++) {
			const r = await postForm(
				'/en/account?/joinCohort',
				{ inviteCode: i < 3 ? 'WRONG-CODE1' : cohort.inviteCode },
				{ cookie: learner.cookie, base: server.url }
			);
			tries.push(r.status);
			if (i === 3) expect(await r.text()).toContain('Too many attempts');
		}
		expect(tries).toEqual([400, 400, 400, 429]);
	});

	it('limits quiz actions (start, save, submit) per user', async () => {
		const { cookie } = await signedIn(db);
		const start = () => postForm('/en/quizzes/module-03?/start', {}, { cookie, base: server.url });
		const first = await start();
		expect(first.status).toBe(303);
		const attempt = first.headers.get('location')!;
		const save = await postForm(`${attempt}?/save`, {}, { cookie, base: server.url });
		expect(save.status).toBe(303);
		expect((await start()).status).toBe(303);
		const limited = await postForm(`${attempt}?/submit`, {}, { cookie, base: server.url });
		expect(limited.status).toBe(429);
		expect(await limited.text()).toContain('Too many attempts');
	});
});
