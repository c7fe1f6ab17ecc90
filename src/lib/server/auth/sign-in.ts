import type { RequestEvent } from '@sveltejs/kit';
import { getDb } from '../db';
import { createSession, generateSessionToken, setSessionCookie } from './session';

/**
 * Starts a session for `userId` on this request: creates the session row and sets the cookie
 * (Secure when the request came over https). Used by registration, login and password reset.
 */
export function startSession(
	event: Pick<RequestEvent, 'cookies' | 'url' | 'request' | 'getClientAddress'>,
	userId: number
): void {
	const token = generateSessionToken();
	const session = createSession(getDb(), token, userId, {
		userAgent: event.request.headers.get('user-agent'),
		ip: event.getClientAddress()
	});
	setSessionCookie(event.cookies, token, session.expiresAt, event.url.protocol === 'https:');
}
