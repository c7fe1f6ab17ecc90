import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { renderDocument, renderMarkdown } from './index';
import { XSS_PAYLOADS as PAYLOADS } from '../../../../tests/support/xss-payloads';

/**
 * XSS payloads: tests/support/xss-payloads.ts (shared with the forum's browser test). Each is
 * rendered by BOTH sanitiser profiles and checked by parsing the output: only allow-listed elements
 * and attributes, no event handlers, no style, and every URL attribute safe after entity decoding.
 */

const TAGS = new Set(
	'h1 h2 h3 h4 h5 h6 p br hr blockquote ul ol li strong em del s code pre kbd sub sup a img table thead tbody tr th td details summary figure figcaption span input'.split(
		' '
	)
);
const ATTRS = new Set(
	'href title aria-hidden tabindex rel src alt width height align scope start data-mermaid type checked disabled open class id'.split(
		' '
	)
);
const URL_ATTRS = new Set([
	'href',
	'src',
	'srcset',
	'action',
	'formaction',
	'xlink:href',
	'data',
	'cite'
]);

type Element = { name: string; attribs: Record<string, string> };

function elementsOf(html: string): Element[] {
	const out: Element[] = [];
	const parser = new Parser({ onopentag: (name, attribs) => out.push({ name, attribs }) });
	parser.write(html);
	parser.end();
	return out;
}

/** Every way the output could run script or leave the site, checked on the parsed output. */
function unsafeParts(html: string, profile: 'user' | 'content'): string[] {
	const problems: string[] = [];
	for (const el of elementsOf(html)) {
		if (!TAGS.has(el.name)) problems.push(`element <${el.name}>`);
		if (el.name === 'input' && el.attribs.type !== 'checkbox')
			problems.push('a non-checkbox input');
		for (const [name, value] of Object.entries(el.attribs)) {
			if (!ATTRS.has(name)) problems.push(`attribute ${name} on <${el.name}>`);
			if (name === 'id' && profile === 'user') problems.push('an id in user content');
			if (URL_ATTRS.has(name)) {
				// htmlparser2 has decoded entities; browsers also ignore whitespace and control characters.
				// eslint-disable-next-line no-control-regex -- exactly what browsers strip
				const url = value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
				if (url.startsWith('//')) problems.push(`protocol-relative ${name}`);
				const scheme = url.match(/^([a-z][a-z0-9+.-]*):/)?.[1];
				if (scheme && !['http', 'https', 'mailto'].includes(scheme)) {
					problems.push(`${name} with scheme ${scheme}:`);
				}
			}
		}
	}
	return problems;
}

describe('sanitiser against XSS payloads', () => {
	it('has at least 50 payloads', () => {
		expect(PAYLOADS.length).toBeGreaterThanOrEqual(50);
	});

	it.each(PAYLOADS.map((p, i) => [i + 1, p]))('payload %i is harmless: %s', (_i, payload) => {
		const user = renderMarkdown(payload);
		const content = renderDocument(payload, { headingIds: true }).html;
		expect(unsafeParts(user, 'user')).toEqual([]);
		expect(unsafeParts(content, 'content')).toEqual([]);
		expect(user).not.toMatch(/<(script|svg|iframe|style|object|embed|form)\b/i);
	});
});

describe('sanitiser keeps what is safe', () => {
	it('keeps http(s), mailto, relative and fragment links', () => {
		const html = renderMarkdown(
			'[a](https://example.com/x?y=1) [b](mailto:a@example.com) [c](/cases/x) [d](#part) [e](http://example.com)'
		);
		const hrefs = elementsOf(html)
			.filter((e) => e.name === 'a')
			.map((e) => e.attribs.href);
		expect(hrefs).toEqual([
			'https://example.com/x?y=1',
			'mailto:a@example.com',
			'/cases/x',
			'#part',
			'http://example.com'
		]);
	});

	it('marks user links nofollow ugc and drops ids and targets', () => {
		const html = renderMarkdown('<a href="https://x.example" target="_blank" id="y">x</a>');
		const a = elementsOf(html).find((e) => e.name === 'a')!;
		expect(a.attribs).toEqual({
			href: 'https://x.example',
			rel: 'nofollow ugc noopener noreferrer'
		});
	});

	it('keeps code as escaped text', () => {
		const html = renderMarkdown('```html\n<script>alert(1)</script>\n```');
		expect(html).toContain('&lt;');
		expect(html).not.toContain('<script');
	});

	it('turns a Mermaid label with HTML into text, not an element', () => {
		const html = renderMarkdown(
			'```mermaid\nflowchart LR\n  A["<img src=x onerror=alert(1)>"]\n```'
		);
		expect(elementsOf(html).map((e) => e.name)).toEqual(['figure', 'pre', 'code']);
		expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
	});

	it('removes Mermaid configuration directives and front matter', () => {
		const init = renderMarkdown(
			'```mermaid\n%%{init: {"securityLevel": "loose"}}%%\nflowchart LR\n  A-->B\n```'
		);
		expect(init).not.toContain('securityLevel');
		expect(init).toContain('flowchart LR');
		const fm = renderMarkdown(
			'```mermaid\n---\nconfig:\n  securityLevel: loose\n---\nflowchart LR\n  A-->B\n```'
		);
		expect(fm).not.toContain('securityLevel');
		expect(fm).toContain('flowchart LR');
	});
});
