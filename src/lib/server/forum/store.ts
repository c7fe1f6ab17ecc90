import { and, count, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import {
	forumPosts,
	forumRevisions,
	forumThreads,
	type ForumPost,
	type ForumThread
} from '../db/schema';
import { canSeePost, type ForumActor } from './access';
import { ForumError } from './errors';

/** Shared reads and small writes of the forum modules (not part of the public interface). */

/** The thread, or ForumError `not_found`. */
export function loadThread(db: Db, threadId: number): ForumThread {
	const thread = Number.isSafeInteger(threadId)
		? db.select().from(forumThreads).where(eq(forumThreads.id, threadId)).get()
		: undefined;
	if (!thread) throw new ForumError('not_found');
	return thread;
}

/** The thread's question post (every thread has exactly one). */
export function loadQuestionPost(db: Db, threadId: number): ForumPost {
	const post = db
		.select()
		.from(forumPosts)
		.where(and(eq(forumPosts.threadId, threadId), eq(forumPosts.kind, 'question')))
		.get();
	if (!post) throw new ForumError('not_found');
	return post;
}

/**
 * A post by id that belongs to `threadId` and that `viewer` may see — the check that keeps a form
 * from acting on another thread's post by changing an id.
 * @throws ForumError `not_found` when the post is missing, in another thread, or hidden from viewer
 */
export function loadPostInThread(
	db: Db,
	threadId: number,
	postId: number,
	viewer: ForumActor | null
): { thread: ForumThread; post: ForumPost } {
	const thread = loadThread(db, threadId);
	const post = Number.isSafeInteger(postId)
		? db
				.select()
				.from(forumPosts)
				.where(and(eq(forumPosts.id, postId), eq(forumPosts.threadId, threadId)))
				.get()
		: undefined;
	if (!post || !canSeePost(viewer, post)) throw new ForumError('not_found');
	// A post in a thread whose question is hidden is as hidden as the question.
	if (post.kind !== 'question' && !canSeePost(viewer, loadQuestionPost(db, threadId)))
		throw new ForumError('not_found');
	return { thread, post };
}

/** Marks activity on the thread (the "active" sort). */
export function touchThread(db: Db, threadId: number, now: Date): void {
	db.update(forumThreads).set({ lastActivityAt: now }).where(eq(forumThreads.id, threadId)).run();
}

/** Recounts the thread's visible answers (after an answer is added, hidden or restored). */
export function recountAnswers(db: Db, threadId: number): number {
	const n =
		db
			.select({ n: count() })
			.from(forumPosts)
			.where(
				and(
					eq(forumPosts.threadId, threadId),
					eq(forumPosts.kind, 'answer'),
					isNull(forumPosts.hiddenAt)
				)
			)
			.get()?.n ?? 0;
	db.update(forumThreads).set({ answerCount: n }).where(eq(forumThreads.id, threadId)).run();
	return n;
}

/** Appends a revision (the next number) to a post's history. */
export function addRevision(
	db: Db,
	postId: number,
	values: { title?: string | null; body: string; tags?: string[] | null; editorId: number | null },
	now: Date
): number {
	const last =
		db
			.select({ n: forumRevisions.number })
			.from(forumRevisions)
			.where(eq(forumRevisions.postId, postId))
			.all()
			.reduce((max, r) => Math.max(max, r.n), 0) + 1;
	db.insert(forumRevisions)
		.values({
			postId,
			number: last,
			title: values.title ?? null,
			body: values.body,
			tags: values.tags ?? null,
			editorId: values.editorId,
			createdAt: now
		})
		.run();
	return last;
}

/** A short plain excerpt of Markdown for notifications, queues and lists. */
export function excerpt(text: string, max = 140): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
