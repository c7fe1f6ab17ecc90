import { describe, expect, it } from 'vitest';
import { markdownToText, renderDocument, renderInline, stripMermaidDirectives } from './index';

describe('renderDocument', () => {
	it('gives headings GitHub-style ids (CJK kept, duplicates numbered) and anchor links', () => {
		const doc = renderDocument('## 熔断 与 *限流*\n\n## Retry-After\n\n### Retry-After\n', {
			headingIds: true
		});
		expect(doc.headings).toEqual([
			{ depth: 2, text: '熔断 与 限流', id: '熔断-与-限流' },
			{ depth: 2, text: 'Retry-After', id: 'retry-after' },
			{ depth: 3, text: 'Retry-After', id: 'retry-after-1' }
		]);
		expect(doc.html).toContain(
			'<h2 id="熔断-与-限流">熔断 与 <em>限流</em><a class="heading-anchor" href="#熔断-与-限流" aria-hidden="true" tabindex="-1">#</a></h2>'
		);
	});

	it('renders GFM tables with alignment', () => {
		const { html } = renderDocument('| a | b |\n|---|:-:|\n| 1 | 2 |');
		expect(html).toContain('<th>a</th>');
		expect(html).toContain('<td align="center">2</td>');
	});

	it('highlights known languages with class-based spans and escapes unknown ones', () => {
		const json = renderDocument('```json\n{"a": 1}\n```').html;
		expect(json).toContain('<code class="hljs language-json">');
		expect(json).toContain('<span class="hljs-attr">"a"</span>');
		const unknown = renderDocument('```brainfuck\n<b>\n```').html;
		expect(unknown).toContain('<code class="hljs language-brainfuck">&lt;b&gt;</code>');
	});

	it('turns mermaid fences into diagram blocks and reports them', () => {
		const doc = renderDocument('```mermaid\nflowchart LR\n  A-->B\n```');
		expect(doc.hasMermaid).toBe(true);
		expect(doc.html).toContain(
			'<figure class="diagram"><pre class="mermaid-source" data-mermaid><code>flowchart LR\n  A--&gt;B</code></pre></figure>'
		);
		expect(renderDocument('text').hasMermaid).toBe(false);
	});

	it('renders task lists as disabled checkboxes', () => {
		const { html } = renderDocument('- [x] done\n- [ ] todo');
		expect(html).toContain('<input type="checkbox" disabled checked />');
		expect(html).toContain('<input type="checkbox" disabled />');
	});

	it('has no heading ids without headingIds', () => {
		expect(renderDocument('## x').html).toBe('<h2>x</h2>\n');
	});
});

describe('renderInline', () => {
	it('renders inline Markdown without a paragraph', () => {
		expect(renderInline('**a** `b` [c](https://x.example)')).toBe(
			'<strong>a</strong> <code>b</code> <a href="https://x.example">c</a>'
		);
	});
});

describe('markdownToText', () => {
	it('keeps words whole across formatting and drops Mermaid sources', () => {
		const text = markdownToText(
			'## 标题\n\n**熔断**器与`限流`。\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```mermaid\nflowchart LR\n  X-->Y\n```\n\n- one\n- two'
		);
		expect(text).toBe('标题\n\n熔断器与限流。\n\na b\n1 2\n\none\ntwo');
	});
});

describe('stripMermaidDirectives', () => {
	it('removes init directives anywhere and a leading config block', () => {
		expect(stripMermaidDirectives('%%{init: {"theme":"dark"}}%%\ngraph TD\n  A-->B')).toBe(
			'graph TD\n  A-->B'
		);
		expect(stripMermaidDirectives('---\nconfig:\n  theme: dark\n---\ngraph TD')).toBe('graph TD');
		expect(stripMermaidDirectives('graph TD\n  %%{ init: {} }%%\n  A-->B')).toBe(
			'graph TD\n  \n  A-->B'
		);
	});
});
