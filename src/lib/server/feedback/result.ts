import type { FeedbackSource, OfflineReason } from '../db/schema/feedback';
import type { FeedbackLocale } from './rubric';

/** Feedback on one criterion, as stored and shown. Points come from the rubric, never the model. */
export type CriterionFeedback = {
	criterionId: string;
	/** Rank of the level reached (0 = lowest), one the rubric defines. */
	level: number;
	points: number;
	maxPoints: number;
	/** Quotes from the answer, each verified to occur in it. */
	evidence: string[];
	/** What the answer lacks for a higher level, in the feedback locale. */
	missing: string[];
	/** Key concept ids found by the offline check (empty for model feedback). */
	covered: string[];
	suggestion: string;
	/** False when a quote was dropped or a level above the lowest has no evidence. */
	verified: boolean;
};

/** A complete feedback result for one answer, before it is stored. */
export type FeedbackResult = {
	source: FeedbackSource;
	/** Why the offline check answered (offline results only; null when simply no provider asked). */
	offlineReason: OfflineReason | null;
	model: string | null;
	promptVersion: string | null;
	rubricId: string;
	rubricVersion: number;
	rubricHash: string;
	locale: FeedbackLocale;
	totalPoints: number;
	maxPoints: number;
	summary: string;
	criteria: CriterionFeedback[];
};

/** Sum of criterion points, rounded to 2 decimals (points may be fractional). */
export function sumPoints(criteria: Array<{ points: number }>): number {
	return Math.round(criteria.reduce((s, c) => s + c.points, 0) * 100) / 100;
}
