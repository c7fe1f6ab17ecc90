import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { labAttempts, users, type LabAttempt, type LabStep } from '../db/schema';
import { getFeedback } from '../feedback/store';
import type { LabKey } from '../content/kinds/lab';
import type { SampleOutcome } from './schema-check';
import type { CapacityOutcome } from './capacity';
import { getLabKey } from './catalog';
import { listLabProgress } from './attempts';

/** A mistake counted over each learner's latest attempt of a step. */
export type MistakeCount = {
	/** Sample id (interface), question id (capacity) or criterion id (runbook). */
	id: string;
	step: LabStep;
	/** For samples: whether the sample is valid (so "wrongly rejected" or "wrongly accepted"). */
	valid: boolean | null;
	/** For samples: the hint in both languages (never the payload). */
	hint: { 'zh-CN': string; en: string } | null;
	/** Latest attempts that got it wrong (runbooks: below the criterion's top level). */
	wrong: number;
	/** Latest attempts that were judged on it. */
	judged: number;
};

export type LabStats = {
	itemId: string;
	learners: number;
	passed: number;
	attempts: number;
	/** Mean of each learner's best score, as a fraction (0–1); null when nothing is scored. */
	meanBest: number | null;
	/** Most common first. */
	mistakes: MistakeCount[];
};

/**
 * Per-lab results for staff, over the learners in `userIds` (every learner when undefined):
 * learners who attempted, passed, attempts, mean best score, and the most common mistakes over
 * each learner's latest attempt of each step — hidden samples by their opaque id and hint (which
 * sample most schemas misjudge), capacity questions answered outside the tolerance, runbook
 * criteria below their top level.
 */
export function labStats(db: Db, itemIds: string[], userIds?: number[]): Map<string, LabStats> {
	const out = new Map<string, LabStats>();
	for (const id of itemIds) {
		out.set(id, { itemId: id, learners: 0, passed: 0, attempts: 0, meanBest: null, mistakes: [] });
	}
	if (itemIds.length === 0 || userIds?.length === 0) return out;
	let rows = db
		.select({ a: labAttempts })
		.from(labAttempts)
		.innerJoin(users, eq(users.id, labAttempts.userId))
		.where(inArray(labAttempts.itemId, itemIds))
		.orderBy(asc(labAttempts.id))
		.all()
		.map((r) => r.a);
	if (userIds) {
		const allowed = new Set(userIds);
		rows = rows.filter((r) => allowed.has(r.userId));
	}
	const byUser = new Map<number, LabAttempt[]>();
	for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);

	const bests = new Map<string, number[]>();
	for (const [userId] of byUser) {
		for (const [itemId, p] of listLabProgress(db, userId)) {
			const s = out.get(itemId);
			if (!s) continue;
			s.learners++;
			s.attempts += p.attempts;
			if (p.state === 'passed') s.passed++;
			if (p.best !== null) bests.set(itemId, [...(bests.get(itemId) ?? []), p.best]);
		}
	}
	for (const [itemId, list] of bests) {
		out.get(itemId)!.meanBest = list.reduce((a, b) => a + b, 0) / list.length;
	}

	// Latest attempt of each (learner, lab, step).
	const latest = new Map<string, LabAttempt>();
	for (const r of rows) latest.set(`${r.userId}/${r.itemId}/${r.step}`, r);
	const keys = new Map<string, LabKey | undefined>();
	const keyOf = (r: LabAttempt) => {
		const k = `${r.itemId}@${r.itemVersion}`;
		if (!keys.has(k)) keys.set(k, getLabKey(db, r.itemId, r.itemVersion));
		return keys.get(k);
	};
	const counts = new Map<string, MistakeCount>();
	const count = (itemId: string, m: Omit<MistakeCount, 'wrong' | 'judged'>, wrong: boolean) => {
		const k = `${itemId}/${m.step}/${m.id}`;
		const c = counts.get(k) ?? { ...m, wrong: 0, judged: 0 };
		c.judged++;
		if (wrong) c.wrong++;
		counts.set(k, c);
	};
	for (const r of latest.values()) {
		if (r.step === 'schema' || r.step === 'openapi') {
			const samples = (r.result?.samples ?? []) as SampleOutcome[];
			const key = keyOf(r)?.samples;
			const all = [
				...(key?.schema ?? []),
				...(key?.openapi?.request ?? []),
				...(key?.openapi?.response ?? [])
			];
			for (const s of samples) {
				const hint = all.find((x) => x.id === s.id)?.hint ?? null;
				count(r.itemId, { id: s.id, step: r.step, valid: s.valid, hint }, !s.correct);
			}
		} else if (r.step === 'capacity') {
			for (const o of (r.result?.outcomes ?? []) as CapacityOutcome[]) {
				count(r.itemId, { id: o.id, step: r.step, valid: null, hint: null }, !o.correct);
			}
		} else if (r.submissionId) {
			const fb = getFeedback(db, r.submissionId)?.feedback;
			for (const c of fb?.criteria ?? []) {
				count(
					r.itemId,
					{ id: c.criterionId, step: r.step, valid: null, hint: null },
					c.points < c.maxPoints
				);
			}
		}
	}
	for (const [k, c] of counts) {
		out.get(k.split('/')[0])?.mistakes.push(c);
	}
	for (const s of out.values()) {
		s.mistakes.sort((a, b) => b.wrong / b.judged - a.wrong / a.judged || b.wrong - a.wrong);
	}
	return out;
}
