// npm run db:restore -- <file> [--check]
// Restores a backup into DATABASE_URL for a STOPPED server: checks the backup's integrity and
// migrations, refuses while the database is in use, keeps the replaced database beside it
// (<db>.before-restore-<time>). With --check, only verifies the backup.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getConfig } from '../src/lib/server/config';
import { restoreDatabase, verifyBackup } from '../src/lib/server/backup';

function die(msg: string): never {
	console.error(`db:restore: ${msg}`);
	process.exit(1);
}

const { positionals, values } = parseArgs({
	allowPositionals: true,
	options: { check: { type: 'boolean', default: false } }
});
if (positionals.length !== 1) die('usage: npm run db:restore -- <backup file> [--check]');

const cfg = getConfig();
const source = resolve(positionals[0]);
try {
	if (values.check) {
		const c = verifyBackup(source, cfg.MIGRATIONS_DIR);
		console.log(
			`db:restore: ${source} is sound (integrity ok, ${c.applied} migrations, ${c.pending} to apply at start)`
		);
	} else {
		const r = restoreDatabase(source, cfg.DATABASE_URL, cfg.MIGRATIONS_DIR);
		console.log(`db:restore: restored ${source} into ${cfg.DATABASE_URL}`);
		if (r.previous) console.log(`db:restore: the replaced database is kept as ${r.previous}`);
		if (r.pending > 0)
			console.log(`db:restore: ${r.pending} newer migration(s) will be applied at the next start`);
	}
} catch (e) {
	die(e instanceof Error ? e.message : String(e));
}
