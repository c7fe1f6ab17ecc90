import { inject } from 'vitest';
import { openDatabase, type Db } from '../../src/lib/server/db';

let db: Db | undefined;

/** The shared built server's database (same file, WAL), for factories in integration tests. */
export function serverDb(): Db {
	db ??= openDatabase(inject('serverDbPath'));
	return db;
}

/** Base URL of the shared built server. */
export function baseUrl(): string {
	return inject('baseUrl');
}

/**
 * A form POST as a browser on the site would send it (same Origin), without following redirects.
 * @param path e.g. "/login?/login"
 * @param fields name → value, or [name, value] pairs when a name repeats (checkboxes)
 */
export function postForm(
	path: string,
	fields: Record<string, string> | Array<[string, string]>,
	opts: { cookie?: string; origin?: string; headers?: Record<string, string>; base?: string } = {}
): Promise<Response> {
	const base = opts.base ?? baseUrl();
	return fetch(base + path, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html',
			origin: opts.origin ?? base,
			...(opts.cookie ? { cookie: opts.cookie } : {}),
			...opts.headers
		},
		body: new URLSearchParams(fields)
	});
}

/** A GET with an optional session cookie, not following redirects. */
export function get(
	path: string,
	opts: { cookie?: string; base?: string; headers?: Record<string, string> } = {}
): Promise<Response> {
	const base = opts.base ?? baseUrl();
	return fetch(base + path, {
		redirect: 'manual',
		headers: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...opts.headers }
	});
}

/** The Set-Cookie headers of a response. */
export function setCookies(res: Response): string[] {
	return res.headers.getSetCookie();
}
