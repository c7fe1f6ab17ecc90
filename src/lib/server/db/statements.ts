let count = 0;

/**
 * better-sqlite3's `verbose` hook: called once per statement run (benchmark mode only, see
 * `openDatabase`), with the statement's text. Statements inside a transaction count one by one, BEGIN and COMMIT included.
 */
export function countStatement(sql?: unknown): void {
	count += 1;
	if (logEach) process.stderr.write(`sql ${count}: ${String(sql).replace(/\s+/g, ' ')}\n`);
}

/** `BENCH_SQL_LOG=1` (benchmark mode only) also prints each statement to stderr, to see what a page runs. */
const logEach = process.env.BENCH_SQL_LOG === '1';

/**
 * SQL statements run by databases opened with `countStatements` since the process started. The
 * difference across one request is its statement count when requests run one at a time (the
 * benchmark measures them so; under concurrency the differences interleave).
 */
export function statementCount(): number {
	return count;
}
