import { describe, expect, it } from 'vitest';
import { highlightEvidence, locateQuote } from './highlight';
import { diffAnswers } from './diff';

describe('evidence in the answer', () => {
	const answer = '结论：所有请求经过 API 网关，统一鉴权。\n故障时熔断并降级。';

	it('finds quotes the way the pipeline verified them (width, spaces, ellipsis)', () => {
		const [[a, b]] = locateQuote(answer, '经过API网关,统一鉴权');
		expect(answer.slice(a, b)).toBe('经过 API 网关，统一鉴权');
		const parts = locateQuote(answer, '所有请求…统一鉴权');
		expect(parts.map(([s, e]) => answer.slice(s, e))).toEqual(['所有请求', '统一鉴权']);
		expect(locateQuote(answer, '完全不在答案里')).toEqual([]);
	});

	it('splits the answer into marked segments that rebuild it exactly', () => {
		const segs = highlightEvidence(answer, [['API 网关'], [], ['熔断并降级', 'API网关，统一']]);
		expect(segs.map((s) => s.text).join('')).toBe(answer);
		const marked = segs.filter((s) => s.marks.length > 0);
		expect(marked.map((s) => [s.text, s.marks])).toEqual([
			['API 网关', [0, 2]],
			['，统一', [2]],
			['熔断并降级', [2]]
		]);
		expect(segs.flatMap((s) => s.anchors)).toEqual(['ev-0-0', 'ev-2-1', 'ev-2-0']);
	});
});

describe('comparing versions', () => {
	it('marks changed words inside a changed line, Chinese included', () => {
		const d = diffAnswers(
			'第一行\n用网关鉴权。\n结尾',
			'第一行\n用 API 网关统一鉴权。\n结尾\n新的一行'
		);
		expect(d).toMatchObject({ added: 2, removed: 1 });
		const del = d.blocks.find((b) => b.kind === 'del');
		const add = d.blocks.find((b) => b.kind === 'add');
		expect(del && 'parts' in del && del.parts.map((p) => p.text).join('')).toBe('用网关鉴权。');
		expect(
			add && 'parts' in add && add.parts.some((p) => p.changed && p.text.includes('API'))
		).toBe(true);
		expect(
			add && 'parts' in add && add.parts.some((p) => !p.changed && p.text.includes('鉴权'))
		).toBe(true);
	});

	it('folds long unchanged runs and reports identical versions', () => {
		const lines = Array.from({ length: 20 }, (_, i) => `line ${i}`);
		const changed = [...lines];
		changed[10] = 'line ten';
		const d = diffAnswers(lines.join('\n'), changed.join('\n'), 'en');
		expect(d.blocks.filter((b) => b.kind === 'skip').map((b) => 'count' in b && b.count)).toEqual([
			8, 7
		]);
		expect(diffAnswers('same\n', 'same\n')).toEqual({
			blocks: [{ kind: 'same', parts: [{ text: 'same', changed: false }] }],
			added: 0,
			removed: 0
		});
	});
});
