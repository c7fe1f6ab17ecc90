import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { formatCalendarDate, formatDateTime } from '$lib/format';
import { getDb } from '$lib/server/db';
import { parseForm, textField, type FieldErrors } from '$lib/server/forms';
import { requireUser } from '$lib/server/auth/guard';
import { changeEmailSchema, changePasswordSchema, profileSchema } from '$lib/server/auth/schemas';
import {
	EmailTakenError,
	getUserById,
	updateUserEmail,
	updateUserPassword,
	updateUserProfile
} from '$lib/server/auth/user';
import { hashPassword, verifyPassword } from '$lib/server/auth/password';
import { checkLoginAllowed, recordLoginFailure } from '$lib/server/auth/rate-limit';
import { startSession } from '$lib/server/auth/sign-in';
import {
	deleteSessionCookie,
	invalidateUserSessions,
	listUserSessions
} from '$lib/server/auth/session';
import { listTimeZones } from '$lib/server/settings/time-zones';
import { getCohortsForUser, inviteCodeField, joinCohortByCode } from '$lib/server/cohorts';
import { consumeCohortJoin } from '$lib/server/cohorts/rate-limit';
import {
	DELETION_REASON_MAX,
	cancelAccountDeletion,
	getDeletionRequest,
	requestAccountDeletion
} from '$lib/server/privacy';
import { passwordField } from '$lib/server/auth/schemas';

const NOTICES = ['profile', 'email', 'cohort', 'deletionRequested', 'deletionCancelled'] as const;

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const db = getDb();
	const locale = getLocale();
	const saved = event.url.searchParams.get('saved');
	return {
		account: {
			displayName: user.displayName,
			email: user.email,
			role: user.role,
			timeZone: user.timeZone,
			locale: user.locale
		},
		timeZones: listTimeZones(),
		cohorts: getCohortsForUser(db, user.id).map((c) => ({
			id: c.id,
			name: c.name,
			term: `${formatCalendarDate(c.startDate, locale)} – ${formatCalendarDate(c.endDate, locale)}`,
			timeZone: c.timeZone
		})),
		// Session ids never leave the server; the list only describes them.
		sessions: listUserSessions(db, user.id).map((s) => ({
			current: s.id === event.locals.session?.id,
			createdAt: formatDateTime(s.createdAt, locale, user.timeZone),
			userAgent: s.userAgent ?? '',
			ip: s.ip ?? ''
		})),
		deletionRequestedAt: ((r) => (r ? formatDateTime(r.requestedAt, locale, user.timeZone) : null))(
			getDeletionRequest(db, user.id)
		),
		changed: event.url.searchParams.has('passwordChanged'),
		saved: (NOTICES as readonly string[]).includes(saved ?? '')
			? (saved as (typeof NOTICES)[number])
			: null
	};
};

/** Login-style throttle for actions that check the current password (per account and IP). */
async function throttled(event: RequestEvent, email: string): Promise<string | null> {
	const allowed = await checkLoginAllowed(event.getClientAddress(), email);
	if (allowed.ok) return null;
	return m.err_rate_limited({ minutes: Math.max(1, Math.ceil(allowed.retryAfterMs / 60_000)) });
}

const joinSchema = z.object({ inviteCode: inviteCodeField });
const deletionSchema = z.object({
	currentPassword: passwordField,
	reason: z
		.string()
		.trim()
		.max(DELETION_REASON_MAX, {
			error: () => m.ops_deletion_reason_too_long({ max: DELETION_REASON_MAX })
		})
		.optional()
});

export const actions: Actions = {
	saveProfile: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const values = { displayName: textField(form, 'displayName', 200) };
		const parsed = parseForm(profileSchema, form);
		if (!parsed.ok)
			return fail(400, {
				profile: { ...values, errors: parsed.errors, message: m.err_form_invalid() }
			});
		updateUserProfile(getDb(), user.id, parsed.data);
		// Land on the page in the language just chosen.
		redirect(303, localizeHref('/account?saved=profile', { locale: parsed.data.locale }));
	},

	changeEmail: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const values = { email: textField(form, 'email', 300) };
		const limited = await throttled(event, user.email);
		if (limited) return fail(429, { email: { ...values, errors: {}, message: limited } });
		const parsed = parseForm(changeEmailSchema, form);
		if (!parsed.ok)
			return fail(400, {
				email: { ...values, errors: parsed.errors, message: m.err_form_invalid() }
			});
		const db = getDb();
		const row = getUserById(db, user.id);
		if (!row || !(await verifyPassword(row.passwordHash, parsed.data.currentPassword))) {
			await recordLoginFailure(event.getClientAddress(), user.email);
			return fail(400, {
				email: {
					...values,
					errors: { currentPassword: m.err_current_password_wrong() } as FieldErrors,
					message: m.err_form_invalid()
				}
			});
		}
		try {
			updateUserEmail(db, user.id, parsed.data.email);
		} catch (e) {
			if (!(e instanceof EmailTakenError)) throw e;
			return fail(400, {
				email: {
					...values,
					errors: { email: m.err_email_taken() } as FieldErrors,
					message: m.err_form_invalid()
				}
			});
		}
		redirect(303, localizeHref('/account?saved=email'));
	},

	changePassword: async (event) => {
		const user = requireUser(event);
		const limited = await throttled(event, user.email);
		if (limited) return fail(429, { password: { errors: {} as FieldErrors, message: limited } });
		const form = await event.request.formData();
		const parsed = parseForm(changePasswordSchema, form);
		if (!parsed.ok)
			return fail(400, { password: { errors: parsed.errors, message: m.err_form_invalid() } });
		const row = getUserById(getDb(), user.id);
		if (!row || !(await verifyPassword(row.passwordHash, parsed.data.currentPassword))) {
			await recordLoginFailure(event.getClientAddress(), user.email);
			return fail(400, {
				password: {
					errors: { currentPassword: m.err_current_password_wrong() } as FieldErrors,
					message: m.err_form_invalid()
				}
			});
		}
		// Ends every session of the user, this one included; then signs this browser in afresh.
		updateUserPassword(getDb(), user.id, await hashPassword(parsed.data.newPassword));
		startSession(event, user.id);
		redirect(303, localizeHref('/account?passwordChanged'));
	},

	joinCohort: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const values = { inviteCode: textField(form, 'inviteCode', 40) };
		const limited = await consumeCohortJoin(user.id);
		if (!limited.ok) {
			const message = m.err_rate_limited({ minutes: Math.ceil(limited.retryAfterMs / 60_000) });
			return fail(429, { cohort: { ...values, errors: {} as FieldErrors, message } });
		}
		const parsed = parseForm(joinSchema, form);
		if (!parsed.ok)
			return fail(400, {
				cohort: { ...values, errors: parsed.errors, message: m.err_form_invalid() }
			});
		const joined = joinCohortByCode(getDb(), user, parsed.data.inviteCode);
		if (!joined.ok) {
			const message =
				joined.reason === 'expired' ? m.cohort_code_expired() : m.cohort_code_unknown();
			return fail(400, {
				cohort: { ...values, errors: { inviteCode: message } as FieldErrors, message }
			});
		}
		if (joined.alreadyMember)
			return fail(409, {
				cohort: {
					...values,
					errors: {} as FieldErrors,
					message: m.cohort_already_member({ cohort: joined.cohort.name })
				}
			});
		redirect(303, localizeHref('/account?saved=cohort#cohorts'));
	},

	/** Asks for the account to be deleted (password re-entered); an admin confirms it later. */
	requestDeletion: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const values = { reason: textField(form, 'reason', DELETION_REASON_MAX) };
		const limited = await throttled(event, user.email);
		if (limited) return fail(429, { deletion: { ...values, errors: {}, message: limited } });
		const parsed = parseForm(deletionSchema, form);
		if (!parsed.ok)
			return fail(400, {
				deletion: { ...values, errors: parsed.errors, message: m.err_form_invalid() }
			});
		const db = getDb();
		const row = getUserById(db, user.id);
		if (!row || !(await verifyPassword(row.passwordHash, parsed.data.currentPassword))) {
			await recordLoginFailure(event.getClientAddress(), user.email);
			return fail(400, {
				deletion: {
					...values,
					errors: { currentPassword: m.err_current_password_wrong() } as FieldErrors,
					message: m.err_form_invalid()
				}
			});
		}
		requestAccountDeletion(db, user.id, parsed.data.reason ?? null);
		redirect(303, localizeHref('/account?saved=deletionRequested#delete-account'));
	},

	/** Withdraws a pending deletion request. */
	cancelDeletion: async (event) => {
		const user = requireUser(event);
		cancelAccountDeletion(getDb(), user.id);
		redirect(303, localizeHref('/account?saved=deletionCancelled#delete-account'));
	},

	signOutEverywhere: async (event) => {
		const user = requireUser(event);
		invalidateUserSessions(getDb(), user.id);
		deleteSessionCookie(event.cookies, event.url.protocol === 'https:');
		redirect(303, localizeHref('/login'));
	}
};
