import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { parseForm } from '$lib/server/forms';
import {
	dismissFlags,
	hidePost,
	listHiddenPosts,
	listModerationQueue,
	reasonField,
	restorePost
} from '$lib/server/forum';
import { forumFailure } from '$lib/server/forum/http';

const target = {
	threadId: z.coerce.number().int().positive(),
	postId: z.coerce.number().int().positive()
};
const hideSchema = z.object({ ...target, reason: reasonField });
const targetSchema = z.object(target);

export const load: PageServerLoad = (event) => {
	const user = requireRole(event, 'instructor');
	const db = getDb();
	const locale = getLocale();
	const date = (d: Date) => formatDateTime(d, locale, user.timeZone);
	return {
		queue: listModerationQueue(db).map((e) => ({
			...e,
			createdAt: date(e.createdAt),
			firstFlaggedAt: date(e.firstFlaggedAt),
			hidden: e.hidden ? { reason: e.hidden.reason, at: date(e.hidden.at) } : null,
			flags: e.flags.map((f) => ({ ...f, createdAt: date(f.createdAt) }))
		})),
		hidden: listHiddenPosts(db).map((p) => ({
			...p,
			createdAt: date(p.createdAt),
			hidden: p.hidden ? { reason: p.hidden.reason, at: date(p.hidden.at) } : null
		})),
		done: event.url.searchParams.get('done')
	};
};

const back = (done: string) => redirect(303, localizeHref(`/instructor/moderation?done=${done}`));

export const actions: Actions = {
	hide: async (event) => {
		const user = requireRole(event, 'instructor');
		const p = parseForm(hideSchema, await event.request.formData());
		if (!p.ok) return fail(400, { message: p.errors.reason ?? m.forum_err_not_found() });
		try {
			hidePost(getDb(), user, p.data.threadId, p.data.postId, p.data.reason);
		} catch (e) {
			return forumFailure(e);
		}
		back('hidden');
	},
	dismiss: async (event) => {
		const user = requireRole(event, 'instructor');
		const p = parseForm(targetSchema, await event.request.formData());
		if (!p.ok) return fail(400, { message: m.forum_err_not_found() });
		try {
			dismissFlags(getDb(), user, p.data.threadId, p.data.postId);
		} catch (e) {
			return forumFailure(e);
		}
		back('dismissed');
	},
	restore: async (event) => {
		const user = requireRole(event, 'instructor');
		const p = parseForm(targetSchema, await event.request.formData());
		if (!p.ok) return fail(400, { message: m.forum_err_not_found() });
		try {
			restorePost(getDb(), user, p.data.threadId, p.data.postId);
		} catch (e) {
			return forumFailure(e);
		}
		back('restored');
	}
};
