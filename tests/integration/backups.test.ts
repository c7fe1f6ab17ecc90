import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { get, postForm, serverDb } from '../support/http';
import { makeUser, signedIn } from '../support/factories';
import { startBuiltServer, type RunningServer } from '../support/server';
import { openDatabase } from '../../src/lib/server/db';
import { auditLog, users } from '../../src/lib/server/db/schema';
import { getUserByEmail } from '../../src/lib/server/auth/user';

/** Runs `npm run db:restore -- …` (through tsx) against `databaseUrl`. */
function restoreCli(databaseUrl: string, ...args: string[]) {
	return spawnSync('npx', ['tsx', 'scripts/db-restore.ts', ...args], {
		env: { ...process.env, DATABASE_URL: databaseUrl },
		encoding: 'utf8'
	});
}

describe('/admin/backups on the shared server', () => {
	it('is for admins only', async () => {
		expect((await get('/en/admin/backups')).status).toBe(303);
		const learner = await signedIn(serverDb());
		expect((await get('/en/admin/backups', { cookie: learner.cookie })).status).toBe(403);
		const instructor = await signedIn(serverDb(), 'instructor');
		expect((await get('/en/admin/backups', { cookie: instructor.cookie })).status).toBe(403);
		const r = await postForm('/en/admin/backups?/create', {}, { cookie: learner.cookie });
		expect(r.status).toBe(403);
	});

	it('creates a checked backup (audited), lists it and lets an admin download it (audited)', async () => {
		const admin = await signedIn(serverDb(), 'admin');
		const created = await postForm('/en/admin/backups?/create', {}, { cookie: admin.cookie });
		expect(created.status).toBe(303);
		const location = created.headers.get('location')!;
		const name = new URL(location, 'http://x').searchParams.get('created')!;
		expect(name).toMatch(/^casebook-\d{8}-\d{6}-\d{3}-manual\.db$/);

		const page = await get(location, { cookie: admin.cookie });
		const html = await page.text();
		expect(html).toContain(`Backup ${name} created and checked.`);
		expect(html).toContain(`/en/admin/backups/${name}`);

		const dl = await get(`/en/admin/backups/${name}`, { cookie: admin.cookie });
		expect(dl.status).toBe(200);
		expect(dl.headers.get('content-type')).toBe('application/vnd.sqlite3');
		expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
		const bytes = Buffer.from(await dl.arrayBuffer());
		expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
		expect(bytes.length).toBe(Number(dl.headers.get('content-length')));

		const rows = serverDb()
			.select({ action: auditLog.action })
			.from(auditLog)
			.where(and(eq(auditLog.actorId, admin.user.id), eq(auditLog.targetId, name)))
			.all();
		expect(rows.map((r) => r.action).sort()).toEqual(['backup.create', 'backup.download']);

		const learner = await signedIn(serverDb());
		expect((await get(`/en/admin/backups/${name}`, { cookie: learner.cookie })).status).toBe(403);
	});

	it('serves nothing but backup files from the backup folder', async () => {
		const admin = await signedIn(serverDb(), 'admin');
		for (const name of [
			'..%2Fcasebook.db',
			'casebook.db',
			'%2E%2E%2Fcasebook.db',
			'casebook-20990101-000000-000-manual.db'
		]) {
			const r = await get(`/en/admin/backups/${name}`, { cookie: admin.cookie });
			expect([name, r.status]).toEqual([name, 404]);
		}
	});
});

describe('scheduled backups, and restore into a stopped server', () => {
	let dir: string;
	let srv: RunningServer | undefined;
	const token = 'a-metrics-token-for-backups-1234';
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'casebook-restore-'));
	});
	afterAll(async () => {
		await srv?.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	it('backs up on a schedule keeping BACKUP_KEEP; restore refuses a running server, then brings the data back', async () => {
		const dbPath = join(dir, 'live.db');
		const backupDir = join(dir, 'backups');
		srv = await startBuiltServer({
			CASEBOOK_QUIET: 'true', // no content sync: faster starts
			DATABASE_URL: dbPath,
			BACKUP_DIR: backupDir,
			BACKUP_INTERVAL_MS: '1000',
			BACKUP_KEEP: '2',
			METRICS_TOKEN: token
		});
		const scheduledOk = async () => {
			const text = await (
				await get('/metrics', { base: srv!.url, headers: { authorization: `Bearer ${token}` } })
			).text();
			const m = /^casebook_backups_total\{trigger="scheduled",outcome="ok"\} (\d+)/m.exec(text);
			return m ? Number(m[1]) : 0;
		};
		const deadline = Date.now() + 30_000;
		while ((await scheduledOk()) < 3 && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 100));
		expect(await scheduledOk()).toBeGreaterThanOrEqual(3);
		expect(
			readdirSync(backupDir).filter((f) => /-scheduled\.db$/.test(f)).length
		).toBeLessThanOrEqual(2);

		// A manual backup holding `kept`, then `lost` written after it.
		let db = openDatabase(dbPath);
		const admin = await signedIn(db, 'admin');
		const kept = await makeUser(db);
		const made = await postForm(
			'/en/admin/backups?/create',
			{},
			{ cookie: admin.cookie, base: srv.url }
		);
		const name = new URL(made.headers.get('location')!, 'http://x').searchParams.get('created')!;
		const lost = await makeUser(db);
		db.$client.close();
		const backup = join(backupDir, name);

		const check = restoreCli(dbPath, backup, '--check');
		expect(check.status, check.stderr).toBe(0);
		expect(check.stdout).toMatch(/is sound/);
		const refused = restoreCli(dbPath, backup);
		expect(refused.status).toBe(1);
		expect(refused.stderr).toMatch(/in use \(is the server running\?\)/);

		process.kill(srv.pid, 'SIGTERM');
		expect((await srv.exited).code).toBe(0);
		const restored = restoreCli(dbPath, backup);
		expect(restored.status, restored.stderr).toBe(0);
		expect(restored.stdout).toMatch(/the replaced database is kept as .*live\.db\.before-restore-/);

		srv = await startBuiltServer({
			CASEBOOK_QUIET: 'true',
			DATABASE_URL: dbPath,
			BACKUP_DIR: backupDir
		});
		db = openDatabase(dbPath);
		try {
			expect(getUserByEmail(db, kept.email)).toBeDefined();
			expect(getUserByEmail(db, lost.email)).toBeUndefined();
			expect(db.select().from(users).where(eq(users.id, admin.user.id)).get()).toBeDefined();
		} finally {
			db.$client.close();
		}
		const garbage = restoreCli(dbPath, join(dir, 'missing.db'));
		expect(garbage.status).toBe(1);
		expect(garbage.stderr).toMatch(/does not exist/);
		expect(existsSync(dbPath)).toBe(true);
	}, 120_000); // two server starts, three scheduled runs and the CLI: generous, timing is not tested
});
