import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { contentVersions, type Locale } from '../db/schema';
import { getItemPage, getItemWithMeta, listItems } from '../content/items';
import type { LabKey, LabMeta } from '../content/kinds/lab';

/** A live lab in one language: its page fields and metadata (never its hidden samples). */
export type Lab = {
	id: string;
	slug: string;
	path: string;
	title: string;
	summary: string;
	meta: LabMeta;
};

/** Live labs in `locale`, by module then folder, without their bodies. */
export function listLabs(db: Db, locale: Locale): Lab[] {
	return listItems(db, 'lab', locale).map((i) => ({
		id: i.id,
		slug: i.slug,
		path: i.path,
		title: i.title,
		summary: i.summary,
		meta: i.metadata as LabMeta
	}));
}

/** The live lab at `/labs/<slug>` with its body HTML and current version, or undefined. */
export function getLabPage(
	db: Db,
	slug: string,
	locale: Locale
): (Lab & { html: string; version: number }) | undefined {
	const page = getItemPage(db, 'lab', slug, locale);
	if (!page) return undefined;
	return {
		id: page.id,
		slug: page.slug,
		path: page.path,
		title: page.title,
		summary: page.summary,
		version: page.version,
		html: page.html,
		meta: page.metadata as LabMeta
	};
}

/** A lab by id in `locale`, archived or not (an attempt still names its lab); undefined if unknown. */
export function getLabById(
	db: Db,
	id: string,
	locale: Locale
): (Lab & { version: number; live: boolean }) | undefined {
	const item = getItemWithMeta(db, id, 'lab', locale);
	if (!item) return undefined;
	const { slug, path, version, title, summary, metadata, live } = item;
	return { id, slug, path, version, title, summary, meta: metadata as LabMeta, live };
}

/**
 * The scoring key of lab `itemId` at `version` (hidden samples, answers, rubric structure), read
 * from `content_versions` — server only, never to be sent to a page. Undefined when unknown.
 */
export function getLabKey(db: Db, itemId: string, version: number): LabKey | undefined {
	const row = db
		.select({ scoring: contentVersions.scoring })
		.from(contentVersions)
		.where(and(eq(contentVersions.itemId, itemId), eq(contentVersions.version, version)))
		.get();
	return (row?.scoring as LabKey | null) ?? undefined;
}
