import { m } from '../paraglide/messages';
import { localizeHref } from '../paraglide/runtime';

const escape = (s: string) =>
	s.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
	);

/**
 * A self-contained HTML error page for answers produced before SvelteKit renders anything
 * (e.g. an oversized body). No scripts; the message is escaped. With `back` (a same-site path),
 * a "back to the page" link comes before the home link.
 */
export function plainErrorPage(
	status: number,
	message: string,
	locale: string,
	back?: string
): string {
	const backLink = back ? `<a href="${escape(back)}">${escape(m.ops_back_to_page())}</a> · ` : '';
	return `<!doctype html><html lang="${escape(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${status} · Casebook</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.6;color:#1c1917}a{color:#0f766e}</style></head><body><h1>${escape(m.error_title())} (${status})</h1><p>${escape(message)}</p><p>${backLink}<a href="${escape(localizeHref('/'))}">${escape(m.error_back_home())}</a></p></body></html>`;
}
