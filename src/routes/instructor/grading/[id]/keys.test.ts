import { describe, expect, it } from 'vitest';
import { gradingKey } from './keys';

const press = (key: string, target: Record<string, unknown> | null = null, mods = {}) =>
	gradingKey({ key, altKey: false, ctrlKey: false, metaKey: false, target, ...mods });

describe('grading keyboard shortcuts', () => {
	it('maps j/k and digits, not while typing or with modifiers', () => {
		expect(press('j')).toEqual({ kind: 'next' });
		expect(press('p')).toEqual({ kind: 'previous' });
		expect(press('3', { tagName: 'INPUT', type: 'radio' })).toEqual({ kind: 'level', index: 2 });
		expect(press('3', { tagName: 'TEXTAREA' })).toBeNull();
		expect(press('2', { tagName: 'INPUT', type: 'number' })).toBeNull();
		expect(press('j', null, { ctrlKey: true })).toBeNull();
		expect(press('0')).toBeNull();
	});
});
