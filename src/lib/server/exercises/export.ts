import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { getItemTitles } from '../content/items';
import {
	exerciseDrafts,
	exerciseExtensions,
	exerciseSubmissions,
	submissions,
	type User
} from '../db/schema';
import { formatDateTime } from '../../format';
import { m } from '../../paraglide/messages';
import {
	md,
	mdTable,
	registerExportSource,
	safeFileName,
	type ExportContext
} from '../privacy/export';

/**
 * The learner's exercise data besides the submissions themselves (the `submissions` source has the
 * answers and feedback): drafts (one Markdown file each, as written), each attempt's number and
 * lateness, and extensions granted to them. Null when there is none.
 */
export function exercisesExportPart(db: Db, user: User, ctx: ExportContext) {
	const opt = { locale: ctx.locale };
	const drafts = db
		.select()
		.from(exerciseDrafts)
		.where(eq(exerciseDrafts.userId, user.id))
		.orderBy(asc(exerciseDrafts.itemId))
		.all()
		.filter((d) => d.body.trim() !== '');
	const attempts = db
		.select({
			submissionId: exerciseSubmissions.submissionId,
			itemId: exerciseSubmissions.itemId,
			attempt: exerciseSubmissions.attempt,
			dueAt: exerciseSubmissions.dueAt,
			late: exerciseSubmissions.late,
			daysLate: exerciseSubmissions.daysLate,
			penaltyPercent: exerciseSubmissions.penaltyPercent,
			createdAt: submissions.createdAt
		})
		.from(exerciseSubmissions)
		.innerJoin(submissions, eq(submissions.id, exerciseSubmissions.submissionId))
		.where(eq(exerciseSubmissions.userId, user.id))
		.orderBy(asc(exerciseSubmissions.itemId), asc(exerciseSubmissions.attempt))
		.all();
	const extensions = db
		.select()
		.from(exerciseExtensions)
		.where(eq(exerciseExtensions.userId, user.id))
		.all();
	if (drafts.length + attempts.length + extensions.length === 0) return null;

	const title = getItemTitles(
		db,
		[...drafts, ...attempts, ...extensions].map((r) => r.itemId),
		ctx.locale
	);
	const when = (d: Date | null) => (d ? formatDateTime(d, ctx.locale, ctx.timeZone) : null);
	const iso = (d: Date | null) => (d ? d.toISOString() : null);
	const files: Record<string, string> = {};
	for (const d of drafts) {
		files[safeFileName(`draft-${d.itemId}.md`)] = [
			`# ${md(title.get(d.itemId))}`,
			'',
			m.exercises_export_draft_saved({ time: when(d.editedAt) ?? '' }, opt),
			'',
			d.body
		].join('\n');
	}
	const none = m.ops_export_none({}, opt);
	return {
		title: m.exercises_export_title({}, opt),
		json: {
			drafts: drafts.map((d) => ({
				itemId: d.itemId,
				title: title.get(d.itemId),
				body: d.body,
				editedAt: iso(d.editedAt)
			})),
			attempts: attempts.map((a) => ({
				...a,
				title: title.get(a.itemId),
				dueAt: iso(a.dueAt),
				createdAt: iso(a.createdAt)
			})),
			extensions: extensions.map((e) => ({
				itemId: e.itemId,
				title: title.get(e.itemId),
				dueAt: iso(e.dueAt),
				reason: e.reason,
				grantedAt: iso(e.updatedAt)
			}))
		},
		markdown: [
			`# ${m.exercises_export_title({}, opt)}`,
			'',
			`## ${m.exercises_export_drafts({}, opt)}`,
			'',
			drafts.length
				? drafts
						.map(
							(d) =>
								`- [${md(title.get(d.itemId))}](exercises/${safeFileName(`draft-${d.itemId}.md`)})`
						)
						.join('\n')
				: none,
			'',
			`## ${m.exercises_export_attempts({}, opt)}`,
			'',
			attempts.length
				? mdTable(
						[
							m.ops_export_item({}, opt),
							m.exercises_export_attempt({}, opt),
							m.ops_export_when({}, opt),
							m.exercises_export_lateness({}, opt)
						],
						attempts.map((a) => [
							title.get(a.itemId) ?? a.itemId,
							a.attempt,
							when(a.createdAt),
							a.late
								? m.exercises_late_days_penalty(
										{ days: a.daysLate, percent: a.penaltyPercent },
										opt
									)
								: '—'
						])
					)
				: none,
			'',
			`## ${m.exercises_export_extensions({}, opt)}`,
			'',
			extensions.length
				? mdTable(
						[m.ops_export_item({}, opt), m.exercises_due({}, opt)],
						extensions.map((e) => [title.get(e.itemId) ?? e.itemId, when(e.dueAt)])
					)
				: none
		].join('\n'),
		files
	};
}

let registered = false;

/** Adds the exercises' part to "download my data" (idempotent; start-up calls it). */
export function registerExerciseExport(): void {
	if (registered) return;
	registered = true;
	registerExportSource('exercises', exercisesExportPart);
}
