import { and, eq, isNull } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import { contentItems, contentLocales, exerciseRubrics } from '../db/schema';
import type { LabMeta } from '../content/kinds/lab';
import { parseRubric, rubricFromLocales, type Rubric } from '../feedback/rubric';
import { stableJson } from '../content/sync';
import { log } from '../log';

/** The rubric of the current version of runbook lab `itemId`, from its two language rows. */
function buildCurrentRubric(db: Db, itemId: string): { version: number; rubric: Rubric } | null {
	const rows = db
		.select({
			version: contentItems.version,
			locale: contentLocales.locale,
			metadata: contentLocales.metadata
		})
		.from(contentItems)
		.innerJoin(contentLocales, eq(contentLocales.itemId, contentItems.id))
		.where(and(eq(contentItems.id, itemId), eq(contentItems.kind, 'lab')))
		.all();
	const zh = rows.find((r) => r.locale === 'zh-CN');
	const en = rows.find((r) => r.locale === 'en');
	const zhRunbook = (zh?.metadata as LabMeta | undefined)?.runbook;
	const enRunbook = (en?.metadata as LabMeta | undefined)?.runbook;
	if (!zh || !zhRunbook || !enRunbook) return null;
	return {
		version: zh.version,
		rubric: rubricFromLocales(itemId, zh.version, {
			'zh-CN': zhRunbook.rubric,
			en: enRunbook.rubric
		})
	};
}

function upsert(tx: Db, itemId: string, version: number, rubric: Rubric): boolean {
	const existing = tx
		.select({ rubric: exerciseRubrics.rubric })
		.from(exerciseRubrics)
		.where(and(eq(exerciseRubrics.itemId, itemId), eq(exerciseRubrics.version, version)))
		.get();
	if (existing && stableJson(existing.rubric) === stableJson(rubric)) return false;
	const now = new Date();
	tx.insert(exerciseRubrics)
		.values({ itemId, version, rubric, createdAt: now, updatedAt: now })
		.onConflictDoUpdate({
			target: [exerciseRubrics.itemId, exerciseRubrics.version],
			set: { rubric, updatedAt: now }
		})
		.run();
	return true;
}

/**
 * Stores the bilingual rubric of every live runbook lab's current version beside the exercises'
 * (`exercise_rubrics`, keyed by item id and version), so each runbook attempt is graded with the
 * rubric of the version it was written for. Run at start-up after the content sync; idempotent.
 */
export function storeLabRubrics(db: Db): number {
	const ids = db
		.select({ id: contentItems.id })
		.from(contentItems)
		.where(and(eq(contentItems.kind, 'lab'), isNull(contentItems.archivedAt)))
		.all()
		.map((r) => r.id);
	let changed = 0;
	immediate(db, (tx) => {
		for (const id of ids) {
			try {
				const built = buildCurrentRubric(tx, id);
				if (built && upsert(tx, id, built.version, built.rubric)) changed++;
			} catch (e) {
				log.error({ err: e, itemId: id }, 'lab rubric could not be built');
			}
		}
	});
	return changed;
}

/**
 * The rubric of runbook lab `itemId` at `version` for the feedback worker: the stored one, else
 * built from the content when `version` is current. Null for an unknown lab or version.
 */
export function resolveLabRubric(db: Db, itemId: string, version: number): Rubric | null {
	const row = db
		.select({ rubric: exerciseRubrics.rubric })
		.from(exerciseRubrics)
		.where(and(eq(exerciseRubrics.itemId, itemId), eq(exerciseRubrics.version, version)))
		.get();
	if (row) return parseRubric(row.rubric);
	const built = buildCurrentRubric(db, itemId);
	if (!built || built.version !== version) return null;
	immediate(db, (tx) => upsert(tx, itemId, version, built.rubric));
	return built.rubric;
}
