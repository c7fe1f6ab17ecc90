import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { faqEntries, type FaqEntry, type Locale } from '../db/schema';
import { markdownToText } from '../markdown';
import { getItemPage, listItems } from '../content/items';
import { listModules } from '../content/modules';
import type { FaqMeta } from '../content/kinds/faq';
import { excerpt } from './store';

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
export function pick(e: FaqEntry, locale: Locale) {
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
