/**
 * Why a forum write was refused. Domain functions throw {@link ForumError}; routes turn it into
 * `fail(status, { message })` with the localised text from ./messages.ts.
 */
export const FORUM_ERROR_STATUS = {
	/** The thread or post does not exist, or the viewer may not see it (hidden). */
	not_found: 404,
	/** The viewer's role or relation to the post does not allow this. */
	forbidden: 403,
	/** The thread is locked (only instructors may still post, vote or edit). */
	locked: 409,
	/** The thread was closed as a duplicate: no new answers. */
	closed: 409,
	/** Voting on, flagging or accepting one's own post where that is not allowed. */
	own_post: 403,
	/** The author's edit window is over. */
	edit_window: 403,
	/** The post is hidden (cannot be voted on or accepted). */
	hidden: 409,
	/** A new account put more links in a post than it may. */
	too_many_links: 400,
	/** A tag is malformed or names a module, case or discussion question that does not exist. */
	bad_tag: 400,
	too_many_tags: 400,
	/** Closing as a duplicate of itself, of a missing thread, or in a loop. */
	bad_duplicate: 400,
	/** This user already has an open flag on this post. */
	already_flagged: 409,
	/** The thread is already promoted or the FAQ entry is not a promoted one. */
	faq_conflict: 409
} as const;

export type ForumErrorCode = keyof typeof FORUM_ERROR_STATUS;

export class ForumError extends Error {
	readonly status: number;
	constructor(
		readonly code: ForumErrorCode,
		/** Values for the message, e.g. `{ max: 2 }` for too_many_links. */
		readonly values: Record<string, string | number> = {}
	) {
		super(`forum: ${code}`);
		this.name = 'ForumError';
		this.status = FORUM_ERROR_STATUS[code];
	}
}
