import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { requireRole } from '$lib/server/auth/guard';
import { deleteAccount, listDeletionRequests } from '$lib/server/privacy';

export const load: PageServerLoad = (event) => {
	const admin = requireRole(event, 'admin');
	const locale = getLocale();
	return {
		requests: listDeletionRequests(getDb()).map((r) => ({
			...r,
			requestedAt: formatDateTime(r.requestedAt, locale, admin.timeZone),
			self: r.userId === admin.id
		}))
	};
};

const confirmSchema = z.object({
	userId: z.coerce
		.number({ error: () => m.admin_users_not_found() })
		.int()
		.positive({ error: () => m.admin_users_not_found() }),
	confirm: z.literal('yes', { error: () => m.ops_deletion_confirm_required() })
});

export const actions: Actions = {
	/**
	 * Deletes the account of a user who asked for it (their cohorts pass to this admin); audited as
	 * "user.delete" by deleteAccount.
	 */
	confirm: async (event) => {
		const admin = requireRole(event, 'admin');
		const form = await event.request.formData();
		const parsed = parseForm(confirmSchema, form);
		if (!parsed.ok) {
			const userId = Number(form.get('userId')) || null;
			return fail(400, { message: Object.values(parsed.errors)[0], userId });
		}
		const done = deleteAccount(getDb(), admin.id, parsed.data.userId);
		if (!done.ok) {
			const message = {
				not_found: m.admin_users_not_found,
				no_request: m.ops_deletion_no_request,
				self: m.ops_deletion_self,
				last_admin: m.admin_users_last_admin
			}[done.reason]();
			return fail(done.reason === 'not_found' || done.reason === 'no_request' ? 404 : 409, {
				message,
				userId: parsed.data.userId
			});
		}
		event.locals.log.info(
			{ userId: parsed.data.userId, cohorts: done.cohortsReassigned.length },
			'account deleted'
		);
		return {
			success: m.ops_deletion_done({
				name: done.displayName,
				count: done.cohortsReassigned.length
			})
		};
	}
};
