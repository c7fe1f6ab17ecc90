import { describe, expect, it } from 'vitest';
import { loggablePath } from './log';

describe('loggablePath', () => {
	const token = 'q7x2kd9fz3m4p8r1t6w0y5v2';

	it('logs a reset page by its route id', () => {
		expect(loggablePath('/reset/[token]', `/reset/${token}`)).toBe('/reset/[token]');
	});

	it('keeps the token out of a 404 under /reset/<token>/… (no route id), in both languages', () => {
		expect(loggablePath(null, `/reset/${token}/x`)).toBe('/reset/[token]/x');
		expect(loggablePath(null, `/en/reset/${token}/x/y`)).toBe('/en/reset/[token]/x/y');
		expect(loggablePath(null, `/reset/${token}`)).not.toContain(token);
	});

	it('leaves other paths alone', () => {
		expect(loggablePath('/questions/[id]', '/questions/12')).toBe('/questions/12');
		expect(loggablePath(null, '/resetting/abc')).toBe('/resetting/abc');
	});
});
