/**
 * Headers every response carries, static files included: no MIME sniffing (a user-controlled file
 * served as a script), and the referrer reduced to the origin across sites (no path, no reset token).
 * hooks.server.ts sets these on pages and endpoints; scripts/server.js on everything.
 */
export const STATIC_SECURITY_HEADERS = Object.freeze({
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'strict-origin-when-cross-origin'
});
