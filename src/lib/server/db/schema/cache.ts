import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * A counter per cached scope, moved by triggers (not by application code) whenever a table the
 * scope's reads come from changes, so a cached read keyed by the counter cannot outlive its data
 * whichever code path, script or connection wrote. The triggers are hand-written in the migration
 * that adds a scope (0016: "gradebook").
 */
export const cacheGenerations = sqliteTable('cache_generations', {
	scope: text('scope').primaryKey(),
	n: integer('n').notNull().default(0)
});
