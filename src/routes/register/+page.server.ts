import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { getConfig } from '$lib/server/config';
import { parseForm, textField, type FieldErrors } from '$lib/server/forms';
import { registerSchema } from '$lib/server/auth/schemas';
import { EmailTakenError, createUser } from '$lib/server/auth/user';
import { hashPassword } from '$lib/server/auth/password';
import { consumeRegistration } from '$lib/server/auth/rate-limit';
import { safeRedirectPath } from '$lib/server/auth/guard';
import { startSession } from '$lib/server/auth/sign-in';

export const load: PageServerLoad = ({ locals, url }) => {
	const redirectTo = safeRedirectPath(url.searchParams.get('redirectTo'));
	if (locals.user) redirect(303, localizeHref(redirectTo));
	return { redirectTo };
};

export const actions: Actions = {
	register: async (event) => {
		const form = await event.request.formData();
		const values = {
			displayName: textField(form, 'displayName', 200),
			email: textField(form, 'email', 300)
		};
		const redirectTo = safeRedirectPath(textField(form, 'redirectTo', 2000));

		const limited = await consumeRegistration(event.getClientAddress());
		if (!limited.ok) {
			const minutes = Math.max(1, Math.ceil(limited.retryAfterMs / 60_000));
			return fail(429, {
				...values,
				errors: {} as FieldErrors,
				message: m.err_rate_limited({ minutes })
			});
		}
		const parsed = parseForm(registerSchema, form);
		if (!parsed.ok)
			return fail(400, { ...values, errors: parsed.errors, message: m.err_form_invalid() });

		let userId: number;
		try {
			const user = createUser(getDb(), {
				email: parsed.data.email,
				displayName: parsed.data.displayName,
				passwordHash: await hashPassword(parsed.data.password),
				locale: getLocale(),
				timeZone: getConfig().DEFAULT_TIME_ZONE
			});
			userId = user.id;
		} catch (e) {
			if (e instanceof EmailTakenError) {
				return fail(400, {
					...values,
					errors: { email: m.err_email_taken() } as FieldErrors,
					message: m.err_form_invalid()
				});
			}
			throw e;
		}
		startSession(event, userId);
		redirect(303, localizeHref(redirectTo));
	}
};
