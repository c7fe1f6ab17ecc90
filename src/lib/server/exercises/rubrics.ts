import type { Db } from '../db';
import type { ExerciseMeta } from '../content/kinds/exercise';
import type { Rubric } from '../feedback/rubric';
import {
	buildRubricFromContent,
	resolveStoredRubric,
	storeRubrics,
	type BuiltRubric
} from '../feedback/rubric-store';

/** The rubric of the current version of exercise `itemId`, built from its two language rows. */
export function buildExerciseRubric(db: Db, itemId: string): BuiltRubric | null {
	return buildRubricFromContent(db, itemId, 'exercise', (m) => (m as ExerciseMeta).rubric);
}

/**
 * Stores the bilingual rubric of every live exercise's current version (`exercise_rubrics`), so
 * the feedback worker grades each submission with the rubric of the version it was written for.
 * Run at start-up after the content sync (idempotent; a wording fix updates the current version's
 * row, older versions keep theirs). An exercise whose rubric does not build is logged and skipped.
 * See `storeRubrics` in ../feedback/rubric-store.ts.
 */
export function storeExerciseRubrics(db: Db): { added: number; updated: number } {
	return storeRubrics(db, 'exercise', buildExerciseRubric);
}

/**
 * The stored rubric of exercise `itemId` at `version`; when none is stored yet and `version` is
 * the current one, it is built from the content and stored. Null for an unknown item or version.
 */
export function resolveExerciseRubric(db: Db, itemId: string, version: number): Rubric | null {
	return resolveStoredRubric(db, itemId, version, buildExerciseRubric);
}
