/**
 * Article HTML that a page's server render already shows, sent to the browser once.
 *
 * SvelteKit serialises a page's load data into the page for hydration, so a case study's 30 kB
 * article would travel twice: in the HTML and again, escaped, in the data. On a full-page render a
 * load returns the article as a `RenderedHtml` instead: its transport encoding (`src/hooks.ts`,
 * SvelteKit's `transport` hook) is only the id of the element that shows it, and in the browser it
 * is read back from that element before hydration. Svelte keeps the server's nodes of an
 * `{@html}` block when hydrating (https://svelte.dev/docs/svelte/runtime-warnings#Client-warnings-hydration_html_changed),
 * so the page is the same. Client-side navigations (`__data.json`) carry the HTML as a plain
 * string (see {@link renderedOnce}).
 */
export class RenderedHtml {
	constructor(
		/** The `id` of the element whose only content is the `{@html}` block showing it. */
		readonly elementId: string,
		readonly html: string
	) {}
}

/** The HTML of an article value, whichever way it arrived. */
export function htmlOf(value: string | RenderedHtml): string {
	return typeof value === 'string' ? value : value.html;
}

/**
 * What a load returns for article HTML shown in element `elementId`: a {@link RenderedHtml} on a
 * full-page render, the string itself for a client-side navigation's data request (there is no
 * server-rendered element to read it back from).
 */
export function renderedOnce(
	event: { isDataRequest: boolean },
	elementId: string,
	html: string
): string | RenderedHtml {
	return event.isDataRequest ? html : new RenderedHtml(elementId, html);
}

/**
 * Rebuilds a {@link RenderedHtml} in the browser from its element: the element's HTML without the
 * comments Svelte puts around an `{@html}` block (empty in production; in development the opening
 * one holds a hash, and as the browser's serialisation differs from the server's string, Svelte's
 * dev build warns `hydration_html_changed` and keeps the server's nodes, as in production).
 * Empty when the element is missing.
 */
export function readRenderedHtml(elementId: string): RenderedHtml {
	const inner = globalThis.document?.getElementById(elementId)?.innerHTML ?? '';
	return new RenderedHtml(
		elementId,
		inner.replace(/^<!--[a-z0-9]*-->/, '').replace(/<!---->$/, '')
	);
}

/**
 * For a page showing an article: returns a function giving the HTML to show, which changes only
 * when `key` (which article, which version) does. Data reloaded after an action (a bookmark, a
 * read mark) carries the same article as a string in place of the one read back from the page;
 * re-rendering it would rebuild the article's nodes and redraw its diagrams.
 */
export function stableArticle(): (key: string, value: string | RenderedHtml) => string {
	let shown = { key: '', html: '' };
	return (key, value) => {
		if (key !== shown.key) shown = { key, html: htmlOf(value) };
		return shown.html;
	};
}
