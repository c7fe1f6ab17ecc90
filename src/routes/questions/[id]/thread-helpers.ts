import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';

/** The thread id in the URL, or a 404 page. */
export function threadIdOf(event: Pick<RequestEvent, 'params'>): number {
	const id = Number((event.params as { id?: string }).id);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, m.forum_err_not_found());
	return id;
}

/** After a successful action: back to the thread, at the post concerned (303, localised). */
export function backToThread(threadId: number, postId?: number): never {
	redirect(303, localizeHref(`/questions/${threadId}${postId ? `#post-${postId}` : ''}`));
}
