import type { Reroute, Transport } from '@sveltejs/kit';
import { RenderedHtml, readRenderedHtml } from '$lib/rendered-html';
import { deLocalizeUrl } from '$lib/paraglide/runtime';

/** `/en/cases/x` is served by the route `/cases/x`; the locale comes from the URL. */
export const reroute: Reroute = (request) => deLocalizeUrl(request.url).pathname;

/**
 * Types that cross from server loads to the browser other than as plain data (SvelteKit's
 * `transport`): article HTML is sent once, as its element's id ($lib/rendered-html).
 */
export const transport: Transport = {
	RenderedHtml: {
		encode: (value) => value instanceof RenderedHtml && [value.elementId],
		decode: ([elementId]: [string]) => readRenderedHtml(elementId)
	}
};
