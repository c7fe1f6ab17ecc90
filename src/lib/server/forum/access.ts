import { getConfig } from '../config';
import { hasRole } from '../auth/guard';
import type { ForumPost, ForumThread, Role } from '../db/schema';

/** The acting user as far as forum rules care (a SessionUser fits). */
export type ForumActor = { id: number; role: Role };

/** Instructors and admins moderate: they see hidden posts, edit any post, lock, pin, hide. */
export function isModerator(user: ForumActor | null | undefined): boolean {
	return !!user && hasRole(user.role, 'instructor');
}

/** A hidden post is visible only to its author and to moderators; others see it as missing. */
export function canSeePost(
	user: ForumActor | null | undefined,
	post: Pick<ForumPost, 'hiddenAt' | 'authorId'>
): boolean {
	if (!post.hiddenAt) return true;
	return !!user && (isModerator(user) || (post.authorId !== null && post.authorId === user.id));
}

/**
 * Who may edit a post: a moderator always; its author while FORUM_EDIT_WINDOW_MS (ms since the
 * post was created) lasts and the thread is not locked.
 */
export function canEditPost(
	user: ForumActor | null | undefined,
	post: Pick<ForumPost, 'authorId' | 'createdAt'>,
	thread: Pick<ForumThread, 'lockedAt'>,
	now = new Date()
): boolean {
	if (!user) return false;
	if (isModerator(user)) return true;
	if (post.authorId === null || post.authorId !== user.id || thread.lockedAt) return false;
	return now.getTime() - post.createdAt.getTime() <= getConfig().FORUM_EDIT_WINDOW_MS;
}

/** The asker accepts an answer; a moderator may too (e.g. for an asker who left). */
export function canAccept(
	user: ForumActor | null | undefined,
	thread: Pick<ForumThread, 'authorId'>
): boolean {
	return !!user && (isModerator(user) || (thread.authorId !== null && thread.authorId === user.id));
}
