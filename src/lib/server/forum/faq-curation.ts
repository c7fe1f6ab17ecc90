import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import { faqEntries, forumPosts, LOCALES, type FaqEntry } from '../db/schema';
import { audit } from '../audit';
import { markdownToText, renderMarkdown } from '../markdown';
import { indexDocuments, removeDocuments } from '../search';
import { hasCjk } from '../search/tokenize';
import { isModerator, type ForumActor } from './access';
import { ForumError } from './errors';
import { getPromotedEntry, pick } from './faq';
import { loadQuestionPost, loadThread } from './store';
import { listThreadTags } from './threads';
import { parseTag } from './tags';

/**
 * Curating the FAQ (instructors): promoting a thread into an entry, editing and removing promoted
 * entries, and keeping their search documents (kind "faq", id "db-<id>") in line. The seeded
 * entries in cases/faq are the content sync's; it never touches these.
 */

/** What an instructor curates: the module and the question and answer in one or both languages. */
export type FaqInput = {
	module: number;
	titleZh: string | null;
	answerZh: string | null;
	titleEn: string | null;
	answerEn: string | null;
};

function rendered(input: FaqInput) {
	return {
		module: input.module,
		titleZh: input.titleZh,
		answerZh: input.answerZh,
		htmlZh: input.answerZh ? renderMarkdown(input.answerZh) : null,
		titleEn: input.titleEn,
		answerEn: input.answerEn,
		htmlEn: input.answerEn ? renderMarkdown(input.answerEn) : null
	};
}

/** (Re)indexes a promoted entry for search, once per locale (with the other language as fallback). */
function indexEntry(db: Db, e: FaqEntry) {
	indexDocuments(
		db,
		LOCALES.map((locale) => {
			const t = pick(e, locale);
			return {
				kind: 'faq',
				id: `db-${e.id}`,
				locale,
				title: t.title,
				body: markdownToText(t.answer),
				url: `/faq/${e.id}`,
				tags: [`module:${e.module}`, 'faq:promoted']
			};
		})
	);
}

/** Re-indexes every promoted entry (after a tokeniser change). @returns how many */
export function reindexPromotedFaq(db: Db): number {
	const all = db.select().from(faqEntries).all();
	for (const e of all) indexEntry(db, e);
	return all.length;
}

const snapshot = (e: FaqEntry) => ({
	module: e.module,
	titleZh: e.titleZh,
	titleEn: e.titleEn,
	answerZh: e.answerZh,
	answerEn: e.answerEn
});

/**
 * Promotes a thread into a new FAQ entry with the curated question and answer (moderators only);
 * audited as "faq.promote". The entry belongs to the database: the content sync never touches it.
 * @throws ForumError `forbidden`, `not_found`
 */
export function promoteThread(
	db: Db,
	user: ForumActor,
	threadId: number,
	input: FaqInput,
	now = new Date()
): FaqEntry {
	if (!isModerator(user)) throw new ForumError('forbidden');
	return immediate(db, (tx) => {
		loadThread(tx, threadId);
		const entry = tx
			.insert(faqEntries)
			.values({
				...rendered(input),
				threadId,
				createdById: user.id,
				updatedById: user.id,
				createdAt: now,
				updatedAt: now
			})
			.returning()
			.get();
		indexEntry(tx, entry);
		audit(tx, {
			actorId: user.id,
			action: 'faq.promote',
			targetType: 'faq_entry',
			targetId: entry.id,
			before: null,
			after: { threadId, ...snapshot(entry) }
		});
		return entry;
	});
}

/**
 * Changes a promoted entry (moderators only); audited as "faq.update".
 * @throws ForumError `forbidden`, `not_found`
 */
export function updateFaqEntry(
	db: Db,
	user: ForumActor,
	id: number,
	input: FaqInput,
	now = new Date()
): FaqEntry {
	if (!isModerator(user)) throw new ForumError('forbidden');
	return immediate(db, (tx) => {
		const before = getPromotedEntry(tx, id);
		if (!before) throw new ForumError('not_found');
		const after = tx
			.update(faqEntries)
			.set({ ...rendered(input), updatedById: user.id, updatedAt: now })
			.where(eq(faqEntries.id, id))
			.returning()
			.get();
		indexEntry(tx, after);
		audit(tx, {
			actorId: user.id,
			action: 'faq.update',
			targetType: 'faq_entry',
			targetId: id,
			before: snapshot(before),
			after: snapshot(after)
		});
		return after;
	});
}

/**
 * Removes a promoted entry (moderators only; its thread stays); audited as "faq.delete".
 * @throws ForumError `forbidden`, `not_found`
 */
export function deleteFaqEntry(db: Db, user: ForumActor, id: number): void {
	if (!isModerator(user)) throw new ForumError('forbidden');
	immediate(db, (tx) => {
		const before = getPromotedEntry(tx, id);
		if (!before) throw new ForumError('not_found');
		tx.delete(faqEntries).where(eq(faqEntries.id, id)).run();
		removeDocuments(tx, 'faq', [`db-${id}`]);
		audit(tx, {
			actorId: user.id,
			action: 'faq.delete',
			targetType: 'faq_entry',
			targetId: id,
			before: snapshot(before),
			after: null
		});
	});
}

/**
 * A first draft of an FAQ entry from a thread, for the instructor to curate: the title as the
 * question, the accepted (else endorsed, else best-scored visible) answer as the answer, in the
 * language slot the text is written in (Chinese if it holds CJK characters), and the module of the
 * thread's first module tag (else 12, discussion and Q&A).
 * @throws ForumError `not_found`
 */
export function promotionDraft(db: Db, threadId: number): FaqInput {
	const thread = loadThread(db, threadId);
	const question = loadQuestionPost(db, threadId);
	const answers = db
		.select()
		.from(forumPosts)
		.where(
			and(
				eq(forumPosts.threadId, threadId),
				eq(forumPosts.kind, 'answer'),
				isNull(forumPosts.hiddenAt)
			)
		)
		.orderBy(desc(forumPosts.score), asc(forumPosts.createdAt))
		.all();
	const answer =
		answers.find((a) => a.id === thread.acceptedAnswerId) ??
		answers.find((a) => a.id === thread.endorsedAnswerId) ??
		answers[0];
	const text = answer?.body ?? '';
	const zh = hasCjk(`${thread.title} ${question.body}`);
	const moduleTag = (listThreadTags(db, [threadId]).get(threadId) ?? [])
		.map((t) => parseTag(t))
		.find((p) => p?.type === 'module');
	const module = moduleTag?.type === 'module' && moduleTag.module !== 11 ? moduleTag.module : 12;
	return {
		module,
		titleZh: zh ? thread.title : null,
		answerZh: zh ? text : null,
		titleEn: zh ? null : thread.title,
		answerEn: zh ? null : text
	};
}
