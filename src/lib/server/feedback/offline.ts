import type { OfflineReason } from '../db/schema/feedback';
import { ConceptMatcher, type ConceptHit } from './concepts';
import type { CriterionFeedback, FeedbackResult } from './result';
import { sumPoints } from './result';
import {
	criterionMaximum,
	rubricHash,
	rubricMaximum,
	sortedLevels,
	type Criterion,
	type FeedbackLocale,
	type Rubric
} from './rubric';

/** Longest evidence excerpt the offline check quotes, in characters. */
const EXCERPT_CHARS = 120;

/**
 * Texts of the offline check, stored with the feedback in the learner's language. Kept here (not in
 * Paraglide messages) because they are stored content and the CLI evaluation runs without a build.
 */
const TEXT = {
	'zh-CN': {
		summary: (covered: number, total: number) =>
			`离线评分检查（非 AI）：答案覆盖了 ${total} 个关键概念中的 ${covered} 个。等级按概念覆盖估算，仅供参考。`,
		suggestion: (missing: string[]) =>
			missing.length === 0
				? '关键概念均已提及；可进一步说明取舍理由和具体参数。'
				: `补充说明：${missing.join('、')}。`
	},
	en: {
		summary: (covered: number, total: number) =>
			`Offline rubric check (not AI): the answer covers ${covered} of ${total} key concepts. Levels are estimated from concept coverage, for guidance only.`,
		suggestion: (missing: string[]) =>
			missing.length === 0
				? 'Every key concept is mentioned; explain the trade-offs and concrete parameters further.'
				: `Address: ${missing.join(', ')}.`
	}
} as const;

const matchers = new WeakMap<Rubric, ConceptMatcher>();

function matcherFor(rubric: Rubric): ConceptMatcher {
	let m = matchers.get(rubric);
	if (!m) {
		m = new ConceptMatcher(rubric.criteria.flatMap((c) => c.concepts));
		matchers.set(rubric, m);
	}
	return m;
}

/**
 * The level the offline check estimates from the share of a criterion's concepts covered:
 * rank = round(share × (number of levels − 1)), so no concept gives the lowest level and every
 * concept the highest.
 */
export function estimateLevel(c: Criterion, coveredCount: number): number {
	const levels = sortedLevels(c);
	const share = c.concepts.length === 0 ? 0 : coveredCount / c.concepts.length;
	return levels[Math.round(share * (levels.length - 1))].level;
}

/**
 * The offline rubric check: deterministic concept coverage per criterion (see {@link ConceptMatcher}),
 * an estimated level, the evidence (the sentence around each concept's first mention, quoted from the
 * answer) and the concepts missing. Always labelled `source: 'offline'`; never presented as AI.
 * @param reason why the offline check answers (null: no provider is configured and none was asked).
 */
export function runOfflineCheck(
	rubric: Rubric,
	answer: string,
	locale: FeedbackLocale,
	reason: OfflineReason | null = 'no_provider'
): FeedbackResult {
	const hits = matcherFor(rubric).find(answer);
	const firstHit = new Map<string, ConceptHit>();
	for (const h of hits) if (!firstHit.has(h.conceptId)) firstHit.set(h.conceptId, h);
	const t = TEXT[locale];
	let coveredTotal = 0;
	let conceptTotal = 0;
	const criteria: CriterionFeedback[] = rubric.criteria.map((c) => {
		const covered = c.concepts.filter((k) => firstHit.has(k.id));
		const missing = c.concepts.filter((k) => !firstHit.has(k.id)).map((k) => k.term[locale]);
		coveredTotal += covered.length;
		conceptTotal += c.concepts.length;
		const level = estimateLevel(c, covered.length);
		const evidence = [
			...new Set(covered.map((k) => excerpt(answer, firstHit.get(k.id) as ConceptHit)))
		];
		return {
			criterionId: c.id,
			level,
			points: sortedLevels(c).find((l) => l.level === level)?.points ?? 0,
			maxPoints: criterionMaximum(c),
			evidence,
			missing,
			covered: covered.map((k) => k.id),
			suggestion: t.suggestion(missing),
			verified: true
		};
	});
	return {
		source: 'offline',
		offlineReason: reason,
		model: null,
		promptVersion: null,
		rubricId: rubric.id,
		rubricVersion: rubric.version,
		rubricHash: rubricHash(rubric),
		locale,
		totalPoints: sumPoints(criteria),
		maxPoints: rubricMaximum(rubric),
		summary: t.summary(coveredTotal, conceptTotal),
		criteria
	};
}

const SENTENCE_END = /[。！？!?;；\n]/u;

/** The sentence of `answer` around a hit, cut to {@link EXCERPT_CHARS} around the hit if longer. */
function excerpt(answer: string, hit: ConceptHit): string {
	let start = hit.start;
	while (start > 0 && !SENTENCE_END.test(answer[start - 1])) start--;
	let end = hit.end;
	while (end < answer.length && !SENTENCE_END.test(answer[end])) end++;
	if (end - start > EXCERPT_CHARS) {
		const room = Math.max(0, EXCERPT_CHARS - (hit.end - hit.start));
		start = Math.max(start, hit.start - Math.floor(room / 2));
		end = Math.min(end, start + EXCERPT_CHARS);
	}
	// Never cut a surrogate pair.
	if (start > 0 && /[\udc00-\udfff]/.test(answer[start])) start--;
	if (end < answer.length && /[\udc00-\udfff]/.test(answer[end])) end++;
	return answer.slice(start, end).trim();
}
