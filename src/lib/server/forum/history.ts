import { asc, eq } from 'drizzle-orm';
import { diffWords } from 'diff';
import type { Db } from '../db';
import { forumRevisions, users, type ForumPost } from '../db/schema';
import type { ForumActor } from './access';
import { loadPostInThread } from './store';

/** A piece of a diff: kept, added or removed text (shown as plain text, never as HTML). */
export type DiffPart = { text: string; op: 'same' | 'add' | 'del' };

/** One version of a post and what changed since the previous one. */
export type RevisionView = {
	number: number;
	editorName: string | null;
	createdAt: Date;
	/** Title diff (questions), or null when the title did not change / there is none. */
	title: DiffPart[] | null;
	/** Body diff against the previous version (for version 1: the whole text as "same"). */
	body: DiffPart[];
	/** Tags added and removed (questions). */
	tags: { added: string[]; removed: string[] } | null;
};

// A word segmenter that knows Chinese words, so a diff of Chinese text is not one huge change.
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * Word-level diff of two texts (jsdiff's diffWords with an Intl.Segmenter, so Chinese and English
 * are both split into words); whitespace changes are kept in the parts.
 */
export function diffText(before: string, after: string): DiffPart[] {
	return diffWords(before, after, { intlSegmenter: segmenter }).map((c) => ({
		text: c.value,
		op: c.added ? 'add' : c.removed ? 'del' : 'same'
	}));
}

/**
 * The edit history of a post that `viewer` may see (newest first), each version with its diff
 * against the one before.
 * @throws ForumError `not_found` when the post is missing, in another thread or hidden from viewer
 */
export function listRevisions(
	db: Db,
	viewer: ForumActor | null,
	threadId: number,
	postId: number
): { post: ForumPost; threadTitle: string; revisions: RevisionView[] } {
	const { thread, post } = loadPostInThread(db, threadId, postId, viewer);
	const rows = db
		.select({ rev: forumRevisions, editorName: users.displayName })
		.from(forumRevisions)
		.leftJoin(users, eq(users.id, forumRevisions.editorId))
		.where(eq(forumRevisions.postId, postId))
		.orderBy(asc(forumRevisions.number))
		.all();
	const revisions = rows.map(({ rev, editorName }, i): RevisionView => {
		const prev = i > 0 ? rows[i - 1].rev : null;
		const oldTags = prev?.tags ?? [];
		const newTags = rev.tags ?? [];
		return {
			number: rev.number,
			editorName,
			createdAt: rev.createdAt,
			title:
				rev.title !== null && (!prev || prev.title !== rev.title)
					? prev
						? diffText(prev.title ?? '', rev.title)
						: [{ text: rev.title, op: 'same' }]
					: null,
			body: prev ? diffText(prev.body, rev.body) : [{ text: rev.body, op: 'same' }],
			tags:
				prev && rev.tags
					? {
							added: newTags.filter((t) => !oldTags.includes(t)),
							removed: oldTags.filter((t) => !newTags.includes(t))
						}
					: null
		};
	});
	return { post, threadTitle: thread.title, revisions: revisions.reverse() };
}
