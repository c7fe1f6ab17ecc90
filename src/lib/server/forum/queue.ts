import { and, asc, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db';
import {
	forumFlags,
	forumPosts,
	forumThreads,
	users,
	type FlagReason,
	type ForumPost
} from '../db/schema';
import { markdownToText } from '../markdown';
import { excerpt } from './store';

/** A post as the moderation pages show it. */
export type QueuePost = {
	postId: number;
	threadId: number;
	threadTitle: string;
	kind: ForumPost['kind'];
	authorName: string | null;
	excerpt: string;
	hidden: { reason: string | null; at: Date } | null;
	createdAt: Date;
};

export type QueueEntry = QueuePost & {
	flags: Array<{
		reason: FlagReason;
		note: string | null;
		reporterName: string | null;
		createdAt: Date;
	}>;
	/** Time of the oldest open flag (the queue is oldest first). */
	firstFlaggedAt: Date;
};

const author = alias(users, 'author');
const reporter = alias(users, 'reporter');

function postsByIds(db: Db, ids: number[]): Map<number, QueuePost> {
	if (ids.length === 0) return new Map();
	const rows = db
		.select({ post: forumPosts, title: forumThreads.title, authorName: author.displayName })
		.from(forumPosts)
		.innerJoin(forumThreads, eq(forumThreads.id, forumPosts.threadId))
		.leftJoin(author, eq(author.id, forumPosts.authorId))
		.where(inArray(forumPosts.id, ids))
		.all();
	return new Map(
		rows.map((r) => [
			r.post.id,
			{
				postId: r.post.id,
				threadId: r.post.threadId,
				threadTitle: r.title,
				kind: r.post.kind,
				authorName: r.authorName,
				excerpt: excerpt(markdownToText(r.post.body), 280),
				hidden: r.post.hiddenAt ? { reason: r.post.hiddenReason, at: r.post.hiddenAt } : null,
				createdAt: r.post.createdAt
			}
		])
	);
}

/** Posts with open flags, oldest flag first, each with its flags (moderators only: the route checks). */
export function listModerationQueue(db: Db): QueueEntry[] {
	const flags = db
		.select({ flag: forumFlags, reporterName: reporter.displayName })
		.from(forumFlags)
		.leftJoin(reporter, eq(reporter.id, forumFlags.reporterId))
		.where(isNull(forumFlags.resolvedAt))
		.orderBy(asc(forumFlags.createdAt), asc(forumFlags.id))
		.all();
	const posts = postsByIds(db, [...new Set(flags.map((f) => f.flag.postId))]);
	const entries = new Map<number, QueueEntry>();
	for (const { flag, reporterName } of flags) {
		const post = posts.get(flag.postId);
		if (!post) continue;
		const entry = entries.get(flag.postId) ?? {
			...post,
			flags: [],
			firstFlaggedAt: flag.createdAt
		};
		entry.flags.push({
			reason: flag.reason,
			note: flag.note,
			reporterName,
			createdAt: flag.createdAt
		});
		entries.set(flag.postId, entry);
	}
	return [...entries.values()];
}

/** Hidden posts, most recently hidden first (for restoring), at most `limit`. */
export function listHiddenPosts(db: Db, limit = 50): QueuePost[] {
	const ids = db
		.select({ id: forumPosts.id })
		.from(forumPosts)
		.where(isNotNull(forumPosts.hiddenAt))
		.orderBy(desc(forumPosts.hiddenAt))
		.limit(limit)
		.all()
		.map((r) => r.id);
	const posts = postsByIds(db, ids);
	return ids.flatMap((id) => posts.get(id) ?? []);
}

/** Number of posts with open flags (for the moderator's menu). */
export function countFlaggedPosts(db: Db): number {
	return db
		.selectDistinct({ postId: forumFlags.postId })
		.from(forumFlags)
		.where(and(isNull(forumFlags.resolvedAt)))
		.all().length;
}
