import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import { invalidateReads } from '../db/read-cache';
import {
	contentItems,
	contentLocales,
	contentTags,
	contentVersions,
	type ContentItem
} from '../db/schema';
import { indexDocuments, removeDocuments } from '../search';
import { CONTENT_KINDS } from './kinds';
import { CONTENT_READS } from './items';
import { loadContent } from './load';
import { CONTENT_LOCALES, type ContentKind, type LoadedItem, type Problem } from './types';

export type SyncReport = {
	added: string[];
	/** Changed in place (same version). */
	updated: string[];
	/** Given a new version because their scoring-relevant fields changed. */
	versioned: string[];
	unchanged: number;
	archived: string[];
	/** Archived items that are back in `cases/`. */
	restored: string[];
	/** Files that were skipped (their last good version, if any, stays live). */
	problems: Problem[];
};

/** JSON with sorted object keys, so equal data always hashes the same. */
export function stableJson(value: unknown): string {
	return JSON.stringify(value, (_k, v) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: v
	);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function writeItem(tx: Db, item: LoadedItem, existing: ContentItem | undefined, now: Date) {
	const kind = item.kind;
	const base = item.files[CONTENT_LOCALES[0]];
	const scoring = kind.scoring(base) ?? null;
	const scoringHash = sha256(stableJson(scoring));
	const newVersion = !existing || existing.scoringHash !== scoringHash;
	const version = !existing ? 1 : newVersion ? existing.version + 1 : existing.version;
	const row = {
		kind: kind.kind,
		slug: item.slug,
		path: kind.path(item.slug, base.data),
		sourceDir: item.sourceDir,
		sortKey: kind.sortKey(base.data, item.slug),
		contentHash: item.contentHash,
		scoringHash,
		version,
		archivedAt: null,
		updatedAt: now
	};
	if (existing) tx.update(contentItems).set(row).where(eq(contentItems.id, item.id)).run();
	else
		tx.insert(contentItems)
			.values({ id: item.id, ...row, createdAt: now })
			.run();
	if (newVersion) {
		tx.insert(contentVersions)
			.values({
				itemId: item.id,
				version,
				scoringHash,
				scoring,
				contentHash: item.contentHash,
				createdAt: now
			})
			.run();
	}

	tx.delete(contentTags).where(eq(contentTags.itemId, item.id)).run();
	const tags = [...new Set(kind.tags(base.data))];
	if (tags.length)
		tx.insert(contentTags)
			.values(tags.map((tag) => ({ itemId: item.id, tag })))
			.run();

	for (const locale of CONTENT_LOCALES) {
		const r = kind.render(item.files[locale]);
		const values = { title: r.title, summary: r.summary, html: r.html, metadata: r.metadata };
		tx.insert(contentLocales)
			.values({ itemId: item.id, locale, ...values })
			.onConflictDoUpdate({ target: [contentLocales.itemId, contentLocales.locale], set: values })
			.run();
		indexDocuments(tx, [
			{
				kind: kind.kind,
				id: item.id,
				locale,
				title: r.title,
				body: r.searchText,
				url: row.path,
				tags
			}
		]);
	}
	return { newVersion };
}

/**
 * Brings the database in line with the files under `dir` (normally CONTENT_DIR = ./cases), in one
 * immediate transaction. Idempotent: an item whose content hash is unchanged is not touched.
 * - new item → inserted at version 1; changed item → re-rendered in place, and a new version row
 *   only when its kind's scoring-relevant fields changed;
 * - an item whose folder failed a check → reported in `problems` and skipped; what the database
 *   holds (its last good version) stays live;
 * - an item no longer in `cases/` → archived (hidden from lists and search, never deleted);
 *   it comes back if its folder returns.
 * When `dir` itself is missing, nothing is archived. Never throws for bad content.
 */
export function syncContent(
	db: Db,
	dir: string,
	opts: { kinds?: ContentKind[]; now?: Date } = {}
): SyncReport {
	const kinds = opts.kinds ?? CONTENT_KINDS;
	const now = opts.now ?? new Date();
	const load = loadContent(dir, kinds);
	const report: SyncReport = {
		added: [],
		updated: [],
		versioned: [],
		unchanged: 0,
		archived: [],
		restored: [],
		problems: load.problems
	};
	try {
		immediate(db, (tx) => syncInTransaction(tx, load, kinds, now, report));
	} finally {
		invalidateReads(db, CONTENT_READS);
	}
	return report;
}

function syncInTransaction(
	tx: Db,
	load: ReturnType<typeof loadContent>,
	kinds: ContentKind[],
	now: Date,
	report: SyncReport
): void {
	const existing = new Map(
		tx
			.select()
			.from(contentItems)
			.where(
				inArray(
					contentItems.kind,
					kinds.map((k) => k.kind)
				)
			)
			.all()
			.map((r) => [r.id, r])
	);
	const present = new Set(load.items.map((i) => i.id));
	// Archive first, so a new item may take over the slug of one that left.
	if (load.rootExists) {
		for (const row of existing.values()) {
			if (row.archivedAt || present.has(row.id) || load.brokenDirs.has(row.sourceDir)) continue;
			tx.update(contentItems)
				.set({ archivedAt: now, updatedAt: now })
				.where(eq(contentItems.id, row.id))
				.run();
			removeDocuments(tx, row.kind, [row.id]);
			report.archived.push(row.id);
		}
	}
	for (const item of load.items) {
		const before = existing.get(item.id);
		if (
			before &&
			before.contentHash === item.contentHash &&
			!before.archivedAt &&
			before.kind === item.kind.kind
		) {
			report.unchanged++;
			continue;
		}
		try {
			const { newVersion } = tx.transaction((inner) =>
				writeItem(inner as unknown as Db, item, before, now)
			);
			if (!before) report.added.push(item.id);
			else {
				if (before.archivedAt) report.restored.push(item.id);
				else report.updated.push(item.id);
				if (newVersion) report.versioned.push(item.id);
			}
		} catch (e) {
			report.problems.push({
				level: 'error',
				file: item.files[CONTENT_LOCALES[0]].file,
				message: `could not be stored: ${e instanceof Error ? e.message : String(e)}`
			});
		}
	}
}

/** Ids of live (not archived) items of `kind`. */
export function listLiveItemIds(db: Db, kind: string): string[] {
	return db
		.select({ id: contentItems.id })
		.from(contentItems)
		.where(and(eq(contentItems.kind, kind), isNull(contentItems.archivedAt)))
		.all()
		.map((r) => r.id);
}
