/** The highest page number a list accepts; beyond it every list is empty anyway. */
export const MAX_PAGE = 100_000;

/**
 * The 1-based `?page=` of a paged list: an integer from 1 to {@link MAX_PAGE}. Missing, malformed,
 * negative or huge values ("99999999999999999999", "1e400") give 1 or MAX_PAGE, so the SQL offset
 * computed from it stays a small integer (SQLite refuses a non-integer OFFSET with a 500).
 */
export function pageParam(params: URLSearchParams): number {
	const n = Number.parseInt(params.get('page') ?? '1', 10);
	if (!Number.isFinite(n) || n < 1) return 1;
	return Math.min(n, MAX_PAGE);
}
