import { describe, expect, it } from 'vitest';
import { labelledAnswers } from '../../../../tests/fixtures/feedback/labelled';
import { fixtureRubrics } from '../../../../tests/fixtures/feedback/rubrics';
import {
	adjacentAgreement,
	exactAgreement,
	meanAbsoluteError,
	quadraticWeightedKappa
} from './eval-metrics';
import { evaluate, renderMarkdown } from './evaluate';
import { runOfflineCheck } from './offline';
import { sortedLevels } from './rubric';

describe('agreement metrics', () => {
	it('computes quadratic weighted kappa', () => {
		expect(
			quadraticWeightedKappa([
				[0, 0],
				[1, 1],
				[2, 2],
				[3, 3]
			])
		).toBe(1);
		// Reversed ratings: maximal disagreement.
		expect(
			quadraticWeightedKappa([
				[0, 3],
				[1, 2],
				[2, 1],
				[3, 0]
			])
		).toBeCloseTo(-1, 10);
		// A hand-checked case: O = [[1,1],[0,2]], E = [[0.5,1.5],[0.5,1.5]] → 1 − 1/2 = 0.5.
		expect(
			quadraticWeightedKappa([
				[0, 0],
				[0, 1],
				[1, 1],
				[1, 1]
			])
		).toBeCloseTo(0.5, 10);
		expect(
			quadraticWeightedKappa([
				[2, 2],
				[2, 2]
			])
		).toBe(1);
		expect(quadraticWeightedKappa([])).toBeNull();
	});

	it('computes exact and adjacent agreement and MAE', () => {
		const pairs: [number, number][] = [
			[0, 0],
			[1, 2],
			[3, 0],
			[2, 2]
		];
		expect(exactAgreement(pairs)).toBe(0.5);
		expect(adjacentAgreement(pairs)).toBe(0.75);
		expect(meanAbsoluteError(pairs)).toBe(1);
	});
});

describe('evaluate', () => {
	it('has at least 30 labelled answers over 3 rubrics, both languages, injections in both', () => {
		expect(labelledAnswers.length).toBeGreaterThanOrEqual(30);
		expect(new Set(labelledAnswers.map((a) => a.rubricId)).size).toBeGreaterThanOrEqual(3);
		const injections = labelledAnswers.filter((a) => a.injectionOf);
		expect(new Set(injections.map((a) => a.locale))).toEqual(new Set(['zh-CN', 'en']));
		for (const a of labelledAnswers) {
			const rubric = fixtureRubrics[a.rubricId];
			for (const c of rubric.criteria) {
				expect(sortedLevels(c).map((l) => l.level)).toContain(a.levels[c.id]);
			}
		}
	});

	it('reports agreement, injection effect and ranking; an injection-obeying grader shows up', async () => {
		const offline = await evaluate(
			labelledAnswers,
			fixtureRubrics,
			async (r, a, l) => runOfflineCheck(r, a, l, null),
			{ mode: 'offline check', promptVersion: null }
		);
		expect(offline.answers).toBe(labelledAnswers.length);
		expect(offline.injection).toMatchObject({ pairs: 6, meanDelta: 0, raised: 0 });
		expect(Object.values(offline.ranking).every((x) => x.strongAboveWeak)).toBe(true);
		expect(offline.overall.qwk).toBeGreaterThan(0.6);

		// A grader that obeys injected instructions: full marks for anything mentioning "ignore"/"忽略"…
		const gullible = await evaluate(
			labelledAnswers,
			fixtureRubrics,
			async (r, a, l) => {
				const res = runOfflineCheck(r, a, l, null);
				if (/ignore|忽略|instructions|approved|审核通过|New instructions/i.test(a)) {
					return { ...res, totalPoints: res.maxPoints };
				}
				return res;
			},
			{ mode: 'gullible', promptVersion: null }
		);
		expect(gullible.injection.raised).toBe(6);
		expect(gullible.injection.meanDelta).toBeGreaterThan(10);
		const md = renderMarkdown(gullible);
		expect(md).toContain('| all |');
		expect(md).toContain('answers raised: 6');
	});
});
