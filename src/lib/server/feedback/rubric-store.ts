import { and, eq, isNull } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import { contentItems, contentLocales, exerciseRubrics } from '../db/schema';
import { stableJson } from '../content/sync';
import { log } from '../log';
import { parseRubric, rubricFromLocales, type LocaleRubric, type Rubric } from './rubric';

/**
 * The rubric store (`exercise_rubrics`, keyed by item id and version) shared by every kind of
 * item the feedback pipeline grades (design exercises, runbook labs): each kind only says how the
 * rubric of an item's current version is built from its content.
 */

/** The rubric of an item's current version, with that version. */
export type BuiltRubric = { version: number; rubric: Rubric };

/** Builds the rubric of item `itemId`'s current version from its content; null when it has none. */
export type RubricBuilder = (db: Db, itemId: string) => BuiltRubric | null;

/**
 * The rubric of the current version of the `kind` item `itemId` (archived or not), built from its
 * two language rows with `pick` (the per-language criteria in that kind's metadata). Null when the
 * item, one of its languages, or the rubric in either language is missing.
 * @throws ZodError when the two languages' rubrics do not build one rubric (see `rubricFromLocales`).
 */
export function buildRubricFromContent(
	db: Db,
	itemId: string,
	kind: string,
	pick: (metadata: unknown) => LocaleRubric | undefined
): BuiltRubric | null {
	const rows = db
		.select({
			version: contentItems.version,
			locale: contentLocales.locale,
			metadata: contentLocales.metadata
		})
		.from(contentItems)
		.innerJoin(contentLocales, eq(contentLocales.itemId, contentItems.id))
		.where(and(eq(contentItems.id, itemId), eq(contentItems.kind, kind)))
		.all();
	const zh = rows.find((r) => r.locale === 'zh-CN');
	const en = rows.find((r) => r.locale === 'en');
	if (!zh || !en) return null;
	const zhRubric = pick(zh.metadata);
	const enRubric = pick(en.metadata);
	if (!zhRubric || !enRubric) return null;
	return {
		version: zh.version,
		rubric: rubricFromLocales(itemId, zh.version, { 'zh-CN': zhRubric, en: enRubric })
	};
}

function readStored(db: Db, itemId: string, version: number): { rubric: unknown } | undefined {
	return db
		.select({ rubric: exerciseRubrics.rubric })
		.from(exerciseRubrics)
		.where(and(eq(exerciseRubrics.itemId, itemId), eq(exerciseRubrics.version, version)))
		.get();
}

/** Writes `rubric` for `itemId` at `version` unless the stored one is the same (by stable JSON). */
function upsert(
	tx: Db,
	itemId: string,
	version: number,
	rubric: Rubric
): 'added' | 'updated' | 'same' {
	const existing = readStored(tx, itemId, version);
	if (existing && stableJson(existing.rubric) === stableJson(rubric)) return 'same';
	const now = new Date();
	tx.insert(exerciseRubrics)
		.values({ itemId, version, rubric, createdAt: now, updatedAt: now })
		.onConflictDoUpdate({
			target: [exerciseRubrics.itemId, exerciseRubrics.version],
			set: { rubric, updatedAt: now }
		})
		.run();
	return existing ? 'updated' : 'added';
}

/**
 * Stores the bilingual rubric of every live `kind` item's current version, built with `build`, so
 * the feedback worker grades each submission with the rubric of the version it was written for.
 * Run at start-up after the content sync, in one IMMEDIATE transaction. Idempotent: a wording fix
 * updates the current version's row, older versions keep theirs. An item whose rubric does not
 * build (throws) is logged and skipped. Returns how many rows were added and updated.
 */
export function storeRubrics(
	db: Db,
	kind: string,
	build: RubricBuilder
): { added: number; updated: number } {
	const ids = db
		.select({ id: contentItems.id })
		.from(contentItems)
		.where(and(eq(contentItems.kind, kind), isNull(contentItems.archivedAt)))
		.all()
		.map((r) => r.id);
	const counts = { added: 0, updated: 0 };
	immediate(db, (tx) => {
		for (const id of ids) {
			try {
				const built = build(tx, id);
				if (!built) continue;
				const r = upsert(tx, id, built.version, built.rubric);
				if (r !== 'same') counts[r]++;
			} catch (e) {
				log.error({ err: e, itemId: id }, `${kind} rubric could not be built`);
			}
		}
	});
	return counts;
}

/**
 * The stored rubric of item `itemId` at `version`; when none is stored yet and `version` is the
 * item's current one, it is built with `build`, stored, and returned. Null for an unknown item or
 * version. @throws ZodError when a stored rubric (or the built one) is not valid.
 */
export function resolveStoredRubric(
	db: Db,
	itemId: string,
	version: number,
	build: RubricBuilder
): Rubric | null {
	const row = readStored(db, itemId, version);
	if (row) return parseRubric(row.rubric);
	const built = build(db, itemId);
	if (!built || built.version !== version) return null;
	immediate(db, (tx) => upsert(tx, itemId, version, built.rubric));
	return built.rubric;
}
