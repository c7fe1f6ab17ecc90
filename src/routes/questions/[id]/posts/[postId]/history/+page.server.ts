import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { getDb } from '$lib/server/db';
import { getSetting } from '$lib/server/settings';
import { ForumError, listRevisions } from '$lib/server/forum';
import { threadIdOf } from '../../../thread-helpers';

/** Public like the thread itself: the edit history (with diffs) of a post the viewer may see. */
export const load: PageServerLoad = (event) => {
	const viewer = event.locals.user;
	const threadId = threadIdOf(event);
	const postId = Number(event.params.postId);
	const db = getDb();
	try {
		const { post, threadTitle, revisions } = listRevisions(db, viewer, threadId, postId);
		const timeZone = viewer?.timeZone ?? getSetting(db, 'defaultTimeZone');
		return {
			threadId,
			threadTitle,
			kind: post.kind,
			postId,
			revisions: revisions.map((r) => ({
				...r,
				createdAt: formatDateTime(r.createdAt, getLocale(), timeZone)
			}))
		};
	} catch (e) {
		if (e instanceof ForumError) error(404, m.forum_err_not_found());
		throw e;
	}
};
