import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as schema from './schema';
import { getConfig } from '../config';
import { LRUCache } from 'lru-cache';
import { countStatement } from './statements';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * Opens a SQLite database with the pragmas Casebook relies on.
 * - WAL: readers never block the writer (one writer at a time, many readers).
 * - foreign_keys=ON: SQLite leaves it off by default, per connection.
 * - busy_timeout: wait up to 5000 ms for the write lock instead of failing with SQLITE_BUSY.
 * - synchronous=NORMAL: in WAL mode this is safe against process crashes (kill -9 loses no
 *   committed transaction); only an OS crash or power loss may roll back the last few commits,
 *   which we accept for a large cut in fsyncs. FULL would sync on every commit.
 * @param path file path, or ':memory:'. The parent folder is created if missing.
 * @param opts.countStatements count every statement run (./statements.ts; benchmark mode)
 */
export function openDatabase(path: string, opts: { countStatements?: boolean } = {}): Db {
	if (path !== ':memory:' && !path.startsWith('file:'))
		mkdirSync(dirname(path), { recursive: true });
	const sqlite = new Database(path, opts.countStatements ? { verbose: countStatement } : {});
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('synchronous = NORMAL');
	reusePreparedStatements(sqlite);
	return drizzle(sqlite, { schema }) as Db;
}

/** Prepared statements kept per connection (least recently used first out). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * drizzle prepares every query afresh; compiling SQL costs more than running most of ours (the
 * gradebook's is 10 kB). This keeps each connection's prepared statements by SQL text and hands a
 * cached one back with its result mode reset (raw, pluck, expand off: drizzle sets what it needs
 * each time). Safe because better-sqlite3 runs a statement to completion before returning, and no
 * code iterates one lazily (`.iterate()`); SQLite re-prepares a statement whose schema changed.
 */
function reusePreparedStatements(sqlite: Database.Database): void {
	const prepare = sqlite.prepare.bind(sqlite);
	const cache = new LRUCache<string, Database.Statement>({ max: STATEMENT_CACHE_SIZE });
	sqlite.prepare = ((source: string) => {
		let statement = cache.get(source);
		if (statement) {
			if (statement.reader) statement.raw(false).pluck(false).expand(false);
			return statement;
		}
		statement = prepare(source);
		cache.set(source, statement);
		return statement;
	}) as typeof sqlite.prepare;
}

let instance: Db | undefined;

/**
 * The process-wide database at `DATABASE_URL` (default `./data/casebook.db`), opened on first use;
 * in benchmark mode (BENCH) its statements are counted.
 */
export function getDb(): Db {
	const cfg = getConfig();
	instance ??= openDatabase(cfg.DATABASE_URL, { countStatements: cfg.BENCH });
	return instance;
}

/** Replaces the process-wide database (tests), returning the previous one. */
export function setDb(db: Db | undefined): Db | undefined {
	const previous = instance;
	instance = db;
	return previous;
}

/** Closes the process-wide database, if open (graceful shutdown). */
export function closeDb(): void {
	instance?.$client.close();
	instance = undefined;
}

/**
 * Runs `fn` in a `BEGIN IMMEDIATE` transaction: the write lock is taken at the start, so a
 * read-then-write cannot fail halfway with SQLITE_BUSY when another writer commits in between.
 */
export function immediate<T>(db: Db, fn: (tx: Db) => T): T {
	return db.transaction((tx) => fn(tx as unknown as Db), { behavior: 'immediate' });
}

export { schema };
