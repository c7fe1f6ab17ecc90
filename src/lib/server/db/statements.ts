let count = 0;

/**
 * better-sqlite3's `verbose` hook: called once per statement run (benchmark mode only, see
 * `openDatabase`). Statements inside a transaction count one by one, BEGIN and COMMIT included.
 */
export function countStatement(): void {
	count += 1;
}

/**
 * SQL statements run by databases opened with `countStatements` since the process started. The
 * difference across one request is its statement count when requests run one at a time (the
 * benchmark measures them so; under concurrency the differences interleave).
 */
export function statementCount(): number {
	return count;
}
