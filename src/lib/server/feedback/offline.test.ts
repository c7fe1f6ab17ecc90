import { describe, expect, it } from 'vitest';
import { labelledAnswers } from '../../../../tests/fixtures/feedback/labelled';
import {
	claimsRubric,
	fixtureRubrics,
	gatewayRubric,
	ticketRubric
} from '../../../../tests/fixtures/feedback/rubrics';
import { quoteOccurs } from './evidence';
import { estimateLevel, runOfflineCheck } from './offline';

const total = (id: string) => {
	const item = labelledAnswers.find((a) => a.id === id);
	if (!item) throw new Error(id);
	return runOfflineCheck(fixtureRubrics[item.rubricId], item.answer, item.locale).totalPoints;
};

describe('offline rubric check', () => {
	it('ranks every strong answer above every good, weak, off-topic and empty one on the shipped set', () => {
		for (const rubricId of Object.keys(fixtureRubrics)) {
			const mine = labelledAnswers.filter((a) => a.rubricId === rubricId);
			const of = (q: string[]) => mine.filter((a) => q.includes(a.quality)).map((a) => total(a.id));
			const strong = of(['strong']);
			const good = of(['good']);
			const low = of(['weak', 'off-topic', 'empty']);
			expect(strong.length).toBeGreaterThan(0);
			expect(Math.min(...strong)).toBeGreaterThan(Math.max(...good));
			expect(Math.min(...good)).toBeGreaterThan(Math.max(...low));
		}
	});

	it('gives an injected instruction nothing', () => {
		for (const a of labelledAnswers.filter((x) => x.injectionOf)) {
			expect(total(a.id)).toBe(total(a.injectionOf as string));
		}
	});

	it('gives the lowest level everywhere for an empty answer, labelled as offline', () => {
		const r = runOfflineCheck(gatewayRubric, '', 'en', 'quota');
		expect(r).toMatchObject({
			source: 'offline',
			offlineReason: 'quota',
			model: null,
			totalPoints: 0,
			maxPoints: 22
		});
		expect(r.summary).toContain('not AI');
		expect(r.criteria.every((c) => c.level === 0 && c.evidence.length === 0)).toBe(true);
		expect(r.criteria[0].missing).toEqual([
			'JSON Schema',
			'validation',
			'versioning',
			'error code'
		]);
	});

	it('reports coverage, missing concepts in the feedback language, and evidence quoted from the answer', () => {
		const answer = '调用模型设置超时，失败后 retry。\n另外我们用 Prometheus 做监控。';
		const r = runOfflineCheck(gatewayRubric, answer, 'zh-CN');
		const res = r.criteria.find((c) => c.criterionId === 'resilience');
		expect(res).toMatchObject({
			covered: ['timeout', 'retry'],
			missing: ['熔断', '降级'],
			level: 2,
			points: 4
		});
		expect(res?.evidence).toEqual(['调用模型设置超时，失败后 retry']);
		for (const c of r.criteria)
			for (const q of c.evidence) expect(quoteOccurs(answer, q)).toBe(true);
		expect(r.criteria.find((c) => c.criterionId === 'operations')).toMatchObject({
			level: 1,
			points: 1
		});
		expect(r.totalPoints).toBe(5);
	});

	it('is deterministic', () => {
		const a = labelledAnswers[0];
		expect(runOfflineCheck(gatewayRubric, a.answer, 'zh-CN')).toEqual(
			runOfflineCheck(gatewayRubric, a.answer, 'zh-CN')
		);
	});

	it('estimates levels from the share of concepts covered', () => {
		const c4 = claimsRubric.criteria[0]; // 4 levels, 4 concepts
		expect([0, 1, 2, 3, 4].map((n) => estimateLevel(c4, n))).toEqual([0, 1, 2, 2, 3]);
		const c3 = ticketRubric.criteria[2]; // 3 levels, 3 concepts
		expect([0, 1, 2, 3].map((n) => estimateLevel(c3, n))).toEqual([0, 1, 1, 2]);
	});
});
