import { describe, expect, it } from 'vitest';
import { MAX_PAGE, pageParam } from './paging';

const page = (v?: string) => pageParam(new URLSearchParams(v === undefined ? '' : { page: v }));

describe('pageParam', () => {
	it('reads ordinary page numbers', () => {
		expect(page()).toBe(1);
		expect(page('3')).toBe(3);
	});

	it('turns malformed and out-of-range values into 1 or MAX_PAGE', () => {
		expect(page('')).toBe(1);
		expect(page('abc')).toBe(1);
		expect(page('-5')).toBe(1);
		expect(page('0')).toBe(1);
		expect(page('99999999999999999999')).toBe(MAX_PAGE);
		expect(page('1e400')).toBe(1);
		expect(Number.isSafeInteger((page('9'.repeat(400)) - 1) * 50)).toBe(true);
	});
});
