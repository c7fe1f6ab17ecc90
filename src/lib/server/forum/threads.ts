import {
	and,
	count,
	desc,
	eq,
	gt,
	inArray,
	isNotNull,
	isNull,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import { immediate, type Db } from '../db';
import { cachedRead, invalidateReads } from '../db/read-cache';
import { forumPosts, forumThreads, forumThreadTags, users, type ForumThread } from '../db/schema';
import { renderMarkdown } from '../markdown';
import { isModerator, type ForumActor } from './access';
import { checkLinkLimit } from './limits';
import { indexThread } from './search-index';
import { addRevision } from './store';
import { validateTags } from './tags';

/** What a learner writes when asking. `tags` are raw (validated here). */
export type AskInput = { title: string; body: string; tags: string[] };

/**
 * Creates a thread: its question post (Markdown rendered by the one sanitising renderer), its tags
 * (validated and completed, see ./tags.ts) and revision 1; indexes it for search. Rate limits are
 * the caller's (route) business, the new-account link limit is checked here.
 * @throws ForumError `bad_tag`, `too_many_tags`, `too_many_links`
 */
export function createThread(
	db: Db,
	user: ForumActor,
	input: AskInput,
	now = new Date()
): ForumThread {
	const tags = validateTags(db, input.tags);
	const html = renderMarkdown(input.body);
	checkLinkLimit(db, user, html, now);
	return immediate(db, (tx) => {
		const thread = tx
			.insert(forumThreads)
			.values({ title: input.title, authorId: user.id, createdAt: now, lastActivityAt: now })
			.returning()
			.get();
		changedQuestionCount(tx);
		const post = tx
			.insert(forumPosts)
			.values({
				threadId: thread.id,
				kind: 'question',
				authorId: user.id,
				body: input.body,
				html,
				createdAt: now
			})
			.returning()
			.get();
		if (tags.length)
			tx.insert(forumThreadTags)
				.values(tags.map((tag) => ({ threadId: thread.id, tag })))
				.run();
		addRevision(
			tx,
			post.id,
			{ title: input.title, body: input.body, tags, editorId: user.id },
			now
		);
		indexThread(tx, thread.id);
		return thread;
	});
}

export const THREAD_SORTS = ['newest', 'active', 'votes', 'unanswered'] as const;
export type ThreadSort = (typeof THREAD_SORTS)[number];
export const ANSWERED_FILTERS = ['answered', 'unanswered', 'accepted'] as const;
export type AnsweredFilter = (typeof ANSWERED_FILTERS)[number];

export type ThreadListOptions = {
	sort?: ThreadSort;
	/** Threads carrying every one of these tags. */
	tags?: string[];
	answered?: AnsweredFilter;
	/** Only this author's threads. */
	authorId?: number;
	page?: number;
	pageSize?: number;
};

export type ThreadListItem = {
	id: number;
	title: string;
	authorName: string | null;
	score: number;
	answerCount: number;
	accepted: boolean;
	endorsed: boolean;
	pinned: boolean;
	locked: boolean;
	duplicate: boolean;
	hidden: boolean;
	tags: string[];
	createdAt: Date;
	lastActivityAt: Date;
};

/** Read-cache scope (../db/read-cache.ts) of the question list's unfiltered counts. */
const QUESTION_COUNT_READS = 'forum-question-count';

/** Call when a question appears, disappears or changes visibility: the cached counts are dropped. */
export function changedQuestionCount(db: Db): void {
	invalidateReads(db, QUESTION_COUNT_READS);
}

/**
 * One page of threads for `viewer`. Hidden questions are listed only for moderators and their own
 * author. Sorts: newest (created), active (last answer, comment or edit), votes (question score),
 * unanswered (threads without a visible answer first, then newest); pinned threads lead the newest
 * and active sorts. `page` is 1-based; `pageSize` defaults to 20 (at most 100).
 */
export function listThreads(
	db: Db,
	viewer: ForumActor | null,
	opts: ThreadListOptions = {}
): { rows: ThreadListItem[]; total: number } {
	const pageSize = Math.min(Math.max(opts.pageSize ?? 20, 1), 100);
	const page = Math.max(1, opts.page ?? 1);
	const sort = opts.sort ?? 'newest';
	const visible: SQL | undefined = isModerator(viewer)
		? undefined
		: viewer
			? or(isNull(forumPosts.hiddenAt), eq(forumPosts.authorId, viewer.id))
			: isNull(forumPosts.hiddenAt);
	const where = and(
		visible,
		...(opts.tags ?? []).map(
			(t) =>
				sql`exists (select 1 from ${forumThreadTags} where ${forumThreadTags.threadId} = ${forumThreads.id} and ${forumThreadTags.tag} = ${t})`
		),
		opts.answered === 'answered' ? gt(forumThreads.answerCount, 0) : undefined,
		opts.answered === 'unanswered' ? eq(forumThreads.answerCount, 0) : undefined,
		opts.answered === 'accepted' ? isNotNull(forumThreads.acceptedAnswerId) : undefined,
		opts.authorId !== undefined ? eq(forumThreads.authorId, opts.authorId) : undefined
	);
	// Every sort is all-descending so SQLite walks one index backwards (0013_forum_list_indexes) and
	// stops after the page, instead of sorting every thread: pinned first, then the sort key, then
	// the id. "votes" walks the question posts' score index; the others walk a threads index and
	// look each question post up in a covering index (visibility, score) — hence the CROSS JOIN,
	// which keeps SQLite from choosing the posts as the outer loop.
	const pinned = sql`(${forumThreads.pinnedAt} is not null)`;
	const order = {
		newest: [desc(pinned), desc(forumThreads.createdAt), desc(forumThreads.id)],
		active: [desc(pinned), desc(forumThreads.lastActivityAt), desc(forumThreads.id)],
		votes: [desc(forumPosts.score), desc(forumPosts.createdAt), desc(forumPosts.threadId)],
		unanswered: [
			desc(sql`(${forumThreads.answerCount} = 0)`),
			desc(forumThreads.createdAt),
			desc(forumThreads.id)
		]
	}[sort];
	const isQuestion = and(eq(forumPosts.threadId, forumThreads.id), eq(forumPosts.kind, 'question'));
	const columns = {
		id: forumThreads.id,
		title: forumThreads.title,
		authorName: users.displayName,
		score: forumPosts.score,
		answerCount: forumThreads.answerCount,
		acceptedAnswerId: forumThreads.acceptedAnswerId,
		endorsedAnswerId: forumThreads.endorsedAnswerId,
		pinnedAt: forumThreads.pinnedAt,
		lockedAt: forumThreads.lockedAt,
		duplicateOfId: forumThreads.duplicateOfId,
		hiddenAt: forumPosts.hiddenAt,
		createdAt: forumThreads.createdAt,
		lastActivityAt: forumThreads.lastActivityAt
	};
	const joined =
		sort === 'votes'
			? db.select(columns).from(forumPosts).crossJoin(forumThreads)
			: db.select(columns).from(forumThreads).crossJoin(forumPosts);
	const rows = joined
		.leftJoin(users, eq(users.id, forumThreads.authorId))
		.where(and(isQuestion, where))
		.orderBy(...order)
		.limit(pageSize)
		.offset((page - 1) * pageSize)
		.all();
	// Without a thread-level filter the count needs only the question posts' covering index (every
	// question post has its thread: foreign key, cascading delete), and is cached per kind of viewer
	// until a question is asked, hidden or restored.
	const threadFilter =
		(opts.tags?.length ?? 0) > 0 || !!opts.answered || opts.authorId !== undefined;
	const total = threadFilter
		? (db
				.select({ n: count() })
				.from(forumThreads)
				.innerJoin(forumPosts, isQuestion)
				.where(where)
				.get()?.n ?? 0)
		: cachedRead(
				db,
				QUESTION_COUNT_READS,
				isModerator(viewer) ? 'all' : viewer ? `visible+${viewer.id}` : 'visible',
				() =>
					db
						.select({ n: count() })
						.from(forumPosts)
						.where(and(eq(forumPosts.kind, 'question'), visible))
						.get()?.n ?? 0
			);
	const tags = listThreadTags(
		db,
		rows.map((r) => r.id)
	);
	return {
		total,
		rows: rows.map((r) => ({
			id: r.id,
			title: r.title,
			authorName: r.authorName,
			score: r.score,
			answerCount: r.answerCount,
			accepted: r.acceptedAnswerId !== null,
			endorsed: r.endorsedAnswerId !== null,
			pinned: r.pinnedAt !== null,
			locked: r.lockedAt !== null,
			duplicate: r.duplicateOfId !== null,
			hidden: r.hiddenAt !== null,
			tags: tags.get(r.id) ?? [],
			createdAt: r.createdAt,
			lastActivityAt: r.lastActivityAt
		}))
	};
}

/** Tags of the given threads, in insertion order. */
export function listThreadTags(db: Db, threadIds: number[]): Map<number, string[]> {
	const out = new Map<number, string[]>();
	if (threadIds.length === 0) return out;
	const rows = db
		.select()
		.from(forumThreadTags)
		.where(inArray(forumThreadTags.threadId, threadIds))
		.orderBy(sql`rowid`)
		.all();
	for (const r of rows) out.set(r.threadId, [...(out.get(r.threadId) ?? []), r.tag]);
	return out;
}
