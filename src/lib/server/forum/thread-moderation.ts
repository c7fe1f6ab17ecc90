import { eq } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import { forumThreads } from '../db/schema';
import { audit } from '../audit';
import type { ForumActor } from './access';
import { ForumError } from './errors';
import { requireModerator, tell } from './moderation';
import { loadQuestionPost, loadThread } from './store';

/** Thread-wide moderation (instructors and admins): lock, pin, close as a duplicate. Audited. */

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
