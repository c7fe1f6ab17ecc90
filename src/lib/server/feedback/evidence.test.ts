import { describe, expect, it } from 'vitest';
import { quoteOccurs, verifyQuotes } from './evidence';
import { foldForQuote, normaliseAnswer } from './normalize';

const answer =
	'网关对每个请求做鉴权（OAuth 2.0），并对个人信息脱敏。\nRetries use exponential backoff, capped at 3.';

describe('quoteOccurs', () => {
	it('accepts quotes that differ only in width, case, whitespace and punctuation form', () => {
		expect(quoteOccurs(answer, '网关对每个请求做鉴权(OAuth 2.0)')).toBe(true);
		expect(quoteOccurs(answer, '并对个人信息脱敏.')).toBe(true);
		expect(quoteOccurs(answer, 'retries   use EXPONENTIAL\nbackoff')).toBe(true);
		expect(quoteOccurs(answer, '“网关对每个请求做鉴权”')).toBe(true);
	});

	it('accepts a quote shortened with an ellipsis when the parts occur in order', () => {
		expect(quoteOccurs(answer, '网关对每个请求……个人信息脱敏')).toBe(true);
		expect(quoteOccurs(answer, '个人信息脱敏 ... 网关对每个请求')).toBe(false);
	});

	it('rejects fabricated and empty quotes', () => {
		expect(quoteOccurs(answer, '我们使用熔断器保护下游')).toBe(false);
		expect(quoteOccurs(answer, '  ')).toBe(false);
	});
});

describe('verifyQuotes', () => {
	it('keeps real quotes once and reports fabricated ones', () => {
		const r = verifyQuotes(answer, [
			'并对个人信息脱敏',
			'并对个人信息脱敏。',
			'We use a circuit breaker'
		]);
		expect(r.kept).toEqual(['并对个人信息脱敏']);
		expect(r.dropped).toEqual(['We use a circuit breaker']);
	});
});

describe('normalisation', () => {
	it('folds CJK punctuation and full-width forms', () => {
		expect(foldForQuote('Ａ，Ｂ。“c” ')).toBe('a,b."c"');
	});
	it('normalises answers for the cache key without losing paragraphs', () => {
		expect(normaliseAnswer('  a\r\n\r\n\r\n b　 c  ')).toBe('a\n\nb c');
	});
});
