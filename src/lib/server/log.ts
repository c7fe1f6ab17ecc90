import pino from 'pino';
import { getConfig } from './config';

/**
 * The process logger: JSON lines on stdout (pino). Fields that may hold secrets or learner text are
 * redacted wherever they appear one level deep; never log a request body.
 */
export const log = pino({
	level: process.env.LOG_LEVEL ?? 'info',
	base: { service: 'casebook' },
	redact: {
		paths: [
			'password',
			'*.password',
			'passwordHash',
			'*.passwordHash',
			'token',
			'*.token',
			'apiKey',
			'*.apiKey',
			'answer',
			'*.answer',
			'authorization',
			'*.authorization',
			'cookie',
			'*.cookie',
			'headers.cookie',
			'headers.authorization'
		],
		censor: '[redacted]'
	}
});

/** Re-applies LOG_LEVEL from the validated config (call after loadConfig). */
export function applyLogLevel(): void {
	log.level = getConfig().LOG_LEVEL;
}

/** Paths whose segment after the prefix is a secret (password-reset tokens), with or without /en. */
const SECRET_PATH = /^((?:\/en)?\/reset\/)[^/]+/;

/**
 * The path to write in the request log: a route whose id holds `[token]` is logged as its route id,
 * and any path under `/reset/<token>` (also `/en/reset/…`, also one no route matched, a 404) has the
 * token replaced by `[token]`, so a reset link never reaches the log.
 * @param routeId SvelteKit route id, or null when no route matched
 * @param pathname the request URL's pathname
 */
export function loggablePath(routeId: string | null, pathname: string): string {
	if (routeId?.includes('[token]')) return routeId;
	return pathname.replace(SECRET_PATH, '$1[token]');
}
