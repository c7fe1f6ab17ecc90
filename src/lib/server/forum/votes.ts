import { and, eq, sql } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import { forumPosts, forumThreads, forumVotes } from '../db/schema';
import { audit } from '../audit';
import { notify } from '../notifications';
import { canAccept, isModerator, type ForumActor } from './access';
import { ForumError } from './errors';
import { indexThread } from './search-index';
import { loadPostInThread } from './store';

/** Recomputes a post's score from its votes. */
export function recountScore(db: Db, postId: number): number {
	const score =
		db
			.select({ s: sql<number>`coalesce(sum(${forumVotes.value}), 0)` })
			.from(forumVotes)
			.where(eq(forumVotes.postId, postId))
			.get()?.s ?? 0;
	db.update(forumPosts).set({ score }).where(eq(forumPosts.id, postId)).run();
	return score;
}

/**
 * The user's vote on a question or answer of `threadId`: +1 or −1; voting the same way again
 * withdraws the vote. The voter is always `user` (never a form field), the post must belong to the
 * thread in the URL, and nobody votes on their own post, a hidden post or in a locked thread.
 * @returns the post's new score and the user's vote (1, −1 or 0)
 * @throws ForumError `not_found` (also for comments), `own_post`, `hidden`, `locked`
 */
export function castVote(
	db: Db,
	user: ForumActor,
	threadId: number,
	postId: number,
	value: 1 | -1
): { score: number; myVote: number } {
	return immediate(db, (tx) => {
		const { thread, post } = loadPostInThread(tx, threadId, postId, user);
		if (post.kind === 'comment') throw new ForumError('not_found');
		if (post.authorId === user.id) throw new ForumError('own_post');
		if (post.hiddenAt) throw new ForumError('hidden');
		if (thread.lockedAt && !isModerator(user)) throw new ForumError('locked');
		const mine = and(eq(forumVotes.postId, postId), eq(forumVotes.userId, user.id));
		const existing = tx.select().from(forumVotes).where(mine).get();
		let myVote: number = value;
		if (existing?.value === value) {
			tx.delete(forumVotes).where(mine).run();
			myVote = 0;
		} else if (existing) {
			tx.update(forumVotes).set({ value }).where(mine).run();
		} else {
			tx.insert(forumVotes).values({ postId, userId: user.id, value }).run();
		}
		return { score: recountScore(tx, postId), myVote };
	});
}

/**
 * Accepts an answer of `threadId` (or withdraws the acceptance when it is already the accepted
 * one). Only the asker or a moderator; the answer must be a visible answer of this very thread.
 * The answer's author is notified; a moderator's acceptance is audited ("forum.accept").
 * @returns whether the answer is now accepted
 * @throws ForumError `not_found`, `forbidden`, `hidden`, `locked`
 */
export function acceptAnswer(
	db: Db,
	user: ForumActor,
	threadId: number,
	answerId: number
): boolean {
	return immediate(db, (tx) => {
		const { thread, post } = loadPostInThread(tx, threadId, answerId, user);
		if (post.kind !== 'answer') throw new ForumError('not_found');
		if (!canAccept(user, thread)) throw new ForumError('forbidden');
		if (post.hiddenAt) throw new ForumError('hidden');
		if (thread.lockedAt && !isModerator(user)) throw new ForumError('locked');
		const accepted = thread.acceptedAnswerId !== answerId;
		tx.update(forumThreads)
			.set({ acceptedAnswerId: accepted ? answerId : null })
			.where(eq(forumThreads.id, threadId))
			.run();
		indexThread(tx, threadId);
		if (thread.authorId !== user.id)
			audit(tx, {
				actorId: user.id,
				action: 'forum.accept',
				targetType: 'forum_thread',
				targetId: threadId,
				before: { acceptedAnswerId: thread.acceptedAnswerId },
				after: { acceptedAnswerId: accepted ? answerId : null }
			});
		if (accepted && post.authorId !== null && post.authorId !== user.id)
			notify(tx, post.authorId, 'forum_accepted', {
				threadId,
				postId: answerId,
				title: thread.title
			});
		return accepted;
	});
}

/**
 * An instructor endorses an answer of `threadId` as consistent with the course (or withdraws the
 * endorsement); one per thread; audited ("forum.endorse").
 * @returns whether the answer is now endorsed
 * @throws ForumError `forbidden` (not a moderator), `not_found`, `hidden`
 */
export function endorseAnswer(
	db: Db,
	user: ForumActor,
	threadId: number,
	answerId: number
): boolean {
	if (!isModerator(user)) throw new ForumError('forbidden');
	return immediate(db, (tx) => {
		const { thread, post } = loadPostInThread(tx, threadId, answerId, user);
		if (post.kind !== 'answer') throw new ForumError('not_found');
		if (post.hiddenAt) throw new ForumError('hidden');
		const endorsed = thread.endorsedAnswerId !== answerId;
		tx.update(forumThreads)
			.set({ endorsedAnswerId: endorsed ? answerId : null })
			.where(eq(forumThreads.id, threadId))
			.run();
		audit(tx, {
			actorId: user.id,
			action: 'forum.endorse',
			targetType: 'forum_thread',
			targetId: threadId,
			before: { endorsedAnswerId: thread.endorsedAnswerId },
			after: { endorsedAnswerId: endorsed ? answerId : null }
		});
		return endorsed;
	});
}
