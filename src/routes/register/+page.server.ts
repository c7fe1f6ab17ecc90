import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { parseForm, textField, type FieldErrors } from '$lib/server/forms';
import { registerSchema } from '$lib/server/auth/schemas';
import { hashPassword } from '$lib/server/auth/password';
import { consumeRegistration } from '$lib/server/auth/rate-limit';
import { safeRedirectPath } from '$lib/server/auth/guard';
import { startSession } from '$lib/server/auth/sign-in';
import { getSettings } from '$lib/server/settings';
import { inviteCodeField, optionalInviteCodeField } from '$lib/server/cohorts';
import { InviteRefusedError, registerUser } from '$lib/server/auth/register';
import { EmailTakenError } from '$lib/server/auth/user';

export const load: PageServerLoad = ({ locals, url }) => {
	const redirectTo = safeRedirectPath(url.searchParams.get('redirectTo'));
	if (locals.user) redirect(303, localizeHref(redirectTo));
	return {
		redirectTo,
		mode: getSettings(getDb()).registrationMode,
		/** Pre-filled from a shared invite link: /register?code=ABCDE-FGHJK */
		code: url.searchParams.get('code')?.slice(0, 40) ?? ''
	};
};

const inviteMessage = (reason: 'unknown' | 'expired') =>
	reason === 'expired' ? m.cohort_code_expired() : m.cohort_code_unknown();

export const actions: Actions = {
	register: async (event) => {
		const form = await event.request.formData();
		const values = {
			displayName: textField(form, 'displayName', 200),
			email: textField(form, 'email', 300),
			inviteCode: textField(form, 'inviteCode', 40)
		};
		const redirectTo = safeRedirectPath(textField(form, 'redirectTo', 2000));
		const failWith = (status: number, message: string, errors: FieldErrors = {}) =>
			fail(status, { ...values, errors, message });

		const limited = await consumeRegistration(event.getClientAddress());
		if (!limited.ok) {
			const minutes = Math.max(1, Math.ceil(limited.retryAfterMs / 60_000));
			return failWith(429, m.err_rate_limited({ minutes }));
		}
		const db = getDb();
		const settings = getSettings(db);
		if (settings.registrationMode === 'closed')
			return failWith(403, m.settings_registration_closed_notice());

		const schema = registerSchema.extend({
			inviteCode: settings.registrationMode === 'invite' ? inviteCodeField : optionalInviteCodeField
		});
		const parsed = parseForm(schema, form);
		if (!parsed.ok) return failWith(400, m.err_form_invalid(), parsed.errors);

		let userId: number;
		try {
			const user = registerUser(db, {
				email: parsed.data.email,
				displayName: parsed.data.displayName,
				passwordHash: await hashPassword(parsed.data.password),
				locale: getLocale(),
				timeZone: settings.defaultTimeZone,
				inviteCode: parsed.data.inviteCode
			});
			userId = user.id;
		} catch (e) {
			if (e instanceof EmailTakenError)
				return failWith(400, m.err_form_invalid(), { email: m.err_email_taken() });
			if (e instanceof InviteRefusedError)
				return failWith(400, m.err_form_invalid(), { inviteCode: inviteMessage(e.reason) });
			throw e;
		}
		startSession(event, userId);
		redirect(303, localizeHref(redirectTo));
	}
};
