import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { createRawSnippet } from 'svelte';
import ScrollRegion from './ScrollRegion.svelte';

/** Rendered markup without Svelte's hydration comments. */
const html = (body: string) => body.replace(/<!--[^>]*-->/g, '');
const table = createRawSnippet(() => ({ render: () => '<table><tr><td>1</td></tr></table>' }));

describe('ScrollRegion', () => {
	it('is a focusable region named by the element it points at, around its content', () => {
		const out = html(
			render(ScrollRegion, {
				props: { labelledby: 'cap', class: 'mt-6', testid: 'box', children: table }
			}).body
		);
		expect(out).toMatch(
			/^<div class="mt-6 overflow-x-auto focus-visible:[^"]*" role="region" aria-labelledby="cap" tabindex="0" data-testid="box"><table>/
		);
		expect(out).not.toContain('aria-label=');
		expect(out).toMatch(/<\/table><\/div>$/);
	});

	it('takes a name of its own instead', () => {
		const out = html(
			render(ScrollRegion, { props: { label: 'Grading queue', children: table } }).body
		);
		expect(out).toMatch(
			/^<div class="overflow-x-auto [^"]*" role="region" aria-label="Grading queue" tabindex="0">/
		);
		expect(out).not.toContain('aria-labelledby');
	});
});
