import type { Due, LatePolicy } from '../content/kinds/exercise';
import { addLocalDays, zonedTimeToInstant } from '../time';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The instant an exercise is due (its local `at` in its named `timeZone`, DST-correct), or null. */
export function dueInstant(due: Due | null | undefined): Date | null {
	return due ? zonedTimeToInstant(due.at, due.timeZone) : null;
}

/** Where a submission made at some instant stands against the due date and the late policy. */
export type Lateness = {
	/** `open`: on time (or no due date); `late`: accepted and marked late; `closed`: refused. */
	state: 'open' | 'late' | 'closed';
	/** Started calendar days past the due time (in the exercise's time zone); 0 when on time. */
	daysLate: number;
	/** Percent the late policy takes off the grade (0–100). */
	penaltyPercent: number;
	/** After this instant nothing is accepted (cut-off policies), else null. */
	closesAt: Date | null;
};

/**
 * Applies a late policy (cases/exercises/README.md) to a submission made at `at`:
 * - no due date, or `at` ≤ due → open;
 * - `accept` → late, no penalty;
 * - `penalty` → late, `percentPerDay` × started days late (at most 100); closed after
 *   `cutoffDays` days when set;
 * - `cutoff` → late without penalty up to `cutoffDays` days after the due time, then closed
 *   (`cutoffDays: 0` closes at the due time).
 * Days are calendar days at the due time's wall-clock time in `timeZone`, so a day across a
 * daylight-saving change is 23 or 25 hours long.
 */
export function lateness(
	dueAt: Date | null,
	timeZone: string,
	policy: LatePolicy,
	at: Date
): Lateness {
	const cutoffDays =
		policy.kind === 'cutoff'
			? policy.cutoffDays
			: policy.kind === 'penalty'
				? policy.cutoffDays
				: undefined;
	const closesAt =
		dueAt && cutoffDays !== undefined ? addLocalDays(dueAt, cutoffDays, timeZone) : null;
	if (!dueAt || at.getTime() <= dueAt.getTime()) {
		return { state: 'open', daysLate: 0, penaltyPercent: 0, closesAt };
	}
	// A local day is 23–25 hours: start one below the 24-hour estimate and step up.
	let daysLate = Math.max(1, Math.floor((at.getTime() - dueAt.getTime()) / DAY_MS) - 1);
	while (at.getTime() > addLocalDays(dueAt, daysLate, timeZone).getTime()) daysLate++;
	if (closesAt && at.getTime() > closesAt.getTime()) {
		return { state: 'closed', daysLate, penaltyPercent: 0, closesAt };
	}
	const penaltyPercent =
		policy.kind === 'penalty' ? Math.min(100, daysLate * policy.percentPerDay) : 0;
	return { state: 'late', daysLate, penaltyPercent, closesAt };
}
