// npm run db:backup -- [file]
// Online backup of the database at DATABASE_URL (safe while the server runs): SQLite's backup API,
// then PRAGMA integrity_check on the copy. Without a file, writes a manual backup into BACKUP_DIR.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getConfig } from '../src/lib/server/config';
import { closeDb, getDb } from '../src/lib/server/db';
import { backupDatabase, createBackup } from '../src/lib/server/backup';

function die(msg: string): never {
	console.error(`db:backup: ${msg}`);
	process.exit(1);
}

const { positionals } = parseArgs({ allowPositionals: true, options: {} });
if (positionals.length > 1) die('usage: npm run db:backup -- [file]');

const cfg = getConfig();
if (!existsSync(cfg.DATABASE_URL)) die(`no database at ${cfg.DATABASE_URL} (DATABASE_URL)`);
try {
	const db = getDb();
	const target = positionals[0] ? resolve(positionals[0]) : undefined;
	if (target && existsSync(target)) die(`${target} exists; choose a new file name`);
	const result = target
		? await backupDatabase(db, target)
		: await createBackup(db, cfg.BACKUP_DIR, 'manual', { trigger: 'cli' });
	console.log(
		`db:backup: ${result.path} (${result.bytes} bytes, ${result.ms} ms), integrity check ok`
	);
} catch (e) {
	die(e instanceof Error ? e.message : String(e));
} finally {
	closeDb();
}
