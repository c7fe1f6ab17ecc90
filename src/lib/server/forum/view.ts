import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import {
	faqEntries,
	forumFlags,
	forumPosts,
	forumRevisions,
	forumThreads,
	forumVotes,
	users,
	type ForumPost
} from '../db/schema';
import { canAccept, canEditPost, canSeePost, isModerator, type ForumActor } from './access';
import { ForumError } from './errors';
import { loadQuestionPost, loadThread } from './store';
import { listThreadTags } from './threads';

export type CommentView = {
	id: number;
	authorId: number | null;
	authorName: string | null;
	html: string;
	hidden: { reason: string | null } | null;
	createdAt: Date;
	edited: boolean;
	canEdit: boolean;
	canFlag: boolean;
	/** Open flags (moderators only; 0 for others). */
	openFlags: number;
};

export type PostView = CommentView & {
	kind: ForumPost['kind'];
	score: number;
	/** The viewer's vote: 1, −1 or 0. */
	myVote: number;
	canVote: boolean;
	comments: CommentView[];
};

export type ThreadView = {
	thread: {
		id: number;
		title: string;
		authorId: number | null;
		locked: boolean;
		pinned: boolean;
		duplicateOf: { id: number; title: string } | null;
		acceptedAnswerId: number | null;
		endorsedAnswerId: number | null;
		createdAt: Date;
		lastActivityAt: Date;
	};
	tags: string[];
	question: PostView;
	/** Accepted first, then endorsed, then by score, then oldest first. */
	answers: PostView[];
	/** What the viewer may do on the thread as a whole. */
	can: { answer: boolean; comment: boolean; accept: boolean; moderate: boolean };
	/** Promoted FAQ entries made from this thread. */
	faqEntryIds: number[];
};

/**
 * Everything the thread page shows to `viewer` (null = visitor): posts they may see (hidden ones
 * only for their author and moderators, marked), their votes, and what they may do.
 * @throws ForumError `not_found` when the thread is missing or its question is hidden from them
 */
export function getThreadView(
	db: Db,
	threadId: number,
	viewer: ForumActor | null,
	now = new Date()
): ThreadView {
	const thread = loadThread(db, threadId);
	const questionPost = loadQuestionPost(db, threadId);
	if (!canSeePost(viewer, questionPost)) throw new ForumError('not_found');
	const moderator = isModerator(viewer);
	const rows = db
		.select({ post: forumPosts, authorName: users.displayName })
		.from(forumPosts)
		.leftJoin(users, eq(users.id, forumPosts.authorId))
		.where(eq(forumPosts.threadId, threadId))
		.orderBy(asc(forumPosts.createdAt), asc(forumPosts.id))
		.all()
		.filter((r) => canSeePost(viewer, r.post));
	const ids = rows.map((r) => r.post.id);
	const myVotes = new Map(
		viewer && ids.length
			? db
					.select({ postId: forumVotes.postId, value: forumVotes.value })
					.from(forumVotes)
					.where(and(eq(forumVotes.userId, viewer.id), inArray(forumVotes.postId, ids)))
					.all()
					.map((v) => [v.postId, v.value])
			: []
	);
	const edited = new Set(
		ids.length
			? db
					.select({ postId: forumRevisions.postId, n: count() })
					.from(forumRevisions)
					.where(inArray(forumRevisions.postId, ids))
					.groupBy(forumRevisions.postId)
					.all()
					.filter((r) => r.n > 1)
					.map((r) => r.postId)
			: []
	);
	const flags = new Map(
		moderator && ids.length
			? db
					.select({ postId: forumFlags.postId, n: count() })
					.from(forumFlags)
					.where(and(inArray(forumFlags.postId, ids), isNull(forumFlags.resolvedAt)))
					.groupBy(forumFlags.postId)
					.all()
					.map((r) => [r.postId, r.n])
			: []
	);
	const locked = thread.lockedAt !== null;
	const open = !locked || moderator;
	const comment = (r: (typeof rows)[number]): CommentView => ({
		id: r.post.id,
		authorId: r.post.authorId,
		authorName: r.authorName,
		html: r.post.html,
		hidden: r.post.hiddenAt ? { reason: r.post.hiddenReason } : null,
		createdAt: r.post.createdAt,
		edited: edited.has(r.post.id),
		canEdit: canEditPost(viewer, r.post, thread, now),
		canFlag: !!viewer && viewer.id !== r.post.authorId && !r.post.hiddenAt,
		openFlags: flags.get(r.post.id) ?? 0
	});
	const post = (r: (typeof rows)[number]): PostView => ({
		...comment(r),
		kind: r.post.kind,
		score: r.post.score,
		myVote: myVotes.get(r.post.id) ?? 0,
		canVote: !!viewer && viewer.id !== r.post.authorId && !r.post.hiddenAt && open,
		comments: rows.filter((c) => c.post.parentId === r.post.id).map(comment)
	});
	const question = rows.find((r) => r.post.kind === 'question')!;
	const rank = (p: PostView) =>
		p.id === thread.acceptedAnswerId ? 0 : p.id === thread.endorsedAnswerId ? 1 : 2;
	const answers = rows
		.filter((r) => r.post.kind === 'answer')
		.map(post)
		.sort(
			(a, b) =>
				rank(a) - rank(b) || b.score - a.score || a.createdAt.getTime() - b.createdAt.getTime()
		);
	const duplicateOf = thread.duplicateOfId
		? (db
				.select({ id: forumThreads.id, title: forumThreads.title })
				.from(forumThreads)
				.where(eq(forumThreads.id, thread.duplicateOfId))
				.get() ?? null)
		: null;
	return {
		thread: {
			id: thread.id,
			title: thread.title,
			authorId: thread.authorId,
			locked,
			pinned: thread.pinnedAt !== null,
			duplicateOf,
			acceptedAnswerId: thread.acceptedAnswerId,
			endorsedAnswerId: thread.endorsedAnswerId,
			createdAt: thread.createdAt,
			lastActivityAt: thread.lastActivityAt
		},
		tags: listThreadTags(db, [threadId]).get(threadId) ?? [],
		question: post(question),
		answers,
		can: {
			answer: !!viewer && open && (thread.duplicateOfId === null || moderator),
			comment: !!viewer && open,
			accept: canAccept(viewer, thread) && open,
			moderate: moderator
		},
		faqEntryIds: db
			.select({ id: faqEntries.id })
			.from(faqEntries)
			.where(eq(faqEntries.threadId, threadId))
			.all()
			.map((r) => r.id)
	};
}
