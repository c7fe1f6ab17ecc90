import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db';
import { log } from '../log';
import { backupLastSuccess, backupsTotal } from '../metrics';
import { backupDatabase, type BackupResult } from './file';

export {
	BackupError,
	backupDatabase,
	databaseInUse,
	restoreDatabase,
	verifyBackup,
	type BackupCheck,
	type BackupResult,
	type RestoreResult
} from './file';

/** Why a backup was made: by the schedule (pruned to BACKUP_KEEP) or by hand (kept until deleted). */
export type BackupKind = 'scheduled' | 'manual';

/** A backup file in BACKUP_DIR. */
export type BackupFile = {
	/** File name, e.g. "casebook-20260105-143000-123-manual.db". */
	name: string;
	kind: BackupKind;
	/** When the backup was taken (from the name, UTC). */
	takenAt: Date;
	bytes: number;
};

/** Names of backups Casebook writes; anything else in the folder is ignored (and not served). */
const NAME = /^casebook-(\d{8})-(\d{6})-(\d{3})-(scheduled|manual)\.db$/;

/** The file name for a backup taken at `at`, e.g. "casebook-20260105-143000-123-manual.db". */
export function backupFileName(at: Date, kind: BackupKind): string {
	const iso = at.toISOString(); // 2026-01-05T14:30:00.123Z
	const day = iso.slice(0, 10).replaceAll('-', '');
	const time = iso.slice(11, 19).replaceAll(':', '');
	return `casebook-${day}-${time}-${iso.slice(20, 23)}-${kind}.db`;
}

/** Parses a backup file name; null when it is not one of ours (also refuses paths like "../x"). */
export function parseBackupFileName(name: string): { kind: BackupKind; takenAt: Date } | null {
	const m = NAME.exec(name);
	if (!m) return null;
	const [, d, t, ms, kind] = m;
	const iso = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4)}.${ms}Z`;
	const takenAt = new Date(iso);
	return Number.isNaN(takenAt.getTime()) ? null : { kind: kind as BackupKind, takenAt };
}

/** Backups in `dir`, newest first; [] when the folder does not exist yet. */
export function listBackups(dir: string): BackupFile[] {
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw e;
	}
	const out: BackupFile[] = [];
	for (const name of names) {
		const parsed = parseBackupFileName(name);
		if (!parsed) continue;
		const st = statSync(join(dir, name), { throwIfNoEntry: false });
		if (st?.isFile()) out.push({ name, ...parsed, bytes: st.size });
	}
	return out.sort(
		(a, b) => b.takenAt.getTime() - a.takenAt.getTime() || (a.name < b.name ? 1 : -1)
	);
}

/**
 * The full path of backup `name` in `dir`, or null when `name` is not a backup Casebook wrote that
 * exists there. Use it before serving a file (names are matched against the pattern, so no path
 * separators or ".." get through).
 */
export function findBackup(dir: string, name: string): BackupFile | null {
	if (!parseBackupFileName(name)) return null;
	return listBackups(dir).find((b) => b.name === name) ?? null;
}

/**
 * Takes a backup into `dir` (created if missing) named after the time and `kind`, counted in the
 * backup metrics (`trigger` = kind, or "cli").
 * @throws BackupError when the copy fails its integrity check; file-system errors as they come.
 */
export async function createBackup(
	db: Db,
	dir: string,
	kind: BackupKind,
	opts: { trigger?: string; now?: Date } = {}
): Promise<BackupFile & BackupResult> {
	const trigger = opts.trigger ?? kind;
	const takenAt = opts.now ?? new Date();
	const name = backupFileName(takenAt, kind);
	try {
		mkdirSync(dir, { recursive: true });
		const result = await backupDatabase(db, join(dir, name));
		backupsTotal.inc({ trigger, outcome: 'ok' });
		backupLastSuccess.set(Date.now() / 1000);
		return { name, kind, takenAt, ...result };
	} catch (e) {
		backupsTotal.inc({ trigger, outcome: 'error' });
		throw e;
	}
}

/**
 * Removes the oldest scheduled backups in `dir` beyond the newest `keep` (manual backups are never
 * removed). @returns the names removed.
 */
export function pruneBackups(dir: string, keep: number): string[] {
	const scheduled = listBackups(dir).filter((b) => b.kind === 'scheduled');
	const removed = scheduled.slice(Math.max(0, keep)).map((b) => b.name);
	for (const name of removed) rmSync(join(dir, name), { force: true });
	return removed;
}

/** A running backup schedule; `stop()` cancels the next run and waits for one in progress. */
export type BackupSchedule = { stop: () => Promise<void> };

/**
 * Takes a scheduled backup every `intervalMs` (first one after one interval), then prunes to `keep`.
 * Runs never overlap (the next is timed from the end of the last). A failed run is logged and
 * counted; the schedule carries on.
 */
export function startBackupSchedule(
	db: () => Db,
	opts: { dir: string; intervalMs: number; keep: number }
): BackupSchedule {
	let timer: NodeJS.Timeout | undefined;
	let running: Promise<void> | undefined;
	let stopped = false;
	const run = async () => {
		try {
			const b = await createBackup(db(), opts.dir, 'scheduled');
			const removed = pruneBackups(opts.dir, opts.keep);
			log.info({ backup: b.name, bytes: b.bytes, ms: b.ms, removed }, 'scheduled backup done');
		} catch (err) {
			log.error({ err }, 'scheduled backup failed');
		}
	};
	const next = () => {
		if (stopped) return;
		timer = setTimeout(() => {
			running = run().finally(() => {
				running = undefined;
				next();
			});
		}, opts.intervalMs);
		// The schedule alone never keeps the process alive (shutdown stops it anyway).
		timer.unref();
	};
	next();
	log.info({ dir: opts.dir, intervalMs: opts.intervalMs, keep: opts.keep }, 'backup schedule on');
	return {
		stop: async () => {
			stopped = true;
			clearTimeout(timer);
			await running;
		}
	};
}
