import { and, eq, isNull } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import { contentItems, contentLocales, exerciseRubrics } from '../db/schema';
import type { ExerciseMeta } from '../content/kinds/exercise';
import { parseRubric, rubricFromLocales, type Rubric } from '../feedback/rubric';
import { stableJson } from '../content/sync';
import { log } from '../log';

/** The rubric of the current version of exercise `itemId`, built from its two language rows. */
function buildCurrentRubric(db: Db, itemId: string): { version: number; rubric: Rubric } | null {
	const rows = db
		.select({
			version: contentItems.version,
			locale: contentLocales.locale,
			metadata: contentLocales.metadata
		})
		.from(contentItems)
		.innerJoin(contentLocales, eq(contentLocales.itemId, contentItems.id))
		.where(and(eq(contentItems.id, itemId), eq(contentItems.kind, 'exercise')))
		.all();
	const zh = rows.find((r) => r.locale === 'zh-CN');
	const en = rows.find((r) => r.locale === 'en');
	if (!zh || !en) return null;
	const version = zh.version;
	const rubric = rubricFromLocales(itemId, version, {
		'zh-CN': (zh.metadata as ExerciseMeta).rubric,
		en: (en.metadata as ExerciseMeta).rubric
	});
	return { version, rubric };
}

function upsert(
	tx: Db,
	itemId: string,
	version: number,
	rubric: Rubric
): 'added' | 'updated' | 'same' {
	const existing = tx
		.select({ rubric: exerciseRubrics.rubric })
		.from(exerciseRubrics)
		.where(and(eq(exerciseRubrics.itemId, itemId), eq(exerciseRubrics.version, version)))
		.get();
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
 * Stores the bilingual rubric of every live exercise's current version (`exercise_rubrics`), so
 * the feedback worker grades each submission with the rubric of the version it was written for.
 * Run at start-up after the content sync (idempotent; a wording fix updates the current version's
 * row, older versions keep theirs). An exercise whose rubric does not build is logged and skipped.
 */
export function storeExerciseRubrics(db: Db): { added: number; updated: number } {
	const ids = db
		.select({ id: contentItems.id })
		.from(contentItems)
		.where(and(eq(contentItems.kind, 'exercise'), isNull(contentItems.archivedAt)))
		.all()
		.map((r) => r.id);
	const counts = { added: 0, updated: 0 };
	immediate(db, (tx) => {
		for (const id of ids) {
			try {
				const built = buildCurrentRubric(tx, id);
				if (!built) continue;
				const r = upsert(tx, id, built.version, built.rubric);
				if (r !== 'same') counts[r]++;
			} catch (e) {
				log.error({ err: e, itemId: id }, 'exercise rubric could not be built');
			}
		}
	});
	return counts;
}

/**
 * The feedback pipeline's rubric resolver (registered at start-up with `setRubricResolver`): the
 * stored rubric of exercise `itemId` at `version`; when none is stored yet and `version` is the
 * current one, it is built from the content and stored. Null for an unknown item or version.
 */
export function resolveExerciseRubric(db: Db, itemId: string, version: number): Rubric | null {
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
