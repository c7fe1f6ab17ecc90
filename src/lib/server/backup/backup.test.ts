import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readFileSync,
	rmSync,
	writeFileSync,
	writeSync,
	closeSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { openDatabase } from '../db';
import { users } from '../db/schema';
import {
	BackupError,
	backupDatabase,
	backupFileName,
	createBackup,
	databaseInUse,
	findBackup,
	listBackups,
	parseBackupFileName,
	pruneBackups,
	restoreDatabase,
	startBackupSchedule,
	verifyBackup
} from './index';

let t: ReturnType<typeof createTestDb>;
let dir: string;
beforeEach(() => {
	t = createTestDb();
	dir = mkdtempSync(join(tmpdir(), 'casebook-backup-'));
});
afterEach(() => {
	t.cleanup();
	rmSync(dir, { recursive: true, force: true });
});

const MIGRATIONS = './migrations';
const MIGRATION_COUNT = readMigrationFiles({ migrationsFolder: MIGRATIONS }).length;

/** Users in the database file at `path`, read with a fresh connection. */
function emailsIn(path: string): string[] {
	const conn = new Database(path, { readonly: true });
	try {
		return (
			conn.prepare('select email from users order by id').all() as Array<{ email: string }>
		).map((r) => r.email);
	} finally {
		conn.close();
	}
}

describe('backup files', () => {
	it('copies the live database into one checked file (no -wal), with every committed row', async () => {
		const a = await makeUser(t.db);
		const dest = join(dir, 'copy.db');
		const result = await backupDatabase(t.db, dest);
		expect(result.path).toBe(dest);
		expect(result.bytes).toBeGreaterThan(0);
		expect(existsSync(`${dest}.partial`)).toBe(false);
		expect(existsSync(`${dest}-wal`)).toBe(false);
		expect(emailsIn(dest)).toEqual([a.email]);
		expect(verifyBackup(dest, MIGRATIONS)).toEqual({ applied: MIGRATION_COUNT, pending: 0 });
		// The source keeps working (the copy was online).
		await makeUser(t.db);
		expect(t.db.select().from(users).all()).toHaveLength(2);
	});

	it('names backups by UTC time and kind, and refuses anything else (no path tricks)', () => {
		const at = new Date(Date.UTC(2026, 0, 5, 14, 30, 0, 123));
		expect(backupFileName(at, 'manual')).toBe('casebook-20260105-143000-123-manual.db');
		expect(parseBackupFileName('casebook-20260105-143000-123-scheduled.db')).toEqual({
			kind: 'scheduled',
			takenAt: at
		});
		for (const bad of [
			'../casebook.db',
			'casebook-20260105-143000-123-manual.db/../../etc/passwd',
			'casebook-20261305-143000-123-manual.db',
			'casebook.db',
			'casebook-20260105-143000-123-manual.db.partial'
		])
			expect(parseBackupFileName(bad)).toBeNull();
	});

	it('lists backups newest first, finds one by name, and prunes only scheduled ones', async () => {
		const times = [1, 2, 3, 4].map((d) => new Date(Date.UTC(2026, 0, d)));
		for (const at of times) await createBackup(t.db, dir, 'scheduled', { now: at });
		await createBackup(t.db, dir, 'manual', { now: new Date(Date.UTC(2025, 11, 31)) });
		writeFileSync(join(dir, 'notes.txt'), 'not a backup');
		const listed = listBackups(dir);
		expect(listed.map((b) => b.takenAt.getUTCDate())).toEqual([4, 3, 2, 1, 31]);
		expect(findBackup(dir, listed[0].name)?.kind).toBe('scheduled');
		expect(findBackup(dir, 'notes.txt')).toBeNull();
		expect(findBackup(dir, 'casebook-20300101-000000-000-manual.db')).toBeNull();

		expect(pruneBackups(dir, 2)).toEqual([
			backupFileName(times[1], 'scheduled'),
			backupFileName(times[0], 'scheduled')
		]);
		expect(listBackups(dir).map((b) => b.kind)).toEqual(['scheduled', 'scheduled', 'manual']);
		expect(listBackups(join(dir, 'missing'))).toEqual([]);
	});

	it('runs scheduled backups until stopped, keeping the newest BACKUP_KEEP', async () => {
		await makeUser(t.db);
		const before = await settledRuns();
		const schedule = startBackupSchedule(() => t.db, { dir, intervalMs: 20, keep: 2 });
		// Wait (polling, no timing assertion) until three scheduled runs have succeeded.
		const deadline = Date.now() + 20_000;
		while ((await settledRuns()) - before < 3 && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 20));
		await schedule.stop();
		expect((await settledRuns()) - before).toBeGreaterThanOrEqual(3);
		const left = listBackups(dir);
		expect(left).toHaveLength(2);
		expect(left.every((b) => b.kind === 'scheduled')).toBe(true);
		const after = left.map((b) => b.name);
		await new Promise((r) => setTimeout(r, 100));
		expect(listBackups(dir).map((b) => b.name)).toEqual(after); // stopped means stopped
	});
});

/** Scheduled backups that succeeded so far, from the metrics counter. */
async function settledRuns(): Promise<number> {
	const { backupsTotal } = await import('../metrics');
	const v = (await backupsTotal.get()).values.find(
		(x) => x.labels.trigger === 'scheduled' && x.labels.outcome === 'ok'
	);
	return v?.value ?? 0;
}

describe('verifying and restoring', () => {
	it('refuses files that are not sound Casebook databases, naming why', async () => {
		const garbage = join(dir, 'garbage.db');
		writeFileSync(garbage, 'hello, not sqlite at all');
		expect(() => verifyBackup(garbage, MIGRATIONS)).toThrow(/not an SQLite database/);
		expect(() => verifyBackup(join(dir, 'nope.db'), MIGRATIONS)).toThrow(/does not exist/);

		const other = join(dir, 'other.db');
		const conn = new Database(other);
		conn.exec('create table t(x)');
		conn.close();
		expect(() => verifyBackup(other, MIGRATIONS)).toThrow(/not a Casebook database/);

		await makeUser(t.db);
		const newer = join(dir, 'newer.db');
		await backupDatabase(t.db, newer);
		const w = new Database(newer);
		w.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run(
			'f'.repeat(64),
			Date.now() + 1e9
		);
		w.close();
		expect(() => verifyBackup(newer, MIGRATIONS)).toThrow(/newer version/);
	});

	it('refuses a backup whose pages are damaged', async () => {
		for (let i = 0; i < 30; i++) await makeUser(t.db);
		const damaged = join(dir, 'damaged.db');
		await backupDatabase(t.db, damaged);
		// Overwrite the middle of the file (b-tree pages, past the header) with noise.
		const size = readFileSync(damaged).length;
		const fd = openSync(damaged, 'r+');
		writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(size / 2 / 4096) * 4096);
		closeSync(fd);
		expect(() => verifyBackup(damaged, MIGRATIONS)).toThrow(BackupError);
	});

	it('restores into a stopped database, keeps the replaced one, and drops its stale WAL', async () => {
		const a = await makeUser(t.db);
		const backup = join(dir, 'b.db');
		await backupDatabase(t.db, backup);
		const target = join(dir, 'live', 'casebook.db');
		mkdirSync(join(dir, 'live'));
		// A "live" database with other data, still open elsewhere: restore must refuse.
		const live = openDatabase(target);
		live.$client.exec('create table marker(x)');
		expect(databaseInUse(target)).toBe(true);
		expect(() => restoreDatabase(backup, target, MIGRATIONS)).toThrow(/in use/);
		expect(emailsIn(backup)).toEqual([a.email]);
		live.$client.close();

		expect(databaseInUse(target)).toBe(false);
		writeFileSync(`${target}-wal`, 'stale'); // as if left behind
		const r = restoreDatabase(backup, target, MIGRATIONS, new Date(Date.UTC(2026, 0, 5)));
		expect(r.previous).toBe(`${target}.before-restore-2026-01-05T00-00-00-000Z`);
		expect(existsSync(r.previous!)).toBe(true);
		expect(existsSync(`${target}-wal`)).toBe(false);
		expect(emailsIn(target)).toEqual([a.email]);
		const reopened = openDatabase(target);
		try {
			expect(
				reopened.$client.prepare("select name from sqlite_master where name = 'marker'").get()
			).toBeUndefined();
		} finally {
			reopened.$client.close();
		}
	});

	it('restores a backup from an older version (its missing migrations run at the next start)', async () => {
		const backup = join(dir, 'old.db');
		await backupDatabase(t.db, backup);
		const w = new Database(backup);
		w.exec(
			'delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)'
		);
		w.close();
		expect(verifyBackup(backup, MIGRATIONS)).toEqual({
			applied: MIGRATION_COUNT - 1,
			pending: 1
		});
	});
});
