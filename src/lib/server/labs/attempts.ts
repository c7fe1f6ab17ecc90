import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { feedback, labAttempts, type LabAttempt, type LabStep, type Role } from '../db/schema';
import { gradesLearner } from '../grading/scope';
import { getFeedback, type FeedbackView } from '../feedback/store';
import { getLabKey } from './catalog';
import { passes } from './submit';

/** A lab attempt's score as it stands: a runbook's from its newest feedback (model preferred). */
export type LabScore = {
	score: number | null;
	maxScore: number;
	passed: boolean | null;
	/** A runbook attempt still waiting for its feedback. */
	pending: boolean;
};

export type LabAttemptSummary = LabScore & {
	id: number;
	attempt: number;
	step: LabStep;
	itemVersion: number;
	createdAt: Date;
};

/** Newest shown feedback (model preferred over offline) of each submission id. */
function feedbackScores(db: Db, submissionIds: number[]) {
	const rows = submissionIds.length
		? db
				.select({
					submissionId: feedback.submissionId,
					source: feedback.source,
					totalPoints: feedback.totalPoints,
					maxPoints: feedback.maxPoints
				})
				.from(feedback)
				.where(inArray(feedback.submissionId, submissionIds))
				.orderBy(desc(feedback.id))
				.all()
		: [];
	const out = new Map<number, { totalPoints: number; maxPoints: number }>();
	for (const id of submissionIds) {
		const mine = rows.filter((r) => r.submissionId === id);
		const shown = mine.find((r) => r.source === 'model') ?? mine[0];
		if (shown) out.set(id, shown);
	}
	return out;
}

/**
 * Scores of lab attempts: stored for machine-checked steps; for runbooks the shown feedback's
 * points, passed against the pass mark of the lab version the attempt used.
 */
function scoresOf(db: Db, rows: LabAttempt[]): Map<number, LabScore> {
	const fb = feedbackScores(
		db,
		rows.flatMap((r) => (r.submissionId ? [r.submissionId] : []))
	);
	const passMarks = new Map<string, number>();
	const out = new Map<number, LabScore>();
	for (const r of rows) {
		if (r.step !== 'runbook') {
			out.set(r.id, { score: r.score, maxScore: r.maxScore, passed: r.passed, pending: false });
			continue;
		}
		const f = r.submissionId ? fb.get(r.submissionId) : undefined;
		if (!f) {
			out.set(r.id, { score: null, maxScore: r.maxScore, passed: null, pending: true });
			continue;
		}
		const k = `${r.itemId}@${r.itemVersion}`;
		if (!passMarks.has(k))
			passMarks.set(k, getLabKey(db, r.itemId, r.itemVersion)?.passPercent ?? 60);
		out.set(r.id, {
			score: f.totalPoints,
			maxScore: f.maxPoints,
			passed: passes(f.totalPoints, f.maxPoints, passMarks.get(k)!),
			pending: false
		});
	}
	return out;
}

/** A learner's attempts on a lab, newest first, with their scores. */
export function listLabAttempts(db: Db, userId: number, itemId: string): LabAttemptSummary[] {
	const rows = db
		.select()
		.from(labAttempts)
		.where(and(eq(labAttempts.userId, userId), eq(labAttempts.itemId, itemId)))
		.orderBy(desc(labAttempts.attempt))
		.all();
	const scores = scoresOf(db, rows);
	return rows.map((r) => ({
		id: r.id,
		attempt: r.attempt,
		step: r.step,
		itemVersion: r.itemVersion,
		createdAt: r.createdAt,
		...scores.get(r.id)!
	}));
}

/** Where a learner stands on a lab. */
export type LabState = 'not_started' | 'pending' | 'attempted' | 'passed';

export type LabProgress = {
	state: LabState;
	attempts: number;
	/** Best score as a fraction of its maximum (0–1), null while nothing is scored. */
	best: number | null;
	latestAttemptId: number;
};

/**
 * The learner's standing on every lab they attempted, by lab id (absent = not started): `passed`
 * once any attempt passed (an interface lab passes on its JSON Schema step; the OpenAPI step is
 * extra), `pending` while the only attempts are runbooks waiting for feedback, else `attempted`.
 * For the lab list, the home page and the gradebook.
 */
export function listLabProgress(db: Db, userId: number): Map<string, LabProgress> {
	const rows = db
		.select()
		.from(labAttempts)
		.where(eq(labAttempts.userId, userId))
		.orderBy(asc(labAttempts.id))
		.all();
	const scores = scoresOf(db, rows);
	const out = new Map<string, LabProgress>();
	for (const r of rows) {
		const s = scores.get(r.id)!;
		const prev = out.get(r.itemId);
		const counts = r.step !== 'openapi';
		const fraction = counts && s.score !== null && s.maxScore > 0 ? s.score / s.maxScore : null;
		const passed = prev?.state === 'passed' || (counts && s.passed === true);
		const best = fraction === null ? (prev?.best ?? null) : Math.max(fraction, prev?.best ?? 0);
		const pending = s.pending && (!prev || prev.state === 'pending');
		out.set(r.itemId, {
			state: passed ? 'passed' : pending ? 'pending' : 'attempted',
			attempts: (prev?.attempts ?? 0) + 1,
			best,
			latestAttemptId: r.id
		});
	}
	return out;
}

/** Who is looking at an attempt. */
export type LabViewer = { id: number; role: Role };

/** One attempt with everything its result shows; runbooks carry their feedback. */
export type LabAttemptView = LabAttempt &
	LabScore & { feedback: FeedbackView | null; isOwner: boolean };

/**
 * Attempt `attemptId` if `viewer` may see it (its author, an instructor who teaches one of the
 * author's cohorts, or an admin: `gradesLearner`), else null — also when it does not exist, so
 * nobody else can tell another's attempt from a missing one.
 */
export function getLabAttempt(db: Db, attemptId: number, viewer: LabViewer): LabAttemptView | null {
	const row = db.select().from(labAttempts).where(eq(labAttempts.id, attemptId)).get();
	if (!row) return null;
	if (row.userId !== viewer.id && !gradesLearner(db, viewer, row.userId)) return null;
	return {
		...row,
		...scoresOf(db, [row]).get(row.id)!,
		feedback: row.submissionId ? getFeedback(db, row.submissionId) : null,
		isOwner: row.userId === viewer.id
	};
}

/** What a learner last sent for each step of a lab, to start the editors from. */
export type LastAnswers = {
	schema?: string;
	openapi?: string;
	answers?: Record<string, string>;
	sections?: Record<string, string>;
};

/** The learner's newest answer of each step of lab `itemId` (their own data only). */
export function getLastAnswers(db: Db, userId: number, itemId: string): LastAnswers {
	const rows = db
		.select({ step: labAttempts.step, answer: labAttempts.answer })
		.from(labAttempts)
		.where(and(eq(labAttempts.userId, userId), eq(labAttempts.itemId, itemId)))
		.orderBy(asc(labAttempts.id))
		.all();
	const out: LastAnswers = {};
	for (const r of rows) {
		if (r.step === 'schema' || r.step === 'openapi') out[r.step] = String(r.answer.text ?? '');
		else if (r.step === 'capacity') out.answers = r.answer.answers as Record<string, string>;
		else out.sections = r.answer.sections as Record<string, string>;
	}
	return out;
}
