import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { reuseIntlFormatters } from './paraglide-reuse-intl.js';

describe('reuseIntlFormatters', () => {
	it('rewrites the generated registry once, and the rewritten functions still format', async () => {
		// On disk it may be rewritten already (scripts/i18n-compile.js) or fresh from Paraglide's plugin.
		const rewritten = reuseIntlFormatters(readFileSync('src/lib/paraglide/registry.js', 'utf8'));
		expect(reuseIntlFormatters(rewritten)).toBe(rewritten);
		expect(rewritten.match(/reuse\(Intl\./g)).toHaveLength(4);
		expect(rewritten).not.toMatch(/new Intl\.\w+\(locale/);
		const registry = await import('../src/lib/paraglide/registry.js');
		expect(registry.plural('en', 1, {})).toBe('one');
		expect(registry.plural('en', 2, {})).toBe('other');
		expect(registry.number('zh-CN', 1234.5, {})).toBe('1,234.5');
	});

	it('refuses generated code of another shape, so a Paraglide upgrade cannot slip past', () => {
		expect(() => reuseIntlFormatters('export function plural() {}')).toThrow(/expected 4/);
	});
});
