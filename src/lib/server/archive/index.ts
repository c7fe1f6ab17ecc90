import { error, json, type RequestEvent } from '@sveltejs/kit';
import type { Db } from '../db';
import { hasRole } from '../auth/guard';
import { plainErrorPage } from '../error-page';
import { m } from '../../paraglide/messages';
import { getLocale, localizeHref } from '../../paraglide/runtime';
import { isArchived } from './state';

export { isArchived } from './state';

/**
 * Archive mode (setting `archiveMode`, /admin/settings): the site stays a read-only reference.
 * Reading, search and one's own past work stay; every state-changing request is refused by ONE
 * guard, the `handleArchive` hook (src/hooks.server.ts) calling {@link archiveRefusal}, so no route
 * can forget it. The pipeline asks {@link isArchived} before any LLM call.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * What still changes state in archive mode, by route id → allowed action names ("*" = any):
 * signing in and out (and recovering a password, which is part of signing in), and the learner's
 * data-protection rights (export is a GET; the deletion request and its cancellation are actions).
 * Administration is allowed separately (see {@link isWriteAllowed}). A new route needs no entry: it
 * is refused by default.
 */
export const WRITABLE_IN_ARCHIVE: Record<string, readonly string[] | '*'> = {
	'/login': '*',
	'/logout': '*',
	'/forgot-password': '*',
	'/reset/[token]': '*',
	'/account': ['signOutEverywhere', 'requestDeletion', 'cancelDeletion']
};

/** The form action a request targets: "save" for `?/save`, "default" for a plain POST. */
export function actionName(url: URL): string {
	for (const key of url.searchParams.keys()) if (key.startsWith('/')) return key.slice(1);
	return 'default';
}

/**
 * Whether this request may change state while archived: safe methods always; the allow-list
 * above; and anything under /admin for an admin (so the archive can be switched off, backed up and
 * data-protection requests handled — every admin action still checks the role itself).
 */
export function isWriteAllowed(
	event: Pick<RequestEvent, 'request' | 'route' | 'url' | 'locals'>
): boolean {
	if (SAFE_METHODS.has(event.request.method)) return true;
	const id = event.route.id;
	if (!id) return true; // no route: SvelteKit answers 404/405 and changes nothing
	const user = event.locals.user;
	if ((id === '/admin' || id.startsWith('/admin/')) && user && hasRole(user.role, 'admin'))
		return true;
	const allowed = WRITABLE_IN_ARCHIVE[id];
	return allowed === '*' || (allowed?.includes(actionName(event.url)) ?? false);
}

/**
 * The answer to a state-changing request refused in archive mode, or null when it may proceed.
 * Shaped for the caller: an enhanced form gets SvelteKit's action-result JSON (so the page shows
 * the error), fetch/JSON callers get `{ message }`, and a plain form post (JavaScript off) a short
 * HTML page with a link back. Status 403 in every case; the message is localised.
 */
export function archiveRefusal(
	db: Db,
	event: Pick<RequestEvent, 'request' | 'route' | 'url' | 'locals'>
): Response | null {
	if (isWriteAllowed(event) || !isArchived(db)) return null;
	const message = m.ops_archive_refused();
	const headers = event.request.headers;
	if (headers.get('x-sveltekit-action') === 'true') {
		return json({ type: 'error', error: { message } }, { status: 403 });
	}
	const accept = headers.get('accept') ?? '';
	if (!accept.includes('text/html')) return json({ message }, { status: 403 });
	const back = localizeHref(event.url.pathname.replace(/^\/en(?=\/|$)/, '') || '/');
	return new Response(plainErrorPage(403, message, getLocale(), back), {
		status: 403,
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy':
				"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'"
		}
	});
}

/**
 * For code that changes state outside a form action (an endpoint, a stream): throws a 403 with
 * the localised archive message when the site is archived. The hook already refuses non-GET
 * requests; use this in a GET that writes.
 */
export function assertWritable(db: Db): void {
	if (isArchived(db)) error(403, m.ops_archive_refused());
}
