import type { Locale } from '$lib/server/db/schema';
import type { Rubric, StoredFeedback } from '$lib/server/feedback';

/** One criterion's feedback as the submission page shows it, in the reader's language. */
export type FeedbackCard = {
	criterionId: string;
	/** Position in the rubric, 0-based (evidence anchors are "ev-<position>-<k>"). */
	position: number;
	title: string;
	level: number;
	/** Highest level of the criterion. */
	topLevel: number;
	descriptor: string;
	points: number;
	maxPoints: number;
	evidence: Array<{ quote: string; anchor: string }>;
	missing: string[];
	/** Key concepts the offline check found, named in the reader's language. */
	covered: string[];
	suggestion: string;
	verified: boolean;
};

/**
 * Joins a stored feedback with the rubric of its exercise version: criterion titles and the reached
 * level's descriptor in `locale`, in rubric order (criteria the feedback lacks are left out).
 */
export function feedbackCards(fb: StoredFeedback, rubric: Rubric, locale: Locale): FeedbackCard[] {
	const byId = new Map(fb.criteria.map((c) => [c.criterionId, c]));
	return rubric.criteria.flatMap((c, position) => {
		const f = byId.get(c.id);
		if (!f) return [];
		const level = c.levels.find((l) => l.level === f.level);
		const concepts = new Map(c.concepts.map((k) => [k.id, k.term[locale]]));
		return [
			{
				criterionId: c.id,
				position,
				title: c.title[locale],
				level: f.level,
				topLevel: Math.max(...c.levels.map((l) => l.level)),
				descriptor: level?.descriptor[locale] ?? '',
				points: f.points,
				maxPoints: f.maxPoints,
				evidence: f.evidence.map((quote, k) => ({ quote, anchor: `ev-${position}-${k}` })),
				missing: f.missing,
				covered: f.covered.map((id) => concepts.get(id) ?? id),
				suggestion: f.suggestion,
				verified: f.verified
			}
		];
	});
}
