import { z } from 'zod';
import { m } from '../../paraglide/messages';
import { timeZoneField } from '../settings/time-zones';
import { plainText } from '../forms';
import { INVITE_CODE_LENGTH, normaliseInviteCode } from './invite-code';

export const COHORT_NAME_MAX = 80;

const date = (required: () => string) =>
	z
		.string({ error: required })
		.trim()
		.min(1, { error: required })
		.pipe(z.iso.date({ error: () => m.cohort_date_invalid() }));

/** Create or edit a cohort: name 1–80 characters ({@link plainText}), term dates (end ≥ start), IANA time zone. */
export const cohortSchema = z
	.object({
		name: z
			.string({ error: () => m.cohort_name_required() })
			.transform(plainText)
			.pipe(
				z
					.string()
					.min(1, { error: () => m.cohort_name_required() })
					.max(COHORT_NAME_MAX, { error: () => m.cohort_name_too_long({ max: COHORT_NAME_MAX }) })
			),
		startDate: date(() => m.cohort_start_required()),
		endDate: date(() => m.cohort_end_required()),
		timeZone: timeZoneField
	})
	.refine((v) => v.endDate >= v.startDate, {
		path: ['endDate'],
		error: () => m.cohort_end_before_start()
	});
export type CohortInput = z.output<typeof cohortSchema>;

/** An invite code as typed: normalised, then checked for plausible length (existence is checked later). */
export const inviteCodeField = z
	.string({ error: () => m.cohort_code_required() })
	.transform(normaliseInviteCode)
	.pipe(
		z
			.string()
			.min(1, { error: () => m.cohort_code_required() })
			.max(INVITE_CODE_LENGTH * 2, { error: () => m.cohort_code_unknown() })
	);

/** The invite code field where it may be left empty (registration in open mode): "" → undefined. */
export const optionalInviteCodeField = z
	.string()
	.optional()
	.transform((s) => (s ? normaliseInviteCode(s) : ''))
	.pipe(
		z
			.string()
			.max(INVITE_CODE_LENGTH * 2, { error: () => m.cohort_code_unknown() })
			.transform((s) => s || undefined)
	);
