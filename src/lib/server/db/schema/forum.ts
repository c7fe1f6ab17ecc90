import { sql } from 'drizzle-orm';
import {
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex,
	type AnySQLiteColumn
} from 'drizzle-orm/sqlite-core';
import { users } from './auth';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;
const ms = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const POST_KINDS = ['question', 'answer', 'comment'] as const;
export type PostKind = (typeof POST_KINDS)[number];

/** Why a post was flagged (the reporter may add a note). */
export const FLAG_REASONS = ['spam', 'abuse', 'secret', 'personal', 'solution', 'other'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

/**
 * A Q&A thread: its title and thread-wide state. The question text itself is the thread's post of
 * kind "question" (forum_posts), so votes, flags, hiding and edit history work the same for every
 * post. Authors are kept as `null` when their account is deleted (shown as an anonymous name).
 */
export const forumThreads = sqliteTable(
	'forum_threads',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		title: text('title').notNull(),
		authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
		lockedAt: ms('locked_at'),
		pinnedAt: ms('pinned_at'),
		/** Closed as a duplicate of this thread (no new answers). */
		duplicateOfId: integer('duplicate_of_id').references((): AnySQLiteColumn => forumThreads.id, {
			onDelete: 'set null'
		}),
		acceptedAnswerId: integer('accepted_answer_id'),
		endorsedAnswerId: integer('endorsed_answer_id'),
		/** Answers that are not hidden (kept by the write functions; "unanswered" = 0). */
		answerCount: integer('answer_count').notNull().default(0),
		createdAt: ms('created_at').notNull().default(now),
		/** Last answer, comment or edit: the "active" sort. */
		lastActivityAt: ms('last_activity_at').notNull().default(now)
	},
	(t) => [
		index('forum_threads_created_idx').on(t.createdAt),
		index('forum_threads_activity_idx').on(t.lastActivityAt),
		index('forum_threads_author_idx').on(t.authorId),
		// The question list's sorts (forum/threads.ts `listThreads`), walked backwards so a page is
		// read in order without sorting every thread; the row id (thread id) ends each index.
		index('forum_threads_newest_idx').on(sql`(pinned_at is not null)`, t.createdAt),
		index('forum_threads_active_idx').on(sql`(pinned_at is not null)`, t.lastActivityAt),
		index('forum_threads_unanswered_idx').on(sql`(answer_count = 0)`, t.createdAt)
	]
);

/** A question, answer or comment. Comments hang off a question or an answer (`parentId`). */
export const forumPosts = sqliteTable(
	'forum_posts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		threadId: integer('thread_id')
			.notNull()
			.references(() => forumThreads.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: POST_KINDS }).notNull(),
		parentId: integer('parent_id').references((): AnySQLiteColumn => forumPosts.id, {
			onDelete: 'cascade'
		}),
		authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
		/** Markdown as written. */
		body: text('body').notNull(),
		/** `body` rendered by the one sanitising renderer (user profile) when written. */
		html: text('html').notNull(),
		/** Sum of votes (+1 / −1), kept by the vote functions. */
		score: integer('score').notNull().default(0),
		hiddenAt: ms('hidden_at'),
		hiddenById: integer('hidden_by_id').references(() => users.id, { onDelete: 'set null' }),
		hiddenReason: text('hidden_reason'),
		createdAt: ms('created_at').notNull().default(now),
		editedAt: ms('edited_at'),
		editedById: integer('edited_by_id').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [
		index('forum_posts_thread_idx').on(t.threadId, t.kind),
		index('forum_posts_parent_idx').on(t.parentId),
		index('forum_posts_author_idx').on(t.authorId),
		uniqueIndex('forum_posts_one_question_idx')
			.on(t.threadId)
			.where(sql`${t.kind} = 'question'`),
		// Question posts only: what the question list needs of them (visibility, score) without
		// reading the posts' bodies; and the "votes" sort.
		index('forum_posts_question_list_idx')
			.on(t.threadId, t.hiddenAt, t.authorId, t.score)
			.where(sql`${t.kind} = 'question'`),
		index('forum_posts_question_votes_idx')
			.on(t.score, t.createdAt, t.threadId)
			.where(sql`${t.kind} = 'question'`)
	]
);

/** Tags of a thread: "module:5", "case:<case id>", "case:<case id>:<question id>", free tags. */
export const forumThreadTags = sqliteTable(
	'forum_thread_tags',
	{
		threadId: integer('thread_id')
			.notNull()
			.references(() => forumThreads.id, { onDelete: 'cascade' }),
		tag: text('tag').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.threadId, t.tag] }),
		index('forum_thread_tags_tag_idx').on(t.tag)
	]
);

/** One vote per user per post: +1 or −1. */
export const forumVotes = sqliteTable(
	'forum_votes',
	{
		postId: integer('post_id')
			.notNull()
			.references(() => forumPosts.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		value: integer('value').notNull(),
		createdAt: ms('created_at').notNull().default(now)
	},
	(t) => [primaryKey({ columns: [t.postId, t.userId] }), index('forum_votes_user_idx').on(t.userId)]
);

/** Every version of a post, the first included (number 1), for the history and its diffs. */
export const forumRevisions = sqliteTable(
	'forum_revisions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		postId: integer('post_id')
			.notNull()
			.references(() => forumPosts.id, { onDelete: 'cascade' }),
		number: integer('number').notNull(),
		/** Thread title at this version (questions only). */
		title: text('title'),
		body: text('body').notNull(),
		/** Thread tags at this version (questions only). */
		tags: text('tags', { mode: 'json' }).$type<string[]>(),
		editorId: integer('editor_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: ms('created_at').notNull().default(now)
	},
	(t) => [uniqueIndex('forum_revisions_post_number_idx').on(t.postId, t.number)]
);

/** A report of a post for moderation; open until an instructor resolves it. */
export const forumFlags = sqliteTable(
	'forum_flags',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		postId: integer('post_id')
			.notNull()
			.references(() => forumPosts.id, { onDelete: 'cascade' }),
		reporterId: integer('reporter_id').references(() => users.id, { onDelete: 'set null' }),
		reason: text('reason', { enum: FLAG_REASONS }).notNull(),
		note: text('note'),
		createdAt: ms('created_at').notNull().default(now),
		resolvedAt: ms('resolved_at'),
		resolvedById: integer('resolved_by_id').references(() => users.id, { onDelete: 'set null' }),
		/** "hidden" (the post was hidden) or "dismissed". */
		resolution: text('resolution', { enum: ['hidden', 'dismissed'] })
	},
	(t) => [
		index('forum_flags_open_idx').on(t.resolvedAt, t.createdAt),
		uniqueIndex('forum_flags_one_open_idx')
			.on(t.postId, t.reporterId)
			.where(sql`${t.resolvedAt} is null`)
	]
);

/**
 * FAQ entries promoted from a thread by an instructor. They belong to the database (edited in the
 * UI); the seeded entries in cases/faq are content items and the content sync never touches these.
 * Each language is optional, but at least one is complete (title + answer).
 */
export const faqEntries = sqliteTable(
	'faq_entries',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		threadId: integer('thread_id').references(() => forumThreads.id, { onDelete: 'set null' }),
		module: integer('module').notNull(),
		titleZh: text('title_zh'),
		answerZh: text('answer_zh'),
		htmlZh: text('html_zh'),
		titleEn: text('title_en'),
		answerEn: text('answer_en'),
		htmlEn: text('html_en'),
		createdById: integer('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		updatedById: integer('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: ms('created_at').notNull().default(now),
		updatedAt: ms('updated_at').notNull().default(now)
	},
	(t) => [index('faq_entries_module_idx').on(t.module)]
);

export type ForumThread = typeof forumThreads.$inferSelect;
export type ForumPost = typeof forumPosts.$inferSelect;
export type ForumRevision = typeof forumRevisions.$inferSelect;
export type ForumFlag = typeof forumFlags.$inferSelect;
export type FaqEntry = typeof faqEntries.$inferSelect;
