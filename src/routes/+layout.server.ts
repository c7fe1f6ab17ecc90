import type { LayoutServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { getSetting } from '$lib/server/settings';
import { countUnread } from '$lib/server/notifications';

export const load: LayoutServerLoad = ({ locals, url }) => {
	// Read the path so this load re-runs on every navigation and the unread count stays current.
	void url.pathname;
	const user = locals.user;
	const db = getDb();
	return {
		user: user
			? { id: user.id, displayName: user.displayName, role: user.role, timeZone: user.timeZone }
			: null,
		unreadNotifications: user ? countUnread(db, user.id) : 0,
		/** Admin-set site name, or "" for the localised default (m.site_name()). */
		siteName: getSetting(db, 'siteName'),
		/** Archive mode: pages show a banner and may hide forms that would be refused anyway. */
		archived: getSetting(db, 'archiveMode'),
		archiveNote: getSetting(db, 'archiveNote')
	};
};
