import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatDate, formatDateTime } from '$lib/format';
import { getDb } from '$lib/server/db';
import { pageParam } from '$lib/server/paging';
import { ROLES, type Role } from '$lib/server/db/schema';
import { parseForm } from '$lib/server/forms';
import { requireRole } from '$lib/server/auth/guard';
import { getUserById, listUsers } from '$lib/server/auth/user';
import { changeUserDisabled, changeUserRole } from '$lib/server/auth/admin-users';
import { issueResetLinkByAdmin, resetLinkUrl } from '$lib/server/auth/password-reset';

const PAGE_SIZE = 50;
const roleLabel = (r: Role) =>
	({ learner: m.role_learner, instructor: m.role_instructor, admin: m.role_admin })[r]();

export const load: PageServerLoad = (event) => {
	const admin = requireRole(event, 'admin');
	const q = event.url.searchParams.get('q')?.slice(0, 100) ?? '';
	const roleParam = event.url.searchParams.get('role');
	const role = (ROLES as readonly string[]).includes(roleParam ?? '')
		? (roleParam as Role)
		: undefined;
	const page = pageParam(event.url.searchParams);
	const { rows, total } = listUsers(getDb(), { q, role, page, pageSize: PAGE_SIZE });
	const locale = getLocale();
	return {
		rows: rows.map((r) => ({ ...r, created: formatDate(r.createdAt, locale, admin.timeZone) })),
		total,
		q,
		role: role ?? '',
		page,
		pages: Math.max(1, Math.ceil(total / PAGE_SIZE))
	};
};

const userIdField = z.coerce
	.number({ error: () => m.admin_users_not_found() })
	.int()
	.positive({ error: () => m.admin_users_not_found() });
const setRoleSchema = z.object({
	userId: userIdField,
	role: z.enum(ROLES, { error: () => m.err_form_invalid() })
});
const setDisabledSchema = z.object({
	userId: userIdField,
	disabled: z.enum(['true', 'false']).transform((v) => v === 'true')
});

const refusal = (reason: 'not_found' | 'last_admin' | 'self') =>
	({
		not_found: () => fail(404, { message: m.admin_users_not_found() }),
		last_admin: () => fail(409, { message: m.admin_users_last_admin() }),
		self: () => fail(409, { message: m.admin_users_self() })
	})[reason]();

export const actions: Actions = {
	setRole: async (event) => {
		const admin = requireRole(event, 'admin');
		const parsed = parseForm(setRoleSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { message: Object.values(parsed.errors)[0] });
		const done = changeUserRole(getDb(), admin.id, parsed.data.userId, parsed.data.role);
		if (!done.ok) return refusal(done.reason);
		return {
			success: m.admin_users_role_saved({
				name: done.displayName,
				role: roleLabel(parsed.data.role)
			})
		};
	},
	setDisabled: async (event) => {
		const admin = requireRole(event, 'admin');
		const parsed = parseForm(setDisabledSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { message: Object.values(parsed.errors)[0] });
		const done = changeUserDisabled(getDb(), admin.id, parsed.data.userId, parsed.data.disabled);
		if (!done.ok) return refusal(done.reason);
		return {
			success: parsed.data.disabled
				? m.admin_users_disabled_saved({ name: done.displayName })
				: m.admin_users_enabled_saved({ name: done.displayName })
		};
	},
	/** Issues a one-time reset link (1 h) and shows it once; only its hash is stored. */
	issueResetLink: async (event) => {
		const admin = requireRole(event, 'admin');
		const parsed = parseForm(z.object({ userId: userIdField }), await event.request.formData());
		if (!parsed.ok) return fail(400, { message: Object.values(parsed.errors)[0] });
		const db = getDb();
		const target = getUserById(db, parsed.data.userId);
		if (!target) return refusal('not_found');
		if (target.disabledAt) return fail(409, { message: m.reset_admin_disabled() });
		const { token, expiresAt } = issueResetLinkByAdmin(db, admin.id, target.id);
		return {
			resetLink: {
				userId: target.id,
				name: target.displayName,
				url: resetLinkUrl(token, target.locale),
				expiresAt: formatDateTime(expiresAt, getLocale(), admin.timeZone)
			}
		};
	}
};
