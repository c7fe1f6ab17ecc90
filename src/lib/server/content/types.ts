import type { z } from 'zod';

/** The content languages, base first. Every item exists in each of them. */
export const CONTENT_LOCALES = ['zh-CN', 'en'] as const;
export type ContentLocale = (typeof CONTENT_LOCALES)[number];

/** One finding of the content check: `file` is relative to the content folder's parent (e.g. "cases/…"). */
export type Problem = {
	level: 'error' | 'warning';
	file: string;
	/** Dotted path of the field ("keyPoints.2", "body", "references"), when one is at fault. */
	field?: string;
	message: string;
};

/** One language file of an item, parsed. `data` has passed the kind's schema. */
export type ParsedFile<T> = {
	/** Path shown in messages, e.g. "cases/modules/03-interfaces/en.md". */
	file: string;
	locale: ContentLocale;
	raw: string;
	data: T;
	/** Markdown body after the front matter ("" for YAML items). */
	body: string;
	/**
	 * Raw text of the item's extra files that exist (the kind's `extraFiles`, e.g. a lab's
	 * `samples.yaml`), by file name; the same for every language file of the item.
	 */
	extras?: Record<string, string>;
};

/** What a kind's renderer produces for one language; stored in `content_locales`. */
export type RenderedLocale = {
	title: string;
	summary: string;
	/** Sanitised HTML of the main body. */
	html: string;
	/** Kind-specific JSON (pre-rendered fragments, lists, numbers) read by the kind's pages. */
	metadata: Record<string, unknown>;
	/** Plain text indexed for search (original words, no markup). */
	searchText: string;
};

/**
 * A kind of content item (module, case, page; later quiz, exercise, lab, faq). Adding a kind is
 * adding one of these to `kinds/index.ts`: the loader, `npm run cases:check`, the sync, the search
 * index and tag-driven links then handle it.
 */
export interface ContentKind<T extends { id: string } = { id: string }> {
	/** Stored in `content_items.kind`, used in links "kind:id" and in tags. */
	kind: string;
	/** Folder under `cases/`, e.g. "case-studies". */
	folder: string;
	/** `md`: YAML front matter + Markdown body; `yaml`: one YAML document. */
	format: 'md' | 'yaml';
	/**
	 * Other files an item folder may hold, read by the kind's own feature (e.g. an exercise's
	 * `eval.yaml`); the loader leaves them alone instead of warning that they are ignored.
	 */
	extraFiles?: string[];
	/** Schema of the front matter (md) or the whole document (yaml), for one language. */
	schema: z.ZodType<T>;
	/** URL slug from the item's folder name ("03-interfaces" → "interfaces"). */
	slug(folder: string): string;
	/** Site path of the item's page, without locale ("/cases/x"). */
	path(slug: string, data: T): string;
	/** Sort order within the kind (compared as strings). */
	sortKey(data: T, slug: string): string;
	/**
	 * Fields that must be equal in both languages (numbers, ids, tags, option correctness, points…).
	 * Compared as JSON; a difference names the field.
	 */
	parity(data: T): unknown;
	/** Extra per-file rules (required sections…), reported against `file`. */
	check?(file: ParsedFile<T>): Array<{ field?: string; message: string }>;
	/**
	 * The scoring-relevant part (correct options, criteria, levels, points), from the base-language
	 * file. A change makes a new version; other edits update the item in place. `null` when the kind
	 * is never scored (it then stays at version 1).
	 */
	scoring(base: ParsedFile<T>): unknown;
	/** Tags used for data-driven links: "module:3", "case:case-x", "industry:banking"… */
	tags(data: T): string[];
	/** Items this one links to, as "kind:id" (checked to exist when the kind is known). */
	links?(data: T): string[];
	/** Renders one language (at sync time; never per request). */
	render(file: ParsedFile<T>): RenderedLocale;
}

/** An item whose files all parsed, validated and matched across languages. */
export type LoadedItem = {
	kind: ContentKind;
	id: string;
	slug: string;
	/** Folder relative to the content root, e.g. "case-studies/banking". */
	sourceDir: string;
	/** SHA-256 of the kind and every language file (and the renderer version). */
	contentHash: string;
	files: Record<ContentLocale, ParsedFile<{ id: string }>>;
};
