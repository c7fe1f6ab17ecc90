import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { requireUser } from '../auth/guard';
import { getDb } from '../db';
import { m } from '../../paraglide/messages';
import { findLiveItemId } from './items';
import { setBookmark, setRead } from './reading';

type Event = RequestEvent<{ slug: string }>;

/**
 * The four named form actions of an item page (`?/bookmark`, `?/unbookmark`, `?/markRead`,
 * `?/markUnread`) for the item of `kind` whose slug is the route's `[slug]`. Each requires a
 * signed-in user first, answers 404 for an unknown item, and redirects (303) back to the page.
 */
export function readingActions(kind: string) {
	const apply = (event: Event, userId: number, change: typeof setBookmark) => {
		const db = getDb();
		const itemId = findLiveItemId(db, kind, event.params.slug);
		if (!itemId) return fail(404, { message: m.error_not_found() });
		change(db, userId, itemId, true);
		redirect(303, event.url.pathname);
	};
	return {
		bookmark: async (event: Event) => {
			const user = requireUser(event);
			return apply(event, user.id, (db, u, i) => setBookmark(db, u, i, true));
		},
		unbookmark: async (event: Event) => {
			const user = requireUser(event);
			return apply(event, user.id, (db, u, i) => setBookmark(db, u, i, false));
		},
		markRead: async (event: Event) => {
			const user = requireUser(event);
			return apply(event, user.id, (db, u, i) => setRead(db, u, i, true));
		},
		markUnread: async (event: Event) => {
			const user = requireUser(event);
			return apply(event, user.id, (db, u, i) => setRead(db, u, i, false));
		}
	};
}
