import { sql } from 'drizzle-orm';
import { m } from '../../paraglide/messages';
import { registerGradebookSource, type GradebookSource } from '../grading/gradebook-columns';
import { listLabs } from './catalog';

/**
 * Labs in the gradebook: one column per live lab, in percent (max 100) — the learner's best
 * attempt, each attempt scored as a fraction of its own maximum, the same "best" as
 * `listLabProgress`: the JSON Schema, capacity and runbook steps count, the OpenAPI step (extra)
 * does not; a runbook attempt counts by its shown feedback (the newest model feedback, else the
 * newest offline check) and not at all while it waits for one. Null = nothing scored yet.
 */
export const labColumns: GradebookSource = (db, locale) =>
	listLabs(db, locale).map((lab) => ({
		key: `lab:${lab.id}`,
		kind: 'lab',
		itemId: lab.id,
		title: lab.title,
		maxPoints: 100,
		method: m.grading_method_lab({}, { locale }),
		points: (userId) =>
			sql`(select 100.0 * max(case when a.step = 'runbook'
					then (select case when f.max_points > 0 then f.total_points / f.max_points end
						from feedback f where f.submission_id = a.submission_id
						order by (f.source = 'model') desc, f.id desc limit 1)
					else case when a.max_score > 0 then a.score / a.max_score end end)
				from lab_attempts a
				where a.user_id = ${userId} and a.item_id = ${lab.id} and a.step <> 'openapi')`
	}));

/** Adds the labs' columns to the gradebook (at start-up; idempotent). */
export function registerLabGradebook(): void {
	registerGradebookSource(labColumns);
}
