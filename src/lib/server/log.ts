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
