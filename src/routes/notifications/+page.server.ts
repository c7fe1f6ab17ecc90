import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { getDb } from '$lib/server/db';
import { pageParam } from '$lib/server/paging';
import { parseForm } from '$lib/server/forms';
import { requireUser } from '$lib/server/auth/guard';
import {
	countUnread,
	listNotifications,
	markAllNotificationsRead,
	markNotificationRead
} from '$lib/server/notifications';

const PAGE_SIZE = 30;

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const db = getDb();
	const locale = getLocale();
	const page = pageParam(event.url.searchParams);
	const { rows, total } = listNotifications(db, user.id, locale, { page, pageSize: PAGE_SIZE });
	return {
		rows: rows.map((r) => ({
			id: r.id,
			text: r.text,
			href: r.href ? localizeHref(r.href) : null,
			read: r.readAt !== null,
			createdAt: formatDateTime(r.createdAt, locale, user.timeZone)
		})),
		unread: countUnread(db, user.id),
		page,
		pages: Math.max(1, Math.ceil(total / PAGE_SIZE))
	};
};

const markSchema = z.object({
	id: z.coerce
		.number({ error: () => m.notif_not_found() })
		.int()
		.positive()
});

export const actions: Actions = {
	markRead: async (event) => {
		const user = requireUser(event);
		const parsed = parseForm(markSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { message: m.notif_not_found() });
		if (!markNotificationRead(getDb(), user.id, parsed.data.id))
			return fail(404, { message: m.notif_not_found() });
		return { success: m.notif_marked_read() };
	},
	markAllRead: async (event) => {
		const user = requireUser(event);
		const n = markAllNotificationsRead(getDb(), user.id);
		return { success: m.notif_marked_all_read({ count: n }) };
	}
};
