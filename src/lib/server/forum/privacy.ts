import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { forumFlags, forumPosts, forumThreads, forumVotes, type User } from '../db/schema';
import { m } from '../../paraglide/messages';
import { formatDateTime } from '../../format';
import { md, registerExportSource, safeFileName, type ExportContext } from '../privacy/export';
import { registerDeletionHook } from '../privacy/deletion';
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

/**
 * The forum's part of "download my data": every post the user wrote, as JSON and as one Markdown
 * file per post (the Markdown as written), listed in `forum.md`. Null when they posted nothing.
 */
export function forumExportPart(db: Db, user: User, ctx: ExportContext) {
	const posts = listPostsForExport(db, user.id);
	if (posts.length === 0) return null;
	const opt = { locale: ctx.locale };
	const kind = (k: ForumExport[number]['kind']) =>
		({ question: m.forum_question, answer: m.forum_answer, comment: m.forum_comment })[k]({}, opt);
	const name = (p: ForumExport[number]) => safeFileName(`${p.id}-${p.kind}.md`);
	const files = Object.fromEntries(
		posts.map((p) => [
			name(p),
			[
				`# ${md(p.threadTitle)}`,
				'',
				`${kind(p.kind)} · ${formatDateTime(new Date(p.createdAt), ctx.locale, ctx.timeZone)}`,
				'',
				p.body,
				''
			].join('\n')
		])
	);
	return {
		title: m.forum_export_title({}, opt),
		json: posts,
		markdown: [
			`# ${m.forum_export_title({}, opt)}`,
			'',
			m.forum_export_note({}, opt),
			'',
			...posts.map(
				(p) =>
					`- [${kind(p.kind)} · ${md(p.threadTitle)} · ${formatDateTime(new Date(p.createdAt), ctx.locale, ctx.timeZone)}](forum/${name(p)})`
			)
		].join('\n'),
		files
	};
}

let registered = false;

/**
 * Plugs the forum into data protection (src/lib/server/privacy): the "forum" export source, and the
 * deletion hook that keeps posts under an anonymous name. Idempotent.
 */
export function registerForumPrivacy(): void {
	if (registered) return;
	registered = true;
	registerExportSource('forum', forumExportPart);
	registerDeletionHook('forum', (tx, user) => anonymiseForumAuthor(tx, user.id));
}
