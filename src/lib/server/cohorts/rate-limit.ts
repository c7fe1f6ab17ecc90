import { getConfig } from '../config';
import { memoryLimit, type LimitResult } from '../rate-limit';

const joins = memoryLimit('cohort-join', () => ({
	points: getConfig().RATE_LIMIT_COHORT_JOIN_PER_ACCOUNT,
	windowMs: getConfig().RATE_LIMIT_WINDOW_MS
}));

/**
 * Counts one invite code tried by `userId` (joining from /account) against
 * RATE_LIMIT_COHORT_JOIN_PER_ACCOUNT per RATE_LIMIT_WINDOW_MS, so codes cannot be guessed by trying
 * many. (Registration with a code is limited by RATE_LIMIT_REGISTER_PER_IP.)
 */
export function consumeCohortJoin(userId: number): Promise<LimitResult> {
	return joins.consume(userId);
}
