import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { localizeHref } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';

// Logging out is a POST (a GET must not change state); visiting /logout just goes home.
export const load: PageServerLoad = () => redirect(303, localizeHref('/'));

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.session) invalidateSession(getDb(), locals.session.id);
		deleteSessionCookie(cookies, url.protocol === 'https:');
		redirect(303, localizeHref('/'));
	}
};
