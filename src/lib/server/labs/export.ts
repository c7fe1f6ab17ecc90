import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { getItemTitles } from '../content/items';
import { labAttempts, type User } from '../db/schema';
import { formatDateTime } from '../../format';
import { m } from '../../paraglide/messages';
import { registerDeletionHook } from '../privacy/deletion';
import { mdTable, registerExportSource, type ExportContext } from '../privacy/export';
import { listLabAttempts } from './attempts';

/**
 * The learner's lab attempts for "download my data": every attempt with what was sent (schema
 * text, numbers, runbook sections), the checker's result by sample or question id (never a hidden
 * payload) and the score. Null when there are none. Runbook feedback is in the `submissions` part.
 */
export function labsExportPart(db: Db, user: User, ctx: ExportContext) {
	const opt = { locale: ctx.locale };
	const rows = db
		.select()
		.from(labAttempts)
		.where(eq(labAttempts.userId, user.id))
		.orderBy(asc(labAttempts.itemId), asc(labAttempts.attempt))
		.all();
	if (rows.length === 0) return null;
	const title = getItemTitles(
		db,
		rows.map((r) => r.itemId),
		ctx.locale
	);
	const scores = new Map(
		[...new Set(rows.map((r) => r.itemId))].flatMap((id) =>
			listLabAttempts(db, user.id, id).map((a) => [a.id, a] as const)
		)
	);
	return {
		title: m.labs_export_title({}, opt),
		json: rows.map((r) => {
			const s = scores.get(r.id);
			return {
				labId: r.itemId,
				title: title.get(r.itemId),
				version: r.itemVersion,
				step: r.step,
				attempt: r.attempt,
				createdAt: r.createdAt.toISOString(),
				answer: r.answer,
				result: r.result,
				score: s?.score ?? null,
				maxScore: s?.maxScore ?? r.maxScore,
				passed: s?.passed ?? null,
				submissionId: r.submissionId
			};
		}),
		markdown: [
			`# ${m.labs_export_title({}, opt)}`,
			'',
			mdTable(
				[
					m.ops_export_item({}, opt),
					m.labs_export_attempt({}, opt),
					m.ops_export_when({}, opt),
					m.labs_export_score({}, opt)
				],
				rows.map((r) => {
					const s = scores.get(r.id);
					return [
						title.get(r.itemId) ?? r.itemId,
						r.attempt,
						formatDateTime(r.createdAt, ctx.locale, ctx.timeZone),
						s?.score === null || s?.score === undefined ? null : `${s.score} / ${s.maxScore}`
					];
				})
			)
		].join('\n')
	};
}

let registered = false;

/**
 * Adds the labs' part to "download my data" and a deletion step that removes the user's lab
 * attempts (the user row's cascade would too; explicit so it does not depend on it). Idempotent;
 * start-up calls it.
 */
export function registerLabsPrivacy(): void {
	if (registered) return;
	registered = true;
	registerExportSource('labs', labsExportPart);
	registerDeletionHook('labs', (tx, user) => {
		tx.delete(labAttempts).where(eq(labAttempts.userId, user.id)).run();
	});
}
