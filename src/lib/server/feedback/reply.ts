import { z } from 'zod';
import { verifyQuotes } from './evidence';
import type { CriterionFeedback, FeedbackResult } from './result';
import { sumPoints } from './result';
import {
	clampLevel,
	criterionMaximum,
	rubricHash,
	rubricMaximum,
	sortedLevels,
	type FeedbackLocale,
	type Rubric
} from './rubric';

/**
 * What the model must reply (prompt v1): one entry per criterion, in any order. Every field is
 * required (strict structured output allows no optional fields). Levels are checked and clamped by
 * code; points and totals are never asked for.
 */
export const modelReplySchema = z.object({
	criteria: z.array(
		z.object({
			criterion_id: z.string(),
			level: z.number(),
			evidence: z.array(z.string()),
			missing: z.array(z.string()),
			suggestion: z.string()
		})
	),
	summary: z.string()
});
export type ModelReply = z.infer<typeof modelReplySchema>;

/** A reply that could not be used: `kind` says why (drives the repair prompt and the accounting). */
export class InvalidReplyError extends Error {
	constructor(
		public readonly kind: 'malformed' | 'refusal' | 'length',
		message: string
	) {
		super(message);
		this.name = 'InvalidReplyError';
	}
}

const FENCE = /^\s*```[a-zA-Z0-9_-]*\s*\n?([\s\S]*?)\n?\s*```\s*$/;

/**
 * Parses the model's text into a {@link ModelReply}: strict JSON first; failing that, the JSON
 * inside a Markdown fence, or the outermost `{…}` of a reply with prose around it. Then checks it
 * against the schema and that it covers exactly the rubric's criteria.
 * @throws InvalidReplyError('malformed') naming what is wrong (used in the repair prompt).
 */
export function parseModelReply(text: string, rubric: Rubric): ModelReply {
	const candidates = [text];
	const fenced = FENCE.exec(text);
	if (fenced) candidates.push(fenced[1]);
	const first = text.indexOf('{');
	const last = text.lastIndexOf('}');
	if (first >= 0 && last > first) candidates.push(text.slice(first, last + 1));
	let json: unknown;
	let parsed = false;
	for (const c of candidates) {
		try {
			json = JSON.parse(c);
			parsed = true;
			break;
		} catch {
			/* next candidate */
		}
	}
	if (!parsed) throw new InvalidReplyError('malformed', 'the reply is not valid JSON');
	const result = modelReplySchema.safeParse(json);
	if (!result.success) {
		const issues = result.error.issues
			.slice(0, 5)
			.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
		throw new InvalidReplyError(
			'malformed',
			`the JSON does not match the schema: ${issues.join('; ')}`
		);
	}
	const expected = new Set(rubric.criteria.map((c) => c.id));
	const got = result.data.criteria.map((c) => c.criterion_id);
	const unknown = got.filter((id) => !expected.has(id));
	const absent = [...expected].filter((id) => !got.includes(id));
	const twice = got.filter((id, i) => got.indexOf(id) !== i);
	if (unknown.length || absent.length || twice.length) {
		const parts = [
			absent.length ? `missing criteria: ${absent.join(', ')}` : '',
			unknown.length ? `unknown criteria: ${unknown.join(', ')}` : '',
			twice.length ? `criteria given twice: ${twice.join(', ')}` : ''
		].filter(Boolean);
		throw new InvalidReplyError('malformed', parts.join('; '));
	}
	return result.data;
}

/** Longest text kept from the model per field, in characters (a runaway reply is cut, not stored whole). */
const MAX_FIELD = 1_000;
const MAX_ITEMS = 8;
const cut = (s: string) => (s.length > MAX_FIELD ? `${s.slice(0, MAX_FIELD)}…` : s).trim();

/**
 * Turns a validated reply into stored feedback, trusting nothing numeric from the model: each level
 * is clamped to one the rubric defines, points come from that level, totals are summed by code.
 * Evidence quotes that do not occur in the answer are dropped and the criterion marked unverified;
 * so is a criterion above the lowest level with no evidence left.
 */
export function finaliseModelReply(
	reply: ModelReply,
	rubric: Rubric,
	answer: string,
	ctx: { locale: FeedbackLocale; model: string; promptVersion: string }
): FeedbackResult {
	const byId = new Map(reply.criteria.map((c) => [c.criterion_id, c]));
	const criteria: CriterionFeedback[] = rubric.criteria.map((c) => {
		const r = byId.get(c.id);
		const level = clampLevel(c, Math.round(r?.level ?? 0));
		const { kept, dropped } = verifyQuotes(answer, (r?.evidence ?? []).slice(0, MAX_ITEMS));
		const lowest = sortedLevels(c)[0].level;
		return {
			criterionId: c.id,
			level: level.level,
			points: level.points,
			maxPoints: criterionMaximum(c),
			evidence: kept.map(cut),
			missing: (r?.missing ?? []).slice(0, MAX_ITEMS).map(cut).filter(Boolean),
			covered: [],
			suggestion: cut(r?.suggestion ?? ''),
			verified: dropped.length === 0 && (kept.length > 0 || level.level === lowest)
		};
	});
	return {
		source: 'model',
		offlineReason: null,
		model: ctx.model,
		promptVersion: ctx.promptVersion,
		rubricId: rubric.id,
		rubricVersion: rubric.version,
		rubricHash: rubricHash(rubric),
		locale: ctx.locale,
		totalPoints: sumPoints(criteria),
		maxPoints: rubricMaximum(rubric),
		summary: cut(reply.summary),
		criteria
	};
}
