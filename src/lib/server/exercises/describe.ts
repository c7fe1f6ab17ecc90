import { formatDateTime } from '../../format';
import { m } from '../../paraglide/messages';
import type { Locale } from '../db/schema';
import type { LatePolicy } from '../content/kinds/exercise';
import { lateness } from './deadline';
import type { Deadline } from './submit';

/** A deadline as a page states it, in the reader's language. */
export type DeadlineText = {
	/** Due date-time in the exercise's zone, e.g. "2026年12月20日 23:59"; null without a due date. */
	due: string | null;
	/** The exercise's IANA time zone. */
	timeZone: string;
	/** The same instant in the reader's zone, when that zone differs; else null. */
	dueForReader: string | null;
	/** The late policy in one sentence. */
	policy: string;
	/** When submissions stop (cut-off), in the exercise's zone; null when never. */
	closes: string | null;
	extended: boolean;
	/** Where a submission made now would stand. */
	now: 'open' | 'late' | 'closed';
	/** Penalty a submission now would get, in percent. */
	penaltyNow: number;
};

/** One sentence describing a late policy (cases/exercises/README.md). */
export function latePolicyText(policy: LatePolicy, locale: Locale): string {
	switch (policy.kind) {
		case 'accept':
			return m.exercises_policy_accept({}, { locale });
		case 'penalty':
			return policy.cutoffDays !== undefined
				? m.exercises_policy_penalty_cutoff(
						{ percent: policy.percentPerDay, days: policy.cutoffDays },
						{ locale }
					)
				: m.exercises_policy_penalty({ percent: policy.percentPerDay }, { locale });
		case 'cutoff':
			return policy.cutoffDays === 0
				? m.exercises_policy_cutoff_at_due({}, { locale })
				: m.exercises_policy_cutoff({ days: policy.cutoffDays }, { locale });
	}
}

/** Describes `d` for a reader in `locale` whose own time zone is `readerZone`, as of `now`. */
export function describeDeadline(
	d: Deadline,
	locale: Locale,
	readerZone: string | null,
	now = new Date()
): DeadlineText {
	const state = lateness(d.dueAt, d.timeZone, d.policy, now);
	return {
		due: d.dueAt ? formatDateTime(d.dueAt, locale, d.timeZone) : null,
		timeZone: d.timeZone,
		dueForReader:
			d.dueAt && readerZone && readerZone !== d.timeZone
				? formatDateTime(d.dueAt, locale, readerZone)
				: null,
		policy: latePolicyText(d.policy, locale),
		closes: state.closesAt ? formatDateTime(state.closesAt, locale, d.timeZone) : null,
		extended: d.extended,
		now: state.state,
		penaltyNow: state.penaltyPercent
	};
}
