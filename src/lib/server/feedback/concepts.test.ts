import { describe, expect, it } from 'vitest';
import { ConceptMatcher, tokens } from './concepts';
import type { KeyConcept } from './rubric';

const concept = (id: string, zh: string, en: string, zhSyn: string[] = [], enSyn: string[] = []) =>
	({
		id,
		term: { 'zh-CN': zh, en },
		synonyms: { 'zh-CN': zhSyn, en: enSyn }
	}) satisfies KeyConcept;

const matcher = new ConceptMatcher([
	concept('cache', '缓存', 'cache', [], ['caching']),
	concept('semantic-cache', '语义缓存', 'semantic cache'),
	concept('retry', '重试', 'retry', ['退避'], ['backoff']),
	concept('rate-limit', '限流', 'rate limit', ['配额'], ['throttling']),
	concept('gateway', 'API 网关', 'API gateway')
]);

describe('ConceptMatcher', () => {
	it('segments Chinese by longest term first, so a longer concept is not also counted as its prefix', () => {
		const found = matcher.covered('我们在网关前加了语义缓存，命中后直接返回。');
		expect([...found]).toEqual(['semantic-cache']);
	});

	it('matches Chinese terms across whitespace, full-width letters and case', () => {
		expect(matcher.covered('使用 ａｐｉ　网关 统一入口')).toContain('gateway');
		expect(matcher.covered('使用api网关统一入口')).toContain('gateway');
		expect(matcher.covered('使用 API\n网关')).toContain('gateway');
	});

	it('matches English on word boundaries with stemming, case-insensitively', () => {
		expect(
			[...matcher.covered('Retries use exponential BACKOFF; we apply rate-limiting.')].sort()
		).toEqual(['rate-limit', 'retry']);
		expect(matcher.covered('Responses are cached per tenant')).toContain('cache');
		// "recache" is another word: no match inside a word.
		expect(matcher.covered('we recache nothing')).not.toContain('cache');
	});

	it('finds concepts of either language in a mixed answer', () => {
		const found = matcher.covered('调用失败时 retry 三次，并做限流。');
		expect([...found].sort()).toEqual(['rate-limit', 'retry']);
	});

	it('reports offsets into the original answer', () => {
		const answer = 'Ａ　重试 and backoff';
		const hits = matcher.find(answer);
		expect(hits.map((h) => answer.slice(h.start, h.end))).toEqual(['重试', 'backoff']);
	});

	it('finds nothing in an empty or unrelated answer', () => {
		expect(matcher.find('').length).toBe(0);
		expect(matcher.find('今天天气很好，we had lunch.').length).toBe(0);
	});
});

describe('tokens', () => {
	it('splits on punctuation and hyphens, folds full-width and keeps offsets', () => {
		const s = 'Rate-limiting ＡＰＩ calls';
		expect(tokens(s).map((t) => [t.stem, s.slice(t.start, t.end)])).toEqual([
			['rate', 'Rate'],
			['limit', 'limiting'],
			['api', 'ＡＰＩ'],
			['call', 'calls']
		]);
	});
});
