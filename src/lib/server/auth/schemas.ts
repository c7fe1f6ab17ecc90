import { z } from 'zod';
import { m } from '../../paraglide/messages';
import { PASSWORD_MAX, PASSWORD_MIN, checkPasswordPolicy } from './password';
import { LOCALES } from '../db/schema';
import { timeZoneField } from '../settings/time-zones';
import { plainText } from '../forms';

export const DISPLAY_NAME_MAX = 60;
export const EMAIL_MAX = 254; // RFC 5321 path limit

const str = (required: () => string) => z.string({ error: required }).transform((s) => s.trim());

/** Display name: {@link plainText} (no invisible or control characters, trimmed), 1–60 characters. */
export const displayNameField = z
	.string({ error: () => m.err_display_name_required() })
	.transform(plainText)
	.pipe(
		z
			.string()
			.min(1, { error: () => m.err_display_name_required() })
			.max(DISPLAY_NAME_MAX, {
				error: () => m.err_display_name_too_long({ max: DISPLAY_NAME_MAX })
			})
	);

/** Email: trimmed, lower-cased, ≤ 254 characters, a plausible address. */
export const emailField = str(() => m.err_email_required()).pipe(
	z
		.string()
		.min(1, { error: () => m.err_email_required() })
		.max(EMAIL_MAX, { error: () => m.err_email_too_long({ max: EMAIL_MAX }) })
		.pipe(z.email({ error: () => m.err_email_invalid() }))
		.transform((s) => s.toLowerCase())
);

/** A new password, checked against the policy in password.ts. */
export const newPasswordField = z
	.string({ error: () => m.err_password_required() })
	.superRefine((pw, ctx) => {
		const problem = checkPasswordPolicy(pw);
		if (problem === 'too_short')
			ctx.addIssue({ code: 'custom', message: m.err_password_too_short({ min: PASSWORD_MIN }) });
		if (problem === 'too_long')
			ctx.addIssue({ code: 'custom', message: m.err_password_too_long({ max: PASSWORD_MAX }) });
		if (problem === 'common') ctx.addIssue({ code: 'custom', message: m.err_password_common() });
	});

/** An existing password as typed at sign-in (only presence and an upper bound are checked). */
export const passwordField = z
	.string({ error: () => m.err_password_required() })
	.min(1, { error: () => m.err_password_required() })
	.max(1024, { error: () => m.err_password_too_long({ max: PASSWORD_MAX }) });

export const registerSchema = z.object({
	displayName: displayNameField,
	email: emailField,
	password: newPasswordField
});

export const loginSchema = z.object({ email: emailField, password: passwordField });

export const changePasswordSchema = z
	.object({
		currentPassword: passwordField,
		newPassword: newPasswordField,
		confirmPassword: z.string({ error: () => m.err_password_required() })
	})
	.refine((v) => v.newPassword === v.confirmPassword, {
		path: ['confirmPassword'],
		error: () => m.err_password_mismatch()
	});

/** Account page: display name, time zone (IANA) and language. */
export const profileSchema = z.object({
	displayName: displayNameField,
	timeZone: timeZoneField,
	locale: z.enum(LOCALES, { error: () => m.account_locale_invalid() })
});

/** Account page: a new email, confirmed with the current password. */
export const changeEmailSchema = z.object({
	email: emailField,
	currentPassword: passwordField
});
