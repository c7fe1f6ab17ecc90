import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Db } from './index';

/**
 * Applies the drizzle-kit migrations in `folder` (default `./migrations`).
 * Foreign keys are switched off around the run: drizzle-kit rebuilds a table to alter it
 * (create new, copy, DROP old, rename), and with foreign_keys=ON that DROP would cascade
 * deletes into every child table. The PRAGMA inside the generated SQL is a no-op in the
 * migrator's transaction, so it is done here, outside it, then the result is checked.
 * @throws Error when a migration fails or leaves a dangling foreign key.
 */
export function runMigrations(db: Db, folder = './migrations'): void {
	const sqlite = db.$client;
	sqlite.pragma('foreign_keys = OFF');
	try {
		migrate(db, { migrationsFolder: folder });
		const broken = sqlite.pragma('foreign_key_check') as unknown[];
		if (broken.length > 0) {
			throw new Error(`migrations left ${broken.length} rows violating foreign keys`);
		}
	} finally {
		sqlite.pragma('foreign_keys = ON');
	}
}
