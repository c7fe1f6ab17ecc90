import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { requireUser } from '$lib/server/auth/guard';
import { changePasswordSchema } from '$lib/server/auth/schemas';
import { getUserById, updateUserPassword } from '$lib/server/auth/user';
import { hashPassword, verifyPassword } from '$lib/server/auth/password';
import { startSession } from '$lib/server/auth/sign-in';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return {
		account: {
			displayName: user.displayName,
			email: user.email,
			role: user.role,
			timeZone: user.timeZone
		},
		changed: event.url.searchParams.has('passwordChanged')
	};
};

export const actions: Actions = {
	changePassword: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const parsed = parseForm(changePasswordSchema, form);
		if (!parsed.ok)
			return fail(400, { password: { errors: parsed.errors, message: m.err_form_invalid() } });
		const row = getUserById(getDb(), user.id);
		if (!row || !(await verifyPassword(row.passwordHash, parsed.data.currentPassword))) {
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
	}
};
