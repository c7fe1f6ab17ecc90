import { and, eq, isNull } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import { forumFlags, forumPosts, forumThreads, type FlagReason } from '../db/schema';
import { audit } from '../audit';
import { notify } from '../notifications';
import type { MODERATION_NOTICES } from '../notifications/kinds';
import { isModerator, type ForumActor } from './access';
import { ForumError } from './errors';
import { indexThread } from './search-index';
import { loadPostInThread, loadQuestionPost, loadThread, recountAnswers } from './store';

/**
 * Moderation: flags by any signed-in user; hide/restore, lock, pin and duplicates by instructors
 * (and admins). Every moderator action is audited in the transaction that makes it, and the
 * author of the post or thread is notified of what concerns them.
 */

function requireModerator(user: ForumActor) {
	if (!isModerator(user)) throw new ForumError('forbidden');
}

function tell(
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

/**
 * Locks or unlocks a thread (locked: no answers, comments, votes or author edits; moderators
 * still may). Audited as "forum.lock"/"forum.unlock"; the asker is told.
 * @throws ForumError `forbidden`, `not_found`
 */
export function setThreadLocked(
	db: Db,
	user: ForumActor,
	threadId: number,
	locked: boolean,
	reason: string | null = null,
	now = new Date()
): void {
	requireModerator(user);
	immediate(db, (tx) => {
		const thread = loadThread(tx, threadId);
		if ((thread.lockedAt !== null) === locked) return;
		tx.update(forumThreads)
			.set({ lockedAt: locked ? now : null })
			.where(eq(forumThreads.id, threadId))
			.run();
		audit(tx, {
			actorId: user.id,
			action: locked ? 'forum.lock' : 'forum.unlock',
			targetType: 'forum_thread',
			targetId: threadId,
			before: { locked: !locked },
			after: { locked },
			reason
		});
		tell(tx, loadQuestionPost(tx, threadId).authorId, user.id, {
			threadId,
			postId: null,
			title: thread.title,
			action: locked ? 'locked' : 'unlocked',
			reason
		});
	});
}

/**
 * Pins or unpins a thread (pinned threads lead the newest and active lists). Audited as
 * "forum.pin"/"forum.unpin".
 * @throws ForumError `forbidden`, `not_found`
 */
export function setThreadPinned(
	db: Db,
	user: ForumActor,
	threadId: number,
	pinned: boolean,
	now = new Date()
): void {
	requireModerator(user);
	immediate(db, (tx) => {
		const thread = loadThread(tx, threadId);
		if ((thread.pinnedAt !== null) === pinned) return;
		tx.update(forumThreads)
			.set({ pinnedAt: pinned ? now : null })
			.where(eq(forumThreads.id, threadId))
			.run();
		audit(tx, {
			actorId: user.id,
			action: pinned ? 'forum.pin' : 'forum.unpin',
			targetType: 'forum_thread',
			targetId: threadId,
			before: { pinned: !pinned },
			after: { pinned }
		});
	});
}

/**
 * Closes a thread as a duplicate of `targetId` (no new answers; the page links the original), or
 * reopens it with `targetId` null. The target must exist and not lead back to this thread through
 * its own duplicate links. Audited as "forum.close_duplicate"/"forum.reopen"; the asker is told.
 * @throws ForumError `forbidden`, `not_found`, `bad_duplicate`
 */
export function setDuplicateOf(
	db: Db,
	user: ForumActor,
	threadId: number,
	targetId: number | null
): void {
	requireModerator(user);
	immediate(db, (tx) => {
		const thread = loadThread(tx, threadId);
		if (targetId !== null) {
			if (targetId === threadId) throw new ForumError('bad_duplicate');
			let cursor: number | null = targetId;
			const seen = new Set<number>();
			while (cursor !== null) {
				if (cursor === threadId || seen.has(cursor)) throw new ForumError('bad_duplicate');
				seen.add(cursor);
				const next = tx
					.select({ dup: forumThreads.duplicateOfId })
					.from(forumThreads)
					.where(eq(forumThreads.id, cursor))
					.get();
				if (!next) throw new ForumError('bad_duplicate');
				cursor = next.dup;
			}
		}
		if (thread.duplicateOfId === targetId) return;
		tx.update(forumThreads)
			.set({ duplicateOfId: targetId })
			.where(eq(forumThreads.id, threadId))
			.run();
		audit(tx, {
			actorId: user.id,
			action: targetId !== null ? 'forum.close_duplicate' : 'forum.reopen',
			targetType: 'forum_thread',
			targetId: threadId,
			before: { duplicateOfId: thread.duplicateOfId },
			after: { duplicateOfId: targetId }
		});
		tell(tx, loadQuestionPost(tx, threadId).authorId, user.id, {
			threadId,
			postId: null,
			title: thread.title,
			action: targetId !== null ? 'closed_duplicate' : 'reopened',
			reason: null
		});
	});
}
