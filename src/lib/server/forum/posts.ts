import { eq } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import { forumPosts, forumThreads, forumThreadTags, type ForumPost } from '../db/schema';
import { renderMarkdown } from '../markdown';
import { notify } from '../notifications';
import { audit } from '../audit';
import { canEditPost, isModerator, type ForumActor } from './access';
import { ForumError } from './errors';
import { checkLinkLimit } from './limits';
import { indexThread } from './search-index';
import {
	addRevision,
	loadPostInThread,
	loadQuestionPost,
	loadThread,
	recountAnswers,
	touchThread
} from './store';
import { listThreadTags } from './threads';
import { validateTags } from './tags';

/** The display name notifications use for an actor. */
type Named = ForumActor & { displayName: string };

/**
 * Posts an answer to a thread; the asker is notified (unless they answer themselves).
 * @throws ForumError `not_found` (thread missing or hidden from the user), `locked`, `closed`
 *   (a duplicate; moderators may still answer both), `too_many_links`
 */
export function addAnswer(
	db: Db,
	user: Named,
	threadId: number,
	body: string,
	now = new Date()
): ForumPost {
	const html = renderMarkdown(body);
	return immediate(db, (tx) => {
		const thread = loadThread(tx, threadId);
		const question = loadPostInThread(tx, threadId, loadQuestionPost(tx, threadId).id, user).post;
		if (!isModerator(user)) {
			if (thread.lockedAt) throw new ForumError('locked');
			if (thread.duplicateOfId) throw new ForumError('closed');
		}
		checkLinkLimit(tx, user, html, now);
		const post = tx
			.insert(forumPosts)
			.values({ threadId, kind: 'answer', authorId: user.id, body, html, createdAt: now })
			.returning()
			.get();
		addRevision(tx, post.id, { body, editorId: user.id }, now);
		recountAnswers(tx, threadId);
		touchThread(tx, threadId, now);
		indexThread(tx, threadId);
		if (question.authorId !== null && question.authorId !== user.id)
			notify(tx, question.authorId, 'forum_answer', {
				threadId,
				postId: post.id,
				title: thread.title,
				authorName: user.displayName
			});
		return post;
	});
}

/**
 * Comments on the question or an answer of a thread (`parentId` must be one of its posts); the
 * author of that post is notified.
 * @throws ForumError `not_found` (parent missing, in another thread, a comment, or hidden from the
 *   user), `locked`, `too_many_links`
 */
export function addComment(
	db: Db,
	user: Named,
	threadId: number,
	parentId: number,
	body: string,
	now = new Date()
): ForumPost {
	const html = renderMarkdown(body);
	return immediate(db, (tx) => {
		const { thread, post: parent } = loadPostInThread(tx, threadId, parentId, user);
		if (parent.kind === 'comment') throw new ForumError('not_found');
		if (thread.lockedAt && !isModerator(user)) throw new ForumError('locked');
		checkLinkLimit(tx, user, html, now);
		const post = tx
			.insert(forumPosts)
			.values({
				threadId,
				kind: 'comment',
				parentId,
				authorId: user.id,
				body,
				html,
				createdAt: now
			})
			.returning()
			.get();
		addRevision(tx, post.id, { body, editorId: user.id }, now);
		touchThread(tx, threadId, now);
		if (parent.authorId !== null && parent.authorId !== user.id)
			notify(tx, parent.authorId, 'forum_comment', {
				threadId,
				postId: post.id,
				title: thread.title,
				authorName: user.displayName,
				on: parent.kind === 'question' ? 'question' : 'answer'
			});
		return post;
	});
}

/** A post as its edit form shows it (title and tags for questions). */
export type EditablePost = {
	post: ForumPost;
	threadTitle: string;
	tags: string[];
};

/**
 * The post `user` wants to edit, if they may: its author within the edit window on an unlocked
 * thread, or a moderator.
 * @throws ForumError `not_found`, `edit_window` (author, window over or thread locked), `forbidden`
 */
export function getEditablePost(
	db: Db,
	user: ForumActor,
	threadId: number,
	postId: number,
	now = new Date()
): EditablePost {
	const { thread, post } = loadPostInThread(db, threadId, postId, user);
	if (!canEditPost(user, post, thread, now)) {
		throw new ForumError(post.authorId === user.id ? 'edit_window' : 'forbidden');
	}
	return {
		post,
		threadTitle: thread.title,
		tags: post.kind === 'question' ? (listThreadTags(db, [threadId]).get(threadId) ?? []) : []
	};
}

export type EditInput = { body: string; title?: string; tags?: string[] };

/**
 * Edits a post, keeping the previous text in its history (a new revision; nothing is written when
 * nothing changed). For a question, the thread's title and tags change with it. A moderator editing
 * someone else's post is audited ("forum.edit") and the author is notified.
 * @returns whether anything changed
 * @throws ForumError as {@link getEditablePost}, plus `bad_tag`, `too_many_tags`, `too_many_links`
 */
export function editPost(
	db: Db,
	user: ForumActor,
	threadId: number,
	postId: number,
	input: EditInput,
	now = new Date()
): boolean {
	const html = renderMarkdown(input.body);
	const isQuestionEdit = input.title !== undefined;
	const tags = isQuestionEdit && input.tags ? validateTags(db, input.tags) : undefined;
	return immediate(db, (tx) => {
		const { post, threadTitle, tags: oldTags } = getEditablePost(tx, user, threadId, postId, now);
		const question = post.kind === 'question';
		const title = question ? (input.title ?? threadTitle) : null;
		const newTags = question ? (tags ?? oldTags) : null;
		const changed =
			post.body !== input.body ||
			(question && (title !== threadTitle || JSON.stringify(newTags) !== JSON.stringify(oldTags)));
		if (!changed) return false;
		checkLinkLimit(tx, user, html, now);
		tx.update(forumPosts)
			.set({ body: input.body, html, editedAt: now, editedById: user.id })
			.where(eq(forumPosts.id, postId))
			.run();
		if (question) {
			tx.update(forumThreads).set({ title: title! }).where(eq(forumThreads.id, threadId)).run();
			tx.delete(forumThreadTags).where(eq(forumThreadTags.threadId, threadId)).run();
			if (newTags!.length)
				tx.insert(forumThreadTags)
					.values(newTags!.map((tag) => ({ threadId, tag })))
					.run();
		}
		addRevision(tx, postId, { title, body: input.body, tags: newTags, editorId: user.id }, now);
		touchThread(tx, threadId, now);
		indexThread(tx, threadId);
		if (post.authorId !== user.id) {
			audit(tx, {
				actorId: user.id,
				action: 'forum.edit',
				targetType: 'forum_post',
				targetId: postId,
				before: { title: question ? threadTitle : undefined, body: post.body, tags: oldTags },
				after: { title: title ?? undefined, body: input.body, tags: newTags ?? undefined }
			});
			if (post.authorId !== null)
				notify(tx, post.authorId, 'forum_moderated', {
					threadId,
					postId,
					title: title ?? threadTitle,
					action: 'edited',
					reason: null
				});
		}
		return true;
	});
}
