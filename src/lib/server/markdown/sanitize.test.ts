import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { renderDocument, renderMarkdown } from './index';

/**
 * XSS payloads (OWASP XSS filter evasion cheat sheet, PortSwigger's cheat sheet, mXSS and Mermaid
 * directive tricks), each rendered by BOTH sanitiser profiles and checked by parsing the output:
 * only allow-listed elements and attributes, no event handlers, no style, and every URL attribute
 * safe after entity decoding.
 */
const PAYLOADS: string[] = [
	// script elements
	'<script>alert(1)</script>',
	'<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
	'<scr<script>ipt>alert(1)</script>',
	'<<script>script>alert(1)<</script>/script>',
	'<script/xss src=x></script>',
	'<template><script>alert(1)</script></template>',
	// event handlers
	'<img src=x onerror=alert(1)>',
	'<img src="x" ONERROR="alert(1)">',
	'<img src=x onerror\n=alert(1)>',
	'<img src=x:alert(alt) onerror=eval(src) alt=0>',
	'<body onload=alert(1)>',
	'<div onmouseover="alert(1)">hover</div>',
	'<a href="https://ok.example" onclick="alert(1)">x</a>',
	'<details open ontoggle=alert(1)><summary>x</summary></details>',
	'<input autofocus onfocus=alert(1)>',
	'<input type="checkbox" onclick=alert(1) checked>',
	'<p/onmouseover=alert(1)>x',
	'<video><source onerror="alert(1)"></video>',
	'<audio src=x onerror=alert(1)>',
	'<marquee onstart=alert(1)>x</marquee>',
	'<h2 onclick=alert(1)>title</h2>',
	'<pre data-mermaid onclick=alert(1)>graph TD</pre>',
	// javascript: links, with case, entity, whitespace and encoding tricks
	'[x](javascript:alert(1))',
	'[x](JaVaScRiPt:alert(1))',
	'[x](<javascript:alert(1)>)',
	'[x][1]\n\n[1]: javascript:alert(1)',
	'<javascript:alert(1)>',
	'[x](javascript&#58;alert(1))',
	'<a href="javascript:alert(1)">x</a>',
	'<a href=" javascript:alert(1)">x</a>',
	'<a href="jav&#x61;script:alert(1)">x</a>',
	'<a href="jav&#97;script:alert(1)">x</a>',
	'<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
	'<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
	'<a href="&#0000106avascript:alert(1)">x</a>',
	'<a href="java&#x09;script:alert(1)">x</a>',
	'<a href="java&#x0A;script:alert(1)">x</a>',
	'<a href="java\nscript:alert(1)">x</a>',
	'<a href="javascript&colon;alert(1)">x</a>',
	'<a href="java%0ascript:alert(1)">x</a>',
	'<a href="livescript:alert(1)">x</a>',
	'<a href="vbscript:msgbox(1)">x</a>',
	'<a href="VBScript:msgbox(1)">x</a>',
	'[x](vbscript:msgbox(1))',
	// data: URLs
	'<a href="data:text/html,<script>alert(1)</script>">x</a>',
	'<a href="DATA:text/html,x">x</a>',
	'<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
	'[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
	'![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
	'<img src="data:image/svg+xml,<svg onload=alert(1)>">',
	'<img srcset="javascript:alert(1) 1x">',
	'<a href="//evil.example/phish">x</a>',
	// SVG and MathML
	'<svg onload=alert(1)>',
	'<svg><script>alert(1)</script></svg>',
	'<svg><a xlink:href="javascript:alert(1)"><text x="0" y="20">x</text></a></svg>',
	'<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
	'<math href="javascript:alert(1)">x</math>',
	'<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
	'<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
	'<!--<img src=x onerror=alert(1)>-->',
	// frames, objects, forms, metadata, styles
	'<iframe src="javascript:alert(1)"></iframe>',
	'<iframe srcdoc="<script>alert(1)</script>"></iframe>',
	'<object data="javascript:alert(1)"></object>',
	'<embed src="javascript:alert(1)">',
	'<form action="javascript:alert(1)"><button>x</button></form>',
	'<button formaction="javascript:alert(1)">x</button>',
	'<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
	'<base href="javascript:alert(1)//">',
	'<link rel=stylesheet href="javascript:alert(1)">',
	'<style>@import "javascript:alert(1)";</style>',
	'<div style="background:url(javascript:alert(1))">x</div>',
	'<p style="width: expression(alert(1))">x</p>',
	'<a href="https://ok.example" target="_blank" style="color:red">x</a>',
	// DOM clobbering
	'<a href="#" id="location" name="cookie">x</a>',
	'<img name="getElementById" src="x">',
	// code must come out as text
	'```html\n<script>alert(1)</script>\n```',
	'`<img src=x onerror=alert(1)>`',
	// Mermaid directives and labels
	'```mermaid\n%%{init: {"securityLevel": "loose"}}%%\nflowchart LR\n  A-->B\n```',
	'```mermaid\n---\nconfig:\n  securityLevel: loose\n---\nflowchart LR\n  A-->B\n```',
	"```mermaid\n%%{ init: { 'theme': 'base', 'themeCSS': '} body { background: url(javascript:alert(1))' } }%%\ngraph TD\n  A-->B\n```",
	'```mermaid\nflowchart LR\n  A["<img src=x onerror=alert(1)>"]\n  click A "javascript:alert(1)"\n```'
];

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
