import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { parseForm, textField, type FieldErrors } from '$lib/server/forms';
import { emailField } from '$lib/server/auth/schemas';
import { normaliseEmail } from '$lib/server/auth/user';
import { consumePasswordResetRequest } from '$lib/server/auth/rate-limit';
import { requestPasswordResetByEmail } from '$lib/server/auth/password-reset';
import { isMailConfigured } from '$lib/server/mail';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, localizeHref('/account'));
	return { mailEnabled: isMailConfigured(), sent: url.searchParams.has('sent') };
};

const requestSchema = z.object({ email: emailField });

export const actions: Actions = {
	// Same answer (a redirect to "?sent") whether or not the address is registered.
	request: async (event) => {
		const form = await event.request.formData();
		const email = textField(form, 'email', 254);
		const limited = await consumePasswordResetRequest(
			event.getClientAddress(),
			normaliseEmail(email)
		);
		if (!limited.ok) {
			const minutes = Math.max(1, Math.ceil(limited.retryAfterMs / 60_000));
			return fail(429, {
				email,
				errors: {} as FieldErrors,
				message: m.err_rate_limited({ minutes })
			});
		}
		if (!isMailConfigured())
			return fail(404, { email, errors: {} as FieldErrors, message: m.reset_no_mail() });
		const parsed = parseForm(requestSchema, form);
		if (!parsed.ok)
			return fail(400, { email, errors: parsed.errors, message: m.err_form_invalid() });
		requestPasswordResetByEmail(getDb(), parsed.data.email);
		redirect(303, localizeHref('/forgot-password?sent'));
	}
};
