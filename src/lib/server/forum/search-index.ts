import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { forumPosts, forumThreads, forumThreadTags, LOCALES } from '../db/schema';
import { markdownToText } from '../markdown';
import { indexDocuments, removeDocuments } from '../search';

/** Search kind of Q&A threads (see ../search/README.md). */
export const QUESTION_KIND = 'question';

/**
 * The state tags a thread's search document carries besides its own tags, for the search page's
 * filter: `state:answered` (at least one visible answer) or `state:unanswered`, plus
 * `state:accepted` when an answer is accepted.
 */
export function stateTags(thread: { answerCount: number; acceptedAnswerId: number | null }) {
	return [
		thread.answerCount > 0 ? 'state:answered' : 'state:unanswered',
		...(thread.acceptedAnswerId ? ['state:accepted'] : [])
	];
}

/**
 * Brings the search document of a thread in line with the database: the title, the question and
 * its visible answers as text, the thread's tags and state tags. A post is written in one language
 * the site cannot know, so the thread is indexed under every locale (each language's search finds
 * it; the text is the same). A thread whose question is hidden (or that no longer exists) is
 * removed from the index. Call it inside the transaction that made the change.
 */
export function indexThread(db: Db, threadId: number): void {
	const thread = db.select().from(forumThreads).where(eq(forumThreads.id, threadId)).get();
	const posts = thread
		? db
				.select({ kind: forumPosts.kind, body: forumPosts.body, hiddenAt: forumPosts.hiddenAt })
				.from(forumPosts)
				.where(and(eq(forumPosts.threadId, threadId), isNull(forumPosts.parentId)))
				.orderBy(asc(forumPosts.id))
				.all()
		: [];
	const question = posts.find((p) => p.kind === 'question');
	if (!thread || !question || question.hiddenAt) {
		removeDocuments(db, QUESTION_KIND, [String(threadId)]);
		return;
	}
	const tags = db
		.select({ tag: forumThreadTags.tag })
		.from(forumThreadTags)
		.where(eq(forumThreadTags.threadId, threadId))
		.all()
		.map((r) => r.tag);
	const body = posts
		.filter((p) => !p.hiddenAt)
		.map((p) => markdownToText(p.body))
		.join('\n\n');
	indexDocuments(
		db,
		LOCALES.map((locale) => ({
			kind: QUESTION_KIND,
			id: String(threadId),
			locale,
			title: thread.title,
			body,
			url: `/questions/${threadId}`,
			tags: [...tags, ...stateTags(thread)]
		}))
	);
}

/**
 * Rebuilds the search documents of every thread (hidden ones are removed): run after a tokeniser
 * change (../search/README.md), through `reindexForum`. @returns the number of threads
 */
export function reindexThreads(db: Db): number {
	const ids = db
		.select({ id: forumThreads.id })
		.from(forumThreads)
		.all()
		.map((r) => r.id);
	db.transaction((tx) => {
		for (const id of ids) indexThread(tx as unknown as Db, id);
	});
	return ids.length;
}
