import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, setDb, type Db } from '../../src/lib/server/db';
import { runMigrations } from '../../src/lib/server/db/migrate';

/**
 * A fresh, migrated SQLite database in a temp file, installed as the process-wide database
 * (getDb()) until `cleanup()` runs. Real file, real pragmas (WAL, foreign keys).
 */
export function createTestDb(): { db: Db; path: string; cleanup: () => void } {
	const dir = mkdtempSync(join(tmpdir(), 'casebook-test-'));
	const path = join(dir, 'test.db');
	const db = openDatabase(path);
	runMigrations(db, './migrations');
	const previous = setDb(db);
	return {
		db,
		path,
		cleanup: () => {
			setDb(previous);
			db.$client.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
