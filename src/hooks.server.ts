import { json, text, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { statementCount } from '$lib/server/db/statements';
import { log, loggablePath } from '$lib/server/log';
import { observeHttpRequest } from '$lib/server/metrics';
import { archiveRefusal } from '$lib/server/archive';
import { startServer } from '$lib/server/startup';
import {
	SESSION_COOKIE,
	deleteSessionCookie,
	setSessionCookie,
	validateSessionToken
} from '$lib/server/auth/session';
import { formatBytes } from '$lib/format';
import { plainErrorPage } from '$lib/server/error-page';

export const init: ServerInit = async () => {
	try {
		await startServer();
	} catch (e) {
		// A bad configuration or a failed migration: say why and stop, rather than serve half a site.
		console.error(e instanceof Error ? e.message : e);
		process.exit(1);
	}
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Request id, a child logger, one log line per request (route id, status, ms; never bodies), and
 * the request in the latency histogram of /metrics (by route id and status).
 */
const handleLogging: Handle = async ({ event, resolve }) => {
	const requestId = event.request.headers.get('x-request-id')?.slice(0, 64) || crypto.randomUUID();
	const started = performance.now();
	const bench = getConfig().BENCH;
	const statementsBefore = bench ? statementCount() : 0;
	event.locals.requestId = requestId;
	event.locals.log = log.child({ requestId });
	let status = 500;
	try {
		const response = await resolve(event);
		status = response.status;
		response.headers.set('x-request-id', requestId);
		// Benchmark mode: SQL statements run while answering (exact when requests come one at a time).
		if (bench)
			response.headers.set('x-sql-statements', String(statementCount() - statementsBefore));
		return response;
	} finally {
		const elapsed = performance.now() - started;
		observeHttpRequest(event.route.id, event.request.method, status, elapsed);
		event.locals.log.info(
			{
				method: event.request.method,
				route: event.route.id,
				// A path that carries a secret (a password-reset token) is logged without it, 404s too.
				path: loggablePath(event.route.id, event.url.pathname),
				status,
				ms: Math.round(elapsed * 10) / 10,
				user: event.locals.user?.id
			},
			'request'
		);
	}
};

/** Locale from the URL (zh-CN unprefixed, en under /en/), `<html lang>`. */
const handleParaglide: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});

/**
 * SvelteKit's CSRF check covers form posts only; this refuses every non-GET request (JSON, SSE,
 * uploads) whose Origin is missing or not the site's own.
 */
const handleOrigin: Handle = async ({ event, resolve }) => {
	if (!SAFE_METHODS.has(event.request.method)) {
		const origin = event.request.headers.get('origin');
		if (origin !== event.url.origin) {
			const message = m.error_cross_site();
			return event.request.headers.get('accept')?.includes('application/json')
				? json({ message }, { status: 403 })
				: text(message, { status: 403 });
		}
	}
	return resolve(event);
};

/**
 * A clear page for oversized bodies (MAX_BODY_BYTES), before anything reads them. adapter-node's own
 * limit (BODY_SIZE_LIMIT) is set higher by scripts/start.js, as a backstop for bodies without a length.
 */
const handleBodyLimit: Handle = async ({ event, resolve }) => {
	const length = Number(event.request.headers.get('content-length') ?? 0);
	const limit = getConfig().MAX_BODY_BYTES;
	if (length > limit) {
		const message = m.error_body_too_large({ limit: formatBytes(limit, getLocale()) });
		if (event.request.headers.get('accept')?.includes('application/json')) {
			return json({ message }, { status: 413 });
		}
		return new Response(plainErrorPage(413, message, getLocale()), {
			status: 413,
			headers: {
				'content-type': 'text/html; charset=utf-8',
				'content-security-policy':
					"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'"
			}
		});
	}
	return resolve(event);
};

/** Session from the cookie; the cookie is refreshed when the session was renewed. */
const handleSession: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	const secure = event.url.protocol === 'https:';
	event.locals.user = null;
	event.locals.session = null;
	if (token) {
		const { session, user } = validateSessionToken(getDb(), token);
		if (session) {
			setSessionCookie(event.cookies, token, session.expiresAt, secure);
			event.locals.user = user;
			event.locals.session = session;
		} else {
			deleteSessionCookie(event.cookies, secure);
		}
	}
	return resolve(event);
};

/**
 * Archive mode's single guard: while the site is archived, every state-changing request except
 * the few allowed (sign-in/out, data-protection rights, administration) is refused with a clear
 * localised 403 (src/lib/server/archive).
 */
const handleArchive: Handle = async ({ event, resolve }) =>
	archiveRefusal(getDb(), event) ?? resolve(event);

/** Security headers the CSP (svelte.config.js) does not cover. */
const handleHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	response.headers.set('x-frame-options', 'DENY');
	response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
	return response;
};

export const handle: Handle = sequence(
	handleLogging,
	handleParaglide,
	handleHeaders,
	handleOrigin,
	handleBodyLimit,
	handleSession,
	handleArchive
);

export const handleError: HandleServerError = ({ error: e, event, status, message }) => {
	if (status === 404) return { message: m.error_not_found() };
	(event.locals.log ?? log).error({ err: e, status }, 'unhandled error');
	return { message: status >= 500 ? m.error_generic() : message };
};
