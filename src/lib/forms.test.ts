import { describe, expect, it } from 'vitest';
import { actionUrl } from './forms';

describe('actionUrl', () => {
	it('names the action alone when nothing is kept', () => {
		expect(actionUrl('release')).toBe('?/release');
		expect(actionUrl('release', { cohort: null, q: '', page: undefined })).toBe('?/release');
	});

	it('keeps the query, encoded, before the action', () => {
		const url = actionUrl('setRole', { q: 'a&b c', role: 'admin', page: 2 });
		expect(url).toBe('?q=a%26b%20c&role=admin&page=2&/setRole');
		const params = new URLSearchParams(url.slice(1));
		expect(params.get('q')).toBe('a&b c');
		expect([...params.keys()].find((k) => k.startsWith('/'))).toBe('/setRole');
	});
});
