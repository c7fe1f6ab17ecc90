import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import { faqEntries, forumPosts, LOCALES, type FaqEntry, type Locale } from '../db/schema';
import { hasCjk } from '../search/tokenize';
import { audit } from '../audit';
import { markdownToText, renderMarkdown } from '../markdown';
import { indexDocuments, removeDocuments } from '../search';
import { getItemPage, listItems } from '../content/items';
import { listModules } from '../content/modules';
import type { FaqMeta } from '../content/kinds/faq';
import { isModerator, type ForumActor } from './access';
import { ForumError } from './errors';
import { excerpt, loadQuestionPost, loadThread } from './store';
import { listThreadTags } from './threads';
import { parseTag } from './tags';

/**
 * The FAQ: seeded entries (content items of kind "faq", from cases/faq, read-only in the UI) and
 * entries promoted from forum threads (table faq_entries, edited in the UI, never touched by the
 * content sync). Both are search documents of kind "faq"; promoted ones have ids "db-<id>".
 */

export type FaqListEntry = {
	/** Content id ("faq-cost-control") or "db-<id>" for a promoted entry. */
	id: string;
	/** "/faq/<slug>" or "/faq/<id>". */
	path: string;
	title: string;
	/** Short answer (the module-12 table's second column). */
	summary: string;
	module: number;
	promoted: boolean;
	/** Language of the text shown (a promoted entry may exist in one language only). */
	lang: Locale;
};

/** The text of a promoted entry in `locale`, or in the other language when that one is empty. */
function pick(e: FaqEntry, locale: Locale) {
	const zh =
		e.titleZh && e.answerZh
			? { title: e.titleZh, answer: e.answerZh, html: e.htmlZh ?? '', lang: 'zh-CN' as const }
			: null;
	const en =
		e.titleEn && e.answerEn
			? { title: e.titleEn, answer: e.answerEn, html: e.htmlEn ?? '', lang: 'en' as const }
			: null;
	return (locale === 'en' ? (en ?? zh) : (zh ?? en))!;
}

function promotedEntry(e: FaqEntry, locale: Locale): FaqListEntry {
	const t = pick(e, locale);
	return {
		id: `db-${e.id}`,
		path: `/faq/${e.id}`,
		title: t.title,
		summary: excerpt(markdownToText(t.answer), 160),
		module: e.module,
		promoted: true,
		lang: t.lang
	};
}

/** Every FAQ entry in `locale`: by module, seeded entries in their order, then promoted ones. */
export function listFaq(db: Db, locale: Locale): FaqListEntry[] {
	const seeded = listItems(db, 'faq', locale).map((i) => ({
		id: i.id,
		path: i.path,
		title: i.title,
		summary: i.summary,
		module: (i.metadata as FaqMeta).module,
		promoted: false,
		lang: locale
	}));
	const promoted = db
		.select()
		.from(faqEntries)
		.orderBy(asc(faqEntries.createdAt), asc(faqEntries.id))
		.all()
		.map((e) => promotedEntry(e, locale));
	return [...seeded, ...promoted].sort(
		(a, b) => a.module - b.module || Number(a.promoted) - Number(b.promoted)
	);
}

/** FAQ entries grouped by module, with each module's title and page (modules without entries left out). */
export function listFaqGroups(db: Db, locale: Locale) {
	const modules = new Map(listModules(db, locale).map((m) => [m.number, m]));
	const groups = new Map<number, FaqListEntry[]>();
	for (const e of listFaq(db, locale)) groups.set(e.module, [...(groups.get(e.module) ?? []), e]);
	return [...groups].map(([module, entries]) => ({
		module,
		moduleTitle: modules.get(module)?.title ?? null,
		modulePath: modules.get(module)?.path ?? null,
		entries
	}));
}

export type FaqPage = FaqListEntry & {
	html: string;
	/** Seeded: the file's review date (YYYY-MM-DD). */
	lastReviewed: string | null;
	/** Promoted: the thread it came from (null when the thread is gone) and when it was last edited. */
	threadId: number | null;
	updatedAt: Date | null;
	cases: string[];
};

/** An FAQ entry by URL slug: a seeded entry's slug, or a promoted entry's number. */
export function getFaqPage(db: Db, slug: string, locale: Locale): FaqPage | undefined {
	if (/^\d+$/.test(slug)) {
		const e = getPromotedEntry(db, Number(slug));
		if (!e) return undefined;
		return {
			...promotedEntry(e, locale),
			html: pick(e, locale).html,
			lastReviewed: null,
			threadId: e.threadId,
			updatedAt: e.updatedAt,
			cases: []
		};
	}
	const page = getItemPage(db, 'faq', slug, locale);
	if (!page) return undefined;
	const meta = page.metadata as FaqMeta;
	return {
		id: page.id,
		path: page.path,
		title: page.title,
		summary: page.summary,
		module: meta.module,
		promoted: false,
		lang: locale,
		html: page.html,
		lastReviewed: meta.lastReviewed,
		threadId: null,
		updatedAt: null,
		cases: meta.cases
	};
}

/** A promoted entry by id, or undefined. */
export function getPromotedEntry(db: Db, id: number): FaqEntry | undefined {
	if (!Number.isSafeInteger(id)) return undefined;
	return db.select().from(faqEntries).where(eq(faqEntries.id, id)).get();
}

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
