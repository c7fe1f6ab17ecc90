import Database from 'better-sqlite3';
import {
	closeSync,
	copyFileSync,
	existsSync,
	openSync,
	readSync,
	renameSync,
	rmSync
} from 'node:fs';
import { statSync } from 'node:fs';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Db } from '../db';

/**
 * Single-file backups of the SQLite database and their restore. Used by `npm run db:backup`,
 * `npm run db:restore`, scheduled backups and /admin/backups. No `$app`/`$env` imports (CLI scripts
 * load this with tsx).
 */

/** Thrown when a file is not a usable Casebook backup; the message says why, for a human. */
export class BackupError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BackupError';
	}
}

/** Result of {@link backupDatabase}: where, how big (bytes) and how long it took (ms). */
export type BackupResult = { path: string; bytes: number; ms: number };

/**
 * Copies the live database to `dest` online (better-sqlite3's `backup()`, i.e. SQLite's backup API:
 * writers are not blocked and the copy is a consistent snapshot), then switches the copy to a
 * rollback journal (one self-contained file, no -wal/-shm) and runs `PRAGMA integrity_check` on it.
 * Written as `dest + ".partial"` first and renamed, so `dest` only ever holds a checked backup.
 * @throws BackupError when the copy fails its integrity check (the partial file is removed).
 */
export async function backupDatabase(db: Db, dest: string): Promise<BackupResult> {
	const started = performance.now();
	const partial = `${dest}.partial`;
	rmSync(partial, { force: true });
	try {
		await db.$client.backup(partial);
		const copy = new Database(partial, { fileMustExist: true });
		try {
			copy.pragma('journal_mode = DELETE');
			const problems = integrityProblems(copy);
			if (problems.length > 0) {
				throw new BackupError(`the copy failed its integrity check: ${problems.join('; ')}`);
			}
		} finally {
			copy.close();
		}
		renameSync(partial, dest);
	} catch (e) {
		rmSync(partial, { force: true });
		rmSync(`${partial}-journal`, { force: true });
		throw e;
	}
	return { path: dest, bytes: statSync(dest).size, ms: Math.round(performance.now() - started) };
}

/** `PRAGMA integrity_check` and `foreign_key_check` of an open database: [] when it is sound. */
function integrityProblems(conn: Database.Database): string[] {
	const rows = conn.pragma('integrity_check') as Array<{ integrity_check: string }>;
	const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
	const dangling = conn.pragma('foreign_key_check') as unknown[];
	if (dangling.length > 0) problems.push(`${dangling.length} rows violate foreign keys`);
	return problems;
}

const SQLITE_HEADER = 'SQLite format 3\0';

function hasSqliteHeader(path: string): boolean {
	const fd = openSync(path, 'r');
	try {
		const buf = Buffer.alloc(16);
		return readSync(fd, buf, 0, 16, 0) === 16 && buf.toString('latin1') === SQLITE_HEADER;
	} finally {
		closeSync(fd);
	}
}

/** What {@link verifyBackup} found in a sound backup. */
export type BackupCheck = {
	/** Migrations recorded in the backup. */
	applied: number;
	/** Migrations this version of Casebook has that the backup lacks (applied at the next start). */
	pending: number;
};

/**
 * Checks that `path` is a Casebook database this version can run: an SQLite file that passes
 * `PRAGMA integrity_check` and `foreign_key_check`, whose recorded migrations (drizzle's
 * `__drizzle_migrations`, by hash) are all among those in `migrationsDir`. A backup from an older
 * version passes (its missing migrations run at start); one from a newer version does not.
 * Opens the file read-only and changes nothing.
 * @throws BackupError naming the problem.
 */
export function verifyBackup(path: string, migrationsDir: string): BackupCheck {
	if (!existsSync(path)) throw new BackupError(`${path} does not exist`);
	if (!hasSqliteHeader(path)) throw new BackupError(`${path} is not an SQLite database`);
	let conn: Database.Database;
	try {
		conn = new Database(path, { readonly: true, fileMustExist: true });
	} catch (e) {
		throw new BackupError(`${path} cannot be opened: ${(e as Error).message}`);
	}
	try {
		let problems: string[];
		try {
			problems = integrityProblems(conn);
		} catch (e) {
			// Damage to the schema or to a page the check reads first makes SQLite refuse the check itself.
			throw new BackupError(`${path} failed its integrity check: ${(e as Error).message}`);
		}
		if (problems.length > 0) {
			throw new BackupError(`${path} failed its integrity check: ${problems.join('; ')}`);
		}
		const table = conn
			.prepare(
				"select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'"
			)
			.get();
		if (!table) throw new BackupError(`${path} is not a Casebook database (no migrations table)`);
		const recorded = conn.prepare('select hash from __drizzle_migrations').all() as Array<{
			hash: string;
		}>;
		const known = new Set(
			readMigrationFiles({ migrationsFolder: migrationsDir }).map((m) => m.hash)
		);
		const unknown = recorded.filter((r) => !known.has(r.hash));
		if (unknown.length > 0) {
			throw new BackupError(
				`${path} has ${unknown.length} migration(s) this version of Casebook does not know ` +
					'(made by a newer version?); restore it with that version'
			);
		}
		return { applied: recorded.length, pending: known.size - recorded.length };
	} finally {
		conn.close();
	}
}

/**
 * True when another connection (normally a running server) has the database at `path` open.
 * Tries to take SQLite's exclusive lock without waiting: in WAL mode every open connection holds a
 * shared lock, so this fails while a server runs and succeeds once it has stopped — also after a
 * crash (the lock dies with the process; no stale pid file). Closing the probe checkpoints a
 * leftover WAL into the file. A missing file is not in use.
 */
export function databaseInUse(path: string): boolean {
	if (!existsSync(path)) return false;
	const conn = new Database(path, { fileMustExist: true, timeout: 0 });
	try {
		conn.pragma('locking_mode = EXCLUSIVE');
		conn.exec('BEGIN EXCLUSIVE');
		conn.exec('COMMIT');
		return false;
	} catch (e) {
		if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
		throw e;
	} finally {
		conn.close();
	}
}

/** Result of {@link restoreDatabase}. */
export type RestoreResult = BackupCheck & {
	/** Where the database that was replaced now lives (null when there was none). */
	previous: string | null;
};

/**
 * Replaces the database at `target` with the backup at `source`, for a stopped server.
 * Order: verify the backup ({@link verifyBackup}); refuse when the database is in use
 * ({@link databaseInUse}); copy the backup beside the target; move the current database aside as
 * `<target>.before-restore-<time>` (kept, never deleted); move the copy into place; remove stale
 * -wal/-shm files so nothing of the old database is replayed into the restored one.
 * @throws BackupError when the backup is unusable or the server is running; nothing is changed then.
 */
export function restoreDatabase(
	source: string,
	target: string,
	migrationsDir: string,
	now = new Date()
): RestoreResult {
	const check = verifyBackup(source, migrationsDir);
	if (databaseInUse(target)) {
		throw new BackupError(
			`${target} is in use (is the server running?); stop it first, then restore`
		);
	}
	const staging = `${target}.restore-partial`;
	copyFileSync(source, staging);
	let previous: string | null = null;
	if (existsSync(target)) {
		previous = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
		renameSync(target, previous);
	}
	for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${target}${suffix}`, { force: true });
	renameSync(staging, target);
	return { ...check, previous };
}
