import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getConfig } from '$lib/server/config';

/**
 * The benchmark's baseline (only with BENCH=1, else 404): a server-rendered page that does nothing
 * of its own — the hooks (session, locale, headers) and the root layout (user, unread count, site
 * settings) every page pays for, and no data of its own. Other pages are measured against it.
 */
export const load: PageServerLoad = () => {
	if (!getConfig().BENCH) error(404, m.error_not_found());
	return { renderedAt: Date.now() };
};
