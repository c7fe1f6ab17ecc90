import { describe, expect, it } from 'vitest';
import { parseForm, plainText } from './forms';
import { profileSchema } from './auth/schemas';
import { cohortSchema } from './cohorts/schemas';
import { parseSettingsForm } from './settings';

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

describe('plainText', () => {
	it('removes controls, bidi overrides, zero-width and format characters, then trims', () => {
		expect(plainText('\u202Eadmin\u202C')).toBe('admin');
		expect(plainText('a\u0007b\u0000c')).toBe('abc');
		expect(plainText(' \u200B\u200B\uFEFF ')).toBe('');
		expect(plainText('\u00AD')).toBe('');
		expect(plainText('line\u2028break')).toBe('linebreak');
	});

	it('keeps ordinary text, CJK, emoji sequences (ZWJ) and normalises to NFC', () => {
		expect(plainText('  王小明  ')).toBe('王小明');
		expect(plainText('👩\u200D💻 Ada')).toBe('👩\u200D💻 Ada');
		expect(plainText('Cafe\u0301')).toBe('Café');
	});
});

describe('names refuse invisible-only input and store the cleaned text', () => {
	it('display name', () => {
		const base = { timeZone: 'Asia/Shanghai', locale: 'zh-CN' };
		expect(parseForm(profileSchema, form({ ...base, displayName: '\u200B\u200B' })).ok).toBe(false);
		const r = parseForm(profileSchema, form({ ...base, displayName: '\u202Enimda' }));
		expect(r.ok && r.data.displayName).toBe('nimda');
	});

	it('cohort name', () => {
		const base = { startDate: '2026-09-01', endDate: '2027-01-15', timeZone: 'Asia/Shanghai' };
		expect(parseForm(cohortSchema, form({ ...base, name: '\u00AD\u2066' })).ok).toBe(false);
		const r = parseForm(cohortSchema, form({ ...base, name: 'Class\u0007 A' }));
		expect(r.ok && r.data.name).toBe('Class A');
	});

	it('site name', () => {
		const r = parseSettingsForm(form({ siteName: '\u202ECasebook\u200B' }));
		expect(r.ok && r.data.siteName).toBe('Casebook');
	});
});
