import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import Prose from '$lib/components/content/Prose.svelte';
import {
	RenderedHtml,
	htmlOf,
	readRenderedHtml,
	renderedOnce,
	stableArticle
} from './rendered-html';

const article = '<h2 id="a">Heading</h2>\n<p>Text &amp; more.</p>\n';

/** A stand-in for the browser's document holding the one element `id` with `innerHTML`. */
function fakeDocument(id: string, innerHTML: string) {
	(globalThis as { document?: unknown }).document = {
		getElementById: (wanted: string) => (wanted === id ? { innerHTML } : null)
	};
}
afterEach(() => {
	delete (globalThis as { document?: unknown }).document;
});

describe('article HTML sent once', () => {
	it('is a RenderedHtml on a page render and the string itself on a data request', () => {
		const once = renderedOnce({ isDataRequest: false }, 'case-article', article);
		expect(once).toBeInstanceOf(RenderedHtml);
		expect(htmlOf(once)).toBe(article);
		expect(renderedOnce({ isDataRequest: true }, 'case-article', article)).toBe(article);
	});

	it('is read back from what Prose renders on the server, without Svelte’s comments', () => {
		const body = render(Prose, { props: { id: 'case-article', html: article } }).body;
		const inner = /<div id="case-article"[^>]*>([\s\S]*)<\/div>/.exec(body)?.[1];
		expect(inner).toBeDefined();
		fakeDocument('case-article', inner!);
		expect(readRenderedHtml('case-article')).toEqual(new RenderedHtml('case-article', article));
		expect(readRenderedHtml('elsewhere').html).toBe('');
	});

	it('keeps the shown article until another one is shown', () => {
		const shown = stableArticle();
		const read = new RenderedHtml('case-article', '<p>read back</p>');
		expect(shown('case-a@1', read)).toBe('<p>read back</p>');
		// Data reloaded after an action: the same article, as the server's string.
		expect(shown('case-a@1', '<p>read back</p>\n')).toBe('<p>read back</p>');
		expect(shown('case-b@1', '<p>another</p>')).toBe('<p>another</p>');
		expect(shown('case-b@2', '<p>new version</p>')).toBe('<p>new version</p>');
	});
});
