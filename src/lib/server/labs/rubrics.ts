import type { Db } from '../db';
import type { LabMeta } from '../content/kinds/lab';
import type { Rubric } from '../feedback/rubric';
import {
	buildRubricFromContent,
	resolveStoredRubric,
	storeRubrics,
	type BuiltRubric
} from '../feedback/rubric-store';

/**
 * The rubric of the current version of runbook lab `itemId`, from its two language rows; null for
 * a lab that is not a runbook lab.
 */
export function buildLabRubric(db: Db, itemId: string): BuiltRubric | null {
	return buildRubricFromContent(db, itemId, 'lab', (m) => (m as LabMeta | null)?.runbook?.rubric);
}

/**
 * Stores the bilingual rubric of every live runbook lab's current version beside the exercises'
 * (`exercise_rubrics`, keyed by item id and version), so each runbook attempt is graded with the
 * rubric of the version it was written for. Run at start-up after the content sync; idempotent.
 * Returns how many rows were added or updated.
 */
export function storeLabRubrics(db: Db): number {
	const { added, updated } = storeRubrics(db, 'lab', buildLabRubric);
	return added + updated;
}

/**
 * The rubric of runbook lab `itemId` at `version` for the feedback worker: the stored one, else
 * built from the content when `version` is current. Null for an unknown lab or version.
 */
export function resolveLabRubric(db: Db, itemId: string, version: number): Rubric | null {
	return resolveStoredRubric(db, itemId, version, buildLabRubric);
}
