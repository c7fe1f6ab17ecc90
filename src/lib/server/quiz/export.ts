import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { getItemTitles } from '../content/items';
import { quizAttempts, type User } from '../db/schema';
import { md, mdTable, registerExportSource, type ExportContext } from '../privacy/export';
import { m } from '../../paraglide/messages';
import { formatDateTime } from '../../format';
import { scoreOf } from './queries';

/**
 * The learner's quiz attempts in "download my data" (`quizzes.json` / `quizzes.md`): every attempt,
 * open or graded, archived quizzes included, with its version, answers (late ones too), the exact
 * score (earned and max as fractions) and the rounded percent shown on the site.
 */
export function quizExportPart(db: Db, user: User, ctx: ExportContext) {
	const rows = db
		.select()
		.from(quizAttempts)
		.where(eq(quizAttempts.userId, user.id))
		.orderBy(asc(quizAttempts.quizId), asc(quizAttempts.number))
		.all();
	if (rows.length === 0) return null;
	const opt = { locale: ctx.locale };
	const titles = getItemTitles(
		db,
		rows.map((r) => r.quizId),
		ctx.locale
	);
	const iso = (d: Date | null) => (d ? d.toISOString() : null);
	const json = rows.map((a) => ({
		quizId: a.quizId,
		title: titles.get(a.quizId),
		version: a.version,
		attempt: a.number,
		status: a.status,
		startedAt: iso(a.startedAt),
		deadline: iso(a.deadline),
		submittedAt: iso(a.submittedAt),
		closedBy: a.closedBy,
		answers: a.answers,
		lateAnswers: a.lateAnswers,
		score:
			a.status === 'graded'
				? {
						earned: { numerator: a.earnedN, denominator: a.earnedD },
						max: { numerator: a.maxN, denominator: a.maxD },
						percent: a.percent,
						passed: a.passed
					}
				: null,
		questions: a.results
	}));
	const table = mdTable(
		[
			m.quiz_staff_col_quiz({}, opt),
			m.quiz_col_attempt({}, opt),
			m.quiz_col_submitted({}, opt),
			m.quiz_col_score({}, opt),
			m.quiz_col_result({}, opt)
		],
		rows.map((a) => {
			const s = scoreOf(a);
			return [
				titles.get(a.quizId) ?? a.quizId,
				a.number,
				a.submittedAt ? formatDateTime(a.submittedAt, ctx.locale, ctx.timeZone) : null,
				s ? m.quiz_score_points({ earned: s.earned, max: s.max }, opt) : null,
				s
					? `${s.percent}% · ${s.passed ? m.quiz_passed({}, opt) : m.quiz_failed({}, opt)}`
					: m.quiz_in_progress({}, opt)
			];
		})
	);
	return {
		title: m.quiz_export_title({}, opt),
		json,
		markdown: [`# ${md(m.quiz_export_title({}, opt))}`, '', table].join('\n')
	};
}

let registered = false;

/** Adds quiz attempts to every data export, as "quizzes" (idempotent). */
export function registerQuizExport(): void {
	if (registered) return;
	registered = true;
	registerExportSource('quizzes', quizExportPart);
}
