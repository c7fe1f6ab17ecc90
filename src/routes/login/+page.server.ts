import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { parseForm, textField, type FieldErrors } from '$lib/server/forms';
import { loginSchema } from '$lib/server/auth/schemas';
import { getUserByEmail } from '$lib/server/auth/user';
import { verifyDummyPassword, verifyPassword } from '$lib/server/auth/password';
import {
	checkLoginAllowed,
	recordLoginFailure,
	recordLoginSuccess
} from '$lib/server/auth/rate-limit';
import { safeRedirectPath } from '$lib/server/auth/guard';
import { startSession } from '$lib/server/auth/sign-in';

export const load: PageServerLoad = ({ locals, url }) => {
	const redirectTo = safeRedirectPath(url.searchParams.get('redirectTo'));
	if (locals.user) redirect(303, localizeHref(redirectTo));
	return { redirectTo, passwordReset: url.searchParams.has('reset') };
};

export const actions: Actions = {
	login: async (event) => {
		const form = await event.request.formData();
		const email = textField(form, 'email', 254);
		const redirectTo = safeRedirectPath(textField(form, 'redirectTo', 2000));
		const parsed = parseForm(loginSchema, form);
		if (!parsed.ok)
			return fail(400, { email, errors: parsed.errors, message: m.err_form_invalid() });

		const ip = event.getClientAddress();
		const allowed = await checkLoginAllowed(ip, parsed.data.email);
		if (!allowed.ok) {
			const minutes = Math.max(1, Math.ceil(allowed.retryAfterMs / 60_000));
			return fail(429, {
				email,
				errors: {} as FieldErrors,
				message: m.err_rate_limited({ minutes })
			});
		}

		const user = getUserByEmail(getDb(), parsed.data.email);
		const valid = user
			? await verifyPassword(user.passwordHash, parsed.data.password)
			: (await verifyDummyPassword(parsed.data.password), false);
		if (!user || !valid) {
			await recordLoginFailure(ip, parsed.data.email);
			return fail(400, { email, errors: {} as FieldErrors, message: m.login_error_generic() });
		}
		if (user.disabledAt)
			return fail(403, { email, errors: {} as FieldErrors, message: m.login_disabled() });

		await recordLoginSuccess(parsed.data.email);
		startSession(event, user.id);
		redirect(303, localizeHref(redirectTo));
	}
};
