import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { forumFlags, forumPosts, forumThreads, forumVotes } from '../db/schema';
import { recountScore } from './votes';

/** A user's forum posts as their data export carries them (ISO dates, Markdown as written). */
export type ForumExport = Array<{
	id: number;
	threadId: number;
	threadTitle: string;
	kind: 'question' | 'answer' | 'comment';
	body: string;
	createdAt: string;
	editedAt: string | null;
	hidden: boolean;
	url: string;
}>;

/** Every post `userId` wrote, oldest first (hidden ones included: they are still theirs). */
export function listPostsForExport(db: Db, userId: number): ForumExport {
	return db
		.select({ post: forumPosts, threadTitle: forumThreads.title })
		.from(forumPosts)
		.innerJoin(forumThreads, eq(forumThreads.id, forumPosts.threadId))
		.where(eq(forumPosts.authorId, userId))
		.orderBy(asc(forumPosts.createdAt), asc(forumPosts.id))
		.all()
		.map(({ post, threadTitle }) => ({
			id: post.id,
			threadId: post.threadId,
			threadTitle,
			kind: post.kind,
			body: post.body,
			createdAt: post.createdAt.toISOString(),
			editedAt: post.editedAt?.toISOString() ?? null,
			hidden: post.hiddenAt !== null,
			url: `/questions/${post.threadId}#post-${post.id}`
		}));
}

/**
 * Before an account is deleted (inside the deletion's transaction): its threads and posts stay,
 * under an anonymous name (author set to null; the pages say "deleted user"); its votes are removed
 * and the scores they counted in recomputed; its flags stay without a reporter. The foreign keys
 * (`on delete set null` / `cascade`) would do the same, except for the scores.
 */
export function anonymiseForumAuthor(tx: Db, userId: number): void {
	tx.update(forumThreads).set({ authorId: null }).where(eq(forumThreads.authorId, userId)).run();
	tx.update(forumPosts).set({ authorId: null }).where(eq(forumPosts.authorId, userId)).run();
	tx.update(forumFlags).set({ reporterId: null }).where(eq(forumFlags.reporterId, userId)).run();
	const voted = tx
		.select({ postId: forumVotes.postId })
		.from(forumVotes)
		.where(eq(forumVotes.userId, userId))
		.all()
		.map((r) => r.postId);
	tx.delete(forumVotes).where(eq(forumVotes.userId, userId)).run();
	if (voted.length)
		for (const p of tx
			.select({ id: forumPosts.id })
			.from(forumPosts)
			.where(inArray(forumPosts.id, voted))
			.all())
			recountScore(tx, p.id);
}
