import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * A fresh clone has no compiled messages (src/lib/paraglide is generated, not committed), yet the
 * CLI scripts run with tsx (`npm run demo`, `user:create`, …) import them. `npm install` must
 * compile them, or the first command the README gives after it fails with ERR_MODULE_NOT_FOUND.
 */
describe('a fresh clone', () => {
	it('does not commit the compiled messages', () => {
		expect(execFileSync('git', ['ls-files', 'src/lib/paraglide'], { encoding: 'utf8' })).toBe('');
	});

	it('compiles them on npm install (prepare), before svelte-kit sync', () => {
		const { scripts } = JSON.parse(readFileSync('package.json', 'utf8'));
		expect(scripts.prepare).toMatch(/^node scripts\/i18n-compile\.js && svelte-kit sync/);
	});
});
