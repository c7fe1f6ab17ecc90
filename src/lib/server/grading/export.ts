import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { getItemTitles } from '../content/items';
import {
	gradeReleases,
	submissionComments,
	submissions,
	users,
	type Locale,
	type User
} from '../db/schema';
import { hasRole } from '../auth/guard';
import { resolveExerciseRubric } from '../exercises/rubrics';
import { formatDateTime } from '../../format';
import { m } from '../../paraglide/messages';
import { md, mdTable, registerExportSource, type ExportContext } from '../privacy/export';

/** Criterion titles of an exercise version's rubric in `locale` (empty when it has none). */
function criterionTitles(
	db: Db,
	itemId: string,
	version: number,
	locale: Locale
): Map<string, string> {
	const rubric = resolveExerciseRubric(db, itemId, version);
	return new Map((rubric?.criteria ?? []).map((c) => [c.id, c.title[locale]]));
}

/**
 * The learner's grades and private threads for "download my data", per submission of theirs that
 * has either: every RELEASE of an instructor grade, oldest first (points after and before the late
 * penalty, the penalty in percent, the overall comment, and per criterion the level, points and
 * comment) — a working grade never released (a draft, or draft changes after a release) is not
 * included, as the learner never saw it; and the submission's private thread (their comments,
 * regrade requests and the staff's replies) with each author as "you", the staff member's display
 * name, or "deleted user" — never an email. Null when there is nothing.
 */
export function gradesExportPart(db: Db, user: User, ctx: ExportContext) {
	const opt = { locale: ctx.locale };
	const subs = db
		.select({
			id: submissions.id,
			itemId: submissions.itemId,
			itemVersion: submissions.itemVersion
		})
		.from(submissions)
		.where(eq(submissions.userId, user.id))
		.orderBy(asc(submissions.id))
		.all();
	const ids = subs.map((s) => s.id);
	const releases: Array<typeof gradeReleases.$inferSelect> = [];
	const comments: Array<{
		id: number;
		submissionId: number;
		kind: 'comment' | 'regrade_request';
		body: string;
		createdAt: Date;
		authorId: number | null;
		authorName: string | null;
		authorRole: User['role'] | null;
	}> = [];
	// Chunked: SQLite limits bound parameters per statement.
	for (let i = 0; i < ids.length; i += 500) {
		const chunk = ids.slice(i, i + 500);
		releases.push(
			...db
				.select()
				.from(gradeReleases)
				.where(inArray(gradeReleases.submissionId, chunk))
				.orderBy(asc(gradeReleases.id))
				.all()
		);
		comments.push(
			...db
				.select({
					id: submissionComments.id,
					submissionId: submissionComments.submissionId,
					kind: submissionComments.kind,
					body: submissionComments.body,
					createdAt: submissionComments.createdAt,
					authorId: submissionComments.authorId,
					authorName: users.displayName,
					authorRole: users.role
				})
				.from(submissionComments)
				.leftJoin(users, eq(users.id, submissionComments.authorId))
				.where(inArray(submissionComments.submissionId, chunk))
				.orderBy(asc(submissionComments.id))
				.all()
		);
	}
	if (releases.length + comments.length === 0) return null;

	const title = getItemTitles(
		db,
		subs.map((s) => s.itemId),
		ctx.locale
	);
	const when = (d: Date) => formatDateTime(d, ctx.locale, ctx.timeZone);
	const author = (c: (typeof comments)[number]) =>
		c.authorId === user.id
			? { kind: 'you' as const, name: user.displayName }
			: c.authorId === null || c.authorName === null
				? { kind: 'deleted' as const, name: null }
				: {
						kind:
							c.authorRole && hasRole(c.authorRole, 'instructor')
								? ('staff' as const)
								: ('other' as const),
						name: c.authorName
					};
	const authorLabel = (c: (typeof comments)[number]) => {
		const a = author(c);
		return a.kind === 'you'
			? m.grading_export_you({}, opt)
			: a.kind === 'deleted'
				? m.grading_thread_deleted({}, opt)
				: (a.name ?? '');
	};

	const parts = subs
		.map((s) => ({
			...s,
			title: title.get(s.itemId) ?? s.itemId,
			releases: releases.filter((r) => r.submissionId === s.id),
			thread: comments.filter((c) => c.submissionId === s.id)
		}))
		.filter((s) => s.releases.length + s.thread.length > 0);

	const markdown: string[] = [`# ${m.grading_export_title({}, opt)}`];
	for (const s of parts) {
		const criteria = criterionTitles(db, s.itemId, s.itemVersion, ctx.locale);
		markdown.push('', `## ${md(m.grading_export_submission({ id: s.id, title: s.title }, opt))}`);
		markdown.push('', `### ${m.grading_export_releases({}, opt)}`, '');
		if (s.releases.length === 0) markdown.push(m.grading_export_not_released({}, opt));
		for (const r of s.releases) {
			markdown.push(
				`- ${m.grading_export_released_at({ time: when(r.releasedAt) }, opt)}: ${m.grading_total({ points: r.points, max: r.maxPoints }, opt)}; ${m.grading_raw_points({ points: r.rawPoints, max: r.maxPoints }, opt)}; ${
					r.penaltyPercent > 0
						? m.grading_penalty(
								{
									percent: r.penaltyPercent,
									points: Math.round((r.rawPoints - r.points) * 100) / 100
								},
								opt
							)
						: m.grading_no_penalty({}, opt)
				}`,
				'',
				mdTable(
					[
						m.grading_chart_criterion({}, opt),
						m.grading_export_level({}, opt),
						m.grading_points({}, opt),
						m.grading_criterion_comment({}, opt)
					],
					r.criteria.map((c) => [
						criteria.get(c.criterionId) ?? c.criterionId,
						c.level,
						`${c.points} / ${c.maxPoints}`,
						c.comment || null
					])
				),
				''
			);
			if (r.comment.trim())
				markdown.push(`${m.grading_overall_comment({}, opt)}:`, '', r.comment, '');
		}
		markdown.push('', `### ${m.grading_thread_title({}, opt)}`, '');
		if (s.thread.length === 0) markdown.push(m.grading_thread_empty({}, opt));
		for (const c of s.thread) {
			const kind = c.kind === 'regrade_request' ? ` (${m.grading_state_regrade({}, opt)})` : '';
			// Comments are Markdown as written: kept as they are, quoted under their author.
			markdown.push(
				`**${md(authorLabel(c))}**${kind}, ${when(c.createdAt)}:`,
				'',
				c.body
					.split('\n')
					.map((l) => `> ${l}`)
					.join('\n'),
				''
			);
		}
	}

	return {
		title: m.grading_export_title({}, opt),
		json: parts.map((s) => ({
			submissionId: s.id,
			itemId: s.itemId,
			itemVersion: s.itemVersion,
			title: s.title,
			releases: s.releases.map((r) => ({
				releasedAt: r.releasedAt.toISOString(),
				points: r.points,
				rawPoints: r.rawPoints,
				maxPoints: r.maxPoints,
				latePenaltyPercent: r.penaltyPercent,
				comment: r.comment,
				criteria: r.criteria.map((c) => ({
					criterionId: c.criterionId,
					level: c.level,
					points: c.points,
					maxPoints: c.maxPoints,
					comment: c.comment
				}))
			})),
			thread: s.thread.map((c) => {
				const a = author(c);
				return {
					kind: c.kind,
					author: a.kind,
					authorName: a.name,
					body: c.body,
					createdAt: c.createdAt.toISOString()
				};
			})
		})),
		markdown: markdown.join('\n')
	};
}

let registered = false;

/** Adds grades and private threads to "download my data" (idempotent; start-up calls it). */
export function registerGradingExport(): void {
	if (registered) return;
	registered = true;
	registerExportSource('grades', gradesExportPart);
}
