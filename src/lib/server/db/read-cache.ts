import { LRUCache } from 'lru-cache';
import type { Db } from './index';

/**
 * In-process caches for data that is read on nearly every request but written rarely (site settings,
 * published content). A cached value is used only while the data it came from cannot have changed:
 *
 * - writes made by THIS process go through the owner module, which calls {@link invalidateReads}
 *   for its scope (e.g. content sync → "content", settings update → "settings");
 * - writes made by ANOTHER connection (a CLI script, a restore, a test's factories, a second
 *   process) move SQLite's `PRAGMA data_version` (https://www.sqlite.org/pragma.html#pragma_data_version:
 *   "changes when … the database file is modified by a different connection"), which drops every
 *   scope of that database.
 *
 * `PRAGMA data_version` is read at most once per event-loop turn and database: reads in the same
 * synchronous span see the same snapshot anyway, and a page's loads run in one turn, so a page costs
 * one PRAGMA however many cached reads it makes.
 */

type Scope = { generation: number; entries: LRUCache<string, { value: unknown }> };
type State = { dataVersion: number; turnVersion: number | null; scopes: Map<string, Scope> };

/** Entries kept per scope and database (least recently used first out). Keys come from URLs
 * (slugs), so the cache must be bounded. */
const MAX_ENTRIES = 1000;

const states = new WeakMap<object, State>();

/** The connection under a database or transaction object (drizzle keeps it on the session). */
function clientOf(db: Db): object | undefined {
	const d = db as { $client?: object; session?: { client?: object } };
	return d.$client ?? d.session?.client;
}

/** The cache state of a connection. */
function stateOf(db: Db): State | undefined {
	const key = clientOf(db);
	if (!key) return undefined;
	let state = states.get(key);
	if (!state) {
		state = { dataVersion: -1, turnVersion: null, scopes: new Map() };
		states.set(key, state);
	}
	return state;
}

/** `PRAGMA data_version`, read once per event-loop turn (see above). */
function currentDataVersion(db: Db, state: State): number {
	if (state.turnVersion === null) {
		// Not `.pragma()`: better-sqlite3 compiles a new statement on each call of it, while
		// `prepare` is served from the connection's statement cache (see ./index.ts).
		state.turnVersion = db.$client.prepare('PRAGMA data_version').pluck().get() as number;
		setImmediate(() => {
			state.turnVersion = null;
		});
	}
	return state.turnVersion;
}

/** Deep-freezes a cached value so a caller that mutates it fails loudly instead of corrupting
 * what later requests read. */
function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const v of Object.values(value)) deepFreeze(v);
	}
	return value;
}

/**
 * `read()`'s result for (`scope`, `key`) on this database, from the cache when still valid.
 * The value is deep-frozen: callers copy before changing it.
 * @param scope what invalidates it (e.g. "content", "settings"); see {@link invalidateReads}
 * @param key everything the read depends on besides the data (kind, slug, locale, …)
 */
export function cachedRead<T>(db: Db, scope: string, key: string, read: () => T): T {
	// Inside a transaction (a transaction object, or the database while one is open) reads may see
	// uncommitted writes: never cache them.
	const client = (db as { $client?: { inTransaction?: boolean } }).$client;
	if (!client || client.inTransaction) return read();
	const state = stateOf(db)!;
	const version = currentDataVersion(db, state);
	if (version !== state.dataVersion) {
		state.dataVersion = version;
		for (const s of state.scopes.values()) s.entries.clear();
	}
	let s = state.scopes.get(scope);
	if (!s) {
		s = { generation: 0, entries: new LRUCache({ max: MAX_ENTRIES }) };
		state.scopes.set(scope, s);
	}
	const hit = s.entries.get(key);
	if (hit) return hit.value as T;
	const generation = s.generation;
	const value = deepFreeze(read());
	// A write in between (same turn) made this read possibly stale: use it, don't keep it.
	if (s.generation === generation) s.entries.set(key, { value });
	return value;
}

/**
 * Drops every cached read of `scope` on this connection (only the one under `key` when given). Call it when this process writes the
 * scope's data: inside the writing transaction (the database or transaction object; nothing can
 * read in between, better-sqlite3 is synchronous) or after it.
 */
export function invalidateReads(db: Db, scope: string, key?: string): void {
	const s = stateOf(db)?.scopes.get(scope);
	if (!s) return;
	s.generation += 1;
	if (key === undefined) s.entries.clear();
	else s.entries.delete(key);
}
