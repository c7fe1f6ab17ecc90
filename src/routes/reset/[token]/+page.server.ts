import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { newPasswordField } from '$lib/server/auth/schemas';
import { hashPassword } from '$lib/server/auth/password';
import {
	checkPasswordResetToken,
	resetPasswordWithToken,
	type ResetCheck
} from '$lib/server/auth/password-reset';

type Problem = Exclude<ResetCheck, { ok: true }>['reason'];
const problemMessage = (reason: Problem) =>
	({
		invalid: m.reset_link_invalid,
		expired: m.reset_link_expired,
		used: m.reset_link_used,
		disabled: m.login_disabled
	})[reason]();

export const load: PageServerLoad = ({ params, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	const check = checkPasswordResetToken(getDb(), params.token);
	return { problem: check.ok ? null : problemMessage(check.reason) };
};

const resetSchema = z
	.object({
		newPassword: newPasswordField,
		confirmPassword: z.string({ error: () => m.err_password_required() })
	})
	.refine((v) => v.newPassword === v.confirmPassword, {
		path: ['confirmPassword'],
		error: () => m.err_password_mismatch()
	});

export const actions: Actions = {
	reset: async ({ params, request }) => {
		const db = getDb();
		const before = checkPasswordResetToken(db, params.token);
		if (!before.ok)
			return fail(400, { errors: {} as FieldErrors, message: problemMessage(before.reason) });
		const parsed = parseForm(resetSchema, await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, message: m.err_form_invalid() });
		const passwordHash = await hashPassword(parsed.data.newPassword);
		const done = resetPasswordWithToken(db, params.token, passwordHash);
		if (!done.ok)
			return fail(400, { errors: {} as FieldErrors, message: problemMessage(done.reason) });
		// OWASP: do not sign in automatically; the user signs in with the new password.
		redirect(303, localizeHref('/login?reset'));
	}
};
