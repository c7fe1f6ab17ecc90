import { describe, expect, it } from 'vitest';
import { indexTokens, segmentsOf } from './tokenize';
import { parseQuery, toFtsQuery } from './query';
import { buildSnippet, highlightParts, needlePattern } from './snippet';

describe('tokenize', () => {
	it('cuts CJK runs into bigrams (plus unigrams in their own column) and words into lower case', () => {
		expect(indexTokens('熔断器与 API网关；RAG 检索、幂 Ｉｄｅｍ')).toEqual({
			bi: '熔断 断器 器与 api 网关 rag 检索 幂 idem',
			uni: '熔 断 器 与 网 关 检 索 幂'
		});
	});

	it('segments mixed text in order', () => {
		expect(segmentsOf('API网关v2')).toEqual([
			{ type: 'word', text: 'api' },
			{ type: 'cjk', text: '网关' },
			{ type: 'word', text: 'v2' }
		]);
	});
});

describe('parseQuery / toFtsQuery', () => {
	const fts = (q: string) => toFtsQuery(parseQuery(q));

	it('matches CJK words as bigram phrases and single characters in the unigram column', () => {
		expect(fts('熔断器')).toBe('{title_bi body_bi} : "熔断 断器"');
		expect(fts('熔')).toBe('{title_uni body_uni} : "熔"');
	});

	it('ANDs terms, ORs around OR, keeps phrases and prefixes', () => {
		expect(fts('RAG 检索')).toBe('{title_bi body_bi} : "rag" AND {title_bi body_bi} : "检索"');
		expect(fts('"API 网关"')).toBe('{title_bi body_bi} : "api 网关"');
		expect(fts('限流 OR 熔断 json*')).toBe(
			'({title_bi body_bi} : "限流" OR {title_bi body_bi} : "熔断") AND {title_bi body_bi} : "json" *'
		);
	});

	it('turns FTS syntax typed by users into plain terms', () => {
		expect(fts('NEAR(a b)')).toBe('{title_bi body_bi} : "near a" AND {title_bi body_bi} : "b"');
		expect(fts('title_bi:x AND NOT "y')).toBe(
			'{title_bi body_bi} : "title bi x" AND {title_bi body_bi} : "and" AND {title_bi body_bi} : "not" AND {title_bi body_bi} : "y"'
		);
		expect(fts('*')).toBeNull();
		expect(fts('OR')).toBeNull();
		expect(fts('  "" ')).toBeNull();
	});
});

describe('snippets', () => {
	it('highlights words at word starts only, CJK anywhere, case-insensitively', () => {
		const pattern = needlePattern([
			{ text: 'api', prefix: false },
			{ text: '网关', prefix: false }
		]);
		expect(highlightParts('API网关 and rapid APIs', pattern)).toEqual([
			{ text: 'API', hit: true },
			{ text: '网关', hit: true },
			{ text: ' and rapid APIs', hit: false }
		]);
	});

	it('cuts a window around the matches with ellipses', () => {
		const text = `${'前文'.repeat(200)}这里讲熔断器。${'后文'.repeat(200)}`;
		const parts = buildSnippet(text, needlePattern([{ text: '熔断', prefix: false }]), 60);
		expect(parts[0]).toEqual({ text: '…', hit: false });
		expect(parts.at(-1)).toEqual({ text: '…', hit: false });
		expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['熔断']);
		expect(parts.map((p) => p.text).join('').length).toBeLessThanOrEqual(62);
	});
});
