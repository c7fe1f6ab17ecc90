import { and, eq, isNull } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import { forumFlags, forumPosts, type FlagReason } from '../db/schema';
import { audit } from '../audit';
import { notify } from '../notifications';
import type { MODERATION_NOTICES } from '../notifications/kinds';
import { isModerator, type ForumActor } from './access';
import { changedQuestionCount } from './threads';
import { ForumError } from './errors';
import { indexThread } from './search-index';
import { loadPostInThread, recountAnswers } from './store';

/**
 * Post moderation: flags by any signed-in user; hide, restore and dismissing flags by instructors
 * (and admins). Thread-wide actions (lock, pin, duplicates) are in ./thread-moderation.ts. Every
 * moderator action is audited in the transaction that makes it, and the author of the post or
 * thread is notified of what concerns them.
 */

/** @throws ForumError `forbidden` unless `user` is an instructor or admin. */
export function requireModerator(user: ForumActor) {
	if (!isModerator(user)) throw new ForumError('forbidden');
}

/** Notifies the author of a moderation action, unless they did it themselves (or are gone). */
export function tell(
	db: Db,
	authorId: number | null,
	actorId: number,
	payload: {
		threadId: number;
		postId: number | null;
		title: string;
		action: (typeof MODERATION_NOTICES)[number];
		reason: string | null;
	}
) {
	if (authorId !== null && authorId !== actorId) notify(db, authorId, 'forum_moderated', payload);
}

/**
 * Flags a post of `threadId` for the moderation queue. One open flag per user and post; one's own
 * posts and posts already hidden cannot be flagged.
 * @throws ForumError `not_found`, `own_post`, `hidden`, `already_flagged`
 */
export function flagPost(
	db: Db,
	user: ForumActor,
	threadId: number,
	postId: number,
	reason: FlagReason,
	note: string | null,
	now = new Date()
): void {
	immediate(db, (tx) => {
		const { post } = loadPostInThread(tx, threadId, postId, user);
		if (post.authorId === user.id) throw new ForumError('own_post');
		if (post.hiddenAt) throw new ForumError('hidden');
		const open = tx
			.select({ id: forumFlags.id })
			.from(forumFlags)
			.where(
				and(
					eq(forumFlags.postId, postId),
					eq(forumFlags.reporterId, user.id),
					isNull(forumFlags.resolvedAt)
				)
			)
			.get();
		if (open) throw new ForumError('already_flagged');
		tx.insert(forumFlags)
			.values({ postId, reporterId: user.id, reason, note: note?.trim() || null, createdAt: now })
			.run();
	});
}

function resolveFlags(
	db: Db,
	postId: number,
	user: ForumActor,
	resolution: 'hidden' | 'dismissed',
	now: Date
) {
	return db
		.update(forumFlags)
		.set({ resolvedAt: now, resolvedById: user.id, resolution })
		.where(and(eq(forumFlags.postId, postId), isNull(forumFlags.resolvedAt)))
		.run().changes;
}

/**
 * Hides a post with a reason (the author is told, and still sees it; so do moderators). Hiding the
 * question hides the whole thread from everyone else and from search. Open flags on the post are
 * resolved as "hidden". Audited as "forum.hide".
 * @throws ForumError `forbidden`, `not_found`
 */
export function hidePost(
	db: Db,
	user: ForumActor,
	threadId: number,
	postId: number,
	reason: string,
	now = new Date()
): void {
	requireModerator(user);
	immediate(db, (tx) => {
		const { thread, post } = loadPostInThread(tx, threadId, postId, user);
		if (!post.hiddenAt) {
			tx.update(forumPosts)
				.set({ hiddenAt: now, hiddenById: user.id, hiddenReason: reason })
				.where(eq(forumPosts.id, postId))
				.run();
			if (post.kind === 'question') changedQuestionCount(tx);
			recountAnswers(tx, threadId);
			indexThread(tx, threadId);
			audit(tx, {
				actorId: user.id,
				action: 'forum.hide',
				targetType: 'forum_post',
				targetId: postId,
				before: { hidden: false },
				after: { hidden: true, kind: post.kind, threadId },
				reason
			});
			tell(tx, post.authorId, user.id, {
				threadId,
				postId,
				title: thread.title,
				action: 'hidden',
				reason
			});
		}
		resolveFlags(tx, postId, user, 'hidden', now);
	});
}

/**
 * Makes a hidden post visible again; audited as "forum.restore"; the author is told.
 * @throws ForumError `forbidden`, `not_found`
 */
export function restorePost(
	db: Db,
	user: ForumActor,
	threadId: number,
	postId: number,
	reason: string | null = null
): void {
	requireModerator(user);
	immediate(db, (tx) => {
		const { thread, post } = loadPostInThread(tx, threadId, postId, user);
		if (!post.hiddenAt) return;
		tx.update(forumPosts)
			.set({ hiddenAt: null, hiddenById: null, hiddenReason: null })
			.where(eq(forumPosts.id, postId))
			.run();
		if (post.kind === 'question') changedQuestionCount(tx);
		recountAnswers(tx, threadId);
		indexThread(tx, threadId);
		audit(tx, {
			actorId: user.id,
			action: 'forum.restore',
			targetType: 'forum_post',
			targetId: postId,
			before: { hidden: true, reason: post.hiddenReason },
			after: { hidden: false },
			reason
		});
		tell(tx, post.authorId, user.id, {
			threadId,
			postId,
			title: thread.title,
			action: 'restored',
			reason
		});
	});
}

/**
 * Closes the open flags of a post without acting on it; audited as "forum.dismiss_flags".
 * @returns how many flags were closed
 * @throws ForumError `forbidden`, `not_found`
 */
export function dismissFlags(
	db: Db,
	user: ForumActor,
	threadId: number,
	postId: number,
	now = new Date()
): number {
	requireModerator(user);
	return immediate(db, (tx) => {
		loadPostInThread(tx, threadId, postId, user);
		const n = resolveFlags(tx, postId, user, 'dismissed', now);
		if (n > 0)
			audit(tx, {
				actorId: user.id,
				action: 'forum.dismiss_flags',
				targetType: 'forum_post',
				targetId: postId,
				before: { openFlags: n },
				after: { openFlags: 0 }
			});
		return n;
	});
}
