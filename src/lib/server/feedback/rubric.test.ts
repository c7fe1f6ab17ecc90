import { describe, expect, it } from 'vitest';
import {
	claimsRubric,
	gatewayRubric,
	ticketRubric
} from '../../../../tests/fixtures/feedback/rubrics';
import { clampLevel, parseRubric, rubricHash, rubricMaximum, type RubricInput } from './rubric';

const minimal = (): RubricInput => ({
	id: 'exercise-x',
	version: 1,
	criteria: [
		{
			id: 'a',
			title: { 'zh-CN': '甲', en: 'A' },
			levels: [
				{ level: 0, points: 0, descriptor: { 'zh-CN': '无', en: 'none' } },
				{ level: 1, points: 5, descriptor: { 'zh-CN': '有', en: 'some' } }
			],
			concepts: [{ id: 'k', term: { 'zh-CN': '缓存', en: 'cache' } }]
		}
	]
});

describe('rubric', () => {
	it('sums each criterion’s highest level for the maximum', () => {
		expect(rubricMaximum(gatewayRubric)).toBe(6 + 6 + 6 + 4);
		expect(rubricMaximum(claimsRubric)).toBe(6 + 6 + 6 + 8);
		expect(rubricMaximum(ticketRubric)).toBe(8 + 8 + 5);
	});

	it('defaults synonyms and accepts a minimal rubric', () => {
		expect(parseRubric(minimal()).criteria[0].concepts[0].synonyms).toEqual({
			'zh-CN': [],
			en: []
		});
	});

	it('rejects duplicate criteria, duplicate levels, falling points and a missing translation', () => {
		const dupCriterion = minimal();
		dupCriterion.criteria.push(structuredClone(dupCriterion.criteria[0]));
		expect(() => parseRubric(dupCriterion)).toThrow(/duplicate a/);

		const dupLevel = minimal();
		dupLevel.criteria[0].levels[1].level = 0;
		expect(() => parseRubric(dupLevel)).toThrow(/level 0 twice/);

		const falling = minimal();
		falling.criteria[0].levels[1].points = -1;
		expect(() => parseRubric(falling)).toThrow();
		falling.criteria[0].levels = [
			{ level: 0, points: 3, descriptor: { 'zh-CN': '无', en: 'none' } },
			{ level: 1, points: 1, descriptor: { 'zh-CN': '有', en: 'some' } }
		];
		expect(() => parseRubric(falling)).toThrow(/must not decrease/);

		const untranslated = minimal() as unknown as { criteria: Array<{ title: object }> };
		untranslated.criteria[0].title = { 'zh-CN': '甲' };
		expect(() => parseRubric(untranslated)).toThrow();
	});

	it('clamps a level to the nearest one the criterion defines', () => {
		const c = ticketRubric.criteria[2]; // levels 0, 1, 2
		expect([-5, 0, 1, 1.4, 2, 9, Number.NaN].map((l) => clampLevel(c, l).level)).toEqual([
			0, 0, 1, 1, 2, 2, 0
		]);
	});

	it('hashes the rubric canonically: key order does not matter, content does', () => {
		const a = parseRubric(minimal());
		const reordered = JSON.parse(JSON.stringify(a, Object.keys(a).reverse()));
		expect(rubricHash({ ...a })).toBe(rubricHash(a));
		expect(rubricHash(parseRubric({ ...reordered, ...a }))).toBe(rubricHash(a));
		const changed = minimal();
		changed.criteria[0].levels[1].points = 6;
		expect(rubricHash(parseRubric(changed))).not.toBe(rubricHash(a));
	});
});
