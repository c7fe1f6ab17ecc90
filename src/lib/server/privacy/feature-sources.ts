import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { getItemTitles } from '../content/items';
import { contentBookmarks, contentItems, contentReads, submissions, type User } from '../db/schema';
import { listFeedback } from '../feedback/store';
import { m } from '../../paraglide/messages';
import { formatDateTime } from '../../format';
import { md, mdTable, registerExportSource, safeFileName, type ExportContext } from './export';

/**
 * Export sources for the features that have landed after the foundation: reading (bookmarks and
 * "marked as read", content pipeline) and design-exercise submissions with their feedback (feedback
 * pipeline). Items removed from the course (archived) are exported too: the data is still the user's.
 */

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const when = (d: Date, ctx: ExportContext) => formatDateTime(d, ctx.locale, ctx.timeZone);

function reading(db: Db, user: User, ctx: ExportContext) {
	const opt = { locale: ctx.locale };
	const pick = (t: typeof contentBookmarks | typeof contentReads, at: 'createdAt' | 'readAt') =>
		db
			.select({
				itemId: t.itemId,
				kind: contentItems.kind,
				path: contentItems.path,
				at: at === 'createdAt' ? contentBookmarks.createdAt : contentReads.readAt
			})
			.from(t)
			.innerJoin(contentItems, eq(contentItems.id, t.itemId))
			.where(eq(t.userId, user.id))
			.orderBy(asc(contentItems.sortKey))
			.all();
	const bookmarks = pick(contentBookmarks, 'createdAt');
	const read = pick(contentReads, 'readAt');
	if (bookmarks.length === 0 && read.length === 0) return null;
	const title = getItemTitles(
		db,
		[...bookmarks, ...read].map((r) => r.itemId),
		ctx.locale
	);
	const toJson = (rows: typeof bookmarks) =>
		rows.map((r) => ({
			itemId: r.itemId,
			kind: r.kind,
			title: title.get(r.itemId),
			at: iso(r.at)
		}));
	const table = (rows: typeof bookmarks) =>
		rows.length
			? mdTable(
					[m.ops_export_item({}, opt), m.ops_export_when({}, opt)],
					rows.map((r) => [title.get(r.itemId) ?? r.itemId, when(r.at, ctx)])
				)
			: m.ops_export_none({}, opt);
	return {
		title: m.ops_export_reading({}, opt),
		json: { bookmarks: toJson(bookmarks), read: toJson(read) },
		markdown: [
			`# ${m.ops_export_reading({}, opt)}`,
			'',
			`## ${m.ops_export_bookmarks({}, opt)}`,
			'',
			table(bookmarks),
			'',
			`## ${m.ops_export_read_items({}, opt)}`,
			'',
			table(read)
		].join('\n')
	};
}

function submissionsPart(db: Db, user: User, ctx: ExportContext) {
	const opt = { locale: ctx.locale };
	const rows = db
		.select()
		.from(submissions)
		.where(and(eq(submissions.userId, user.id)))
		.orderBy(asc(submissions.createdAt), asc(submissions.id))
		.all();
	if (rows.length === 0) return null;
	const title = getItemTitles(
		db,
		rows.map((r) => r.itemId),
		ctx.locale
	);
	const files: Record<string, string> = {};
	const json = rows.map((s) => {
		const feedback = listFeedback(db, s.id);
		files[safeFileName(`${s.id}-${s.itemId}.md`)] = [
			`# ${md(title.get(s.itemId))}`,
			'',
			m.ops_export_submitted({ time: when(s.createdAt, ctx), version: s.itemVersion }, opt),
			'',
			`## ${m.ops_export_answer({}, opt)}`,
			'',
			// The answer is the learner's own Markdown: kept as written.
			s.answer,
			'',
			...feedback.flatMap((f) => [
				`## ${
					f.source === 'model'
						? m.ops_export_feedback_model({ model: f.model ?? '' }, opt)
						: m.ops_export_feedback_offline({}, opt)
				} · ${when(f.createdAt, ctx)}`,
				'',
				m.ops_export_points({ points: f.totalPoints, max: f.maxPoints }, opt),
				'',
				...(f.summary ? [md(f.summary), ''] : []),
				mdTable(
					[
						m.ops_export_criterion({}, opt),
						m.ops_export_level_points({}, opt),
						m.ops_export_missing({}, opt),
						m.ops_export_suggestion({}, opt)
					],
					f.criteria.map((c) => [
						c.criterionId,
						`${c.level} · ${c.points}/${c.maxPoints}`,
						c.missing.join('; '),
						c.suggestion
					])
				),
				''
			])
		].join('\n');
		return {
			id: s.id,
			itemId: s.itemId,
			itemVersion: s.itemVersion,
			title: title.get(s.itemId),
			locale: s.locale,
			createdAt: iso(s.createdAt),
			answer: s.answer,
			feedback: feedback.map((f) => ({
				source: f.source,
				offlineReason: f.offlineReason,
				model: f.model,
				createdAt: iso(f.createdAt),
				totalPoints: f.totalPoints,
				maxPoints: f.maxPoints,
				summary: f.summary,
				criteria: f.criteria
			}))
		};
	});
	return {
		title: m.ops_export_submissions({}, opt),
		json,
		markdown: [
			`# ${m.ops_export_submissions({}, opt)}`,
			'',
			m.ops_export_submissions_note({}, opt),
			'',
			...rows.map(
				(s) =>
					`- [${md(title.get(s.itemId))} · ${when(s.createdAt, ctx)}](submissions/${safeFileName(`${s.id}-${s.itemId}.md`)})`
			)
		].join('\n'),
		files
	};
}

let registered = false;

/** Registers the export sources of reading and submissions (idempotent). */
export function registerFeatureExportSources(): void {
	if (registered) return;
	registered = true;
	registerExportSource('reading', reading);
	registerExportSource('submissions', submissionsPart);
}
