import { describe, expect, it } from 'vitest';
import { m } from './paraglide/messages';

// Counts in English follow the plural rules (Intl.PluralRules through Paraglide's `plural` selector).
describe('plural messages', () => {
	it('says "1 user" and "2 users" in English, one form in Chinese', () => {
		expect(m.admin_users_count({ count: 1 }, { locale: 'en' })).toBe('1 user');
		expect(m.admin_users_count({ count: 2 }, { locale: 'en' })).toBe('2 users');
		expect(m.admin_users_count({ count: 0 }, { locale: 'en' })).toBe('0 users');
		expect(m.admin_users_count({ count: 1 }, { locale: 'zh-CN' })).toBe('共 1 位用户');
	});

	it('pluralises the other counted phrases', () => {
		expect(m.content_cases_count({ count: 1 }, { locale: 'en' })).toBe('1 case');
		expect(m.content_search_count({ count: 1, q: 'rag' }, { locale: 'en' })).toBe(
			'1 result for “rag”'
		);
		expect(m.quiz_facts_questions({ count: 1 }, { locale: 'en' })).toBe('1 question');
		expect(m.exercises_rubric_intro({ count: 1, points: 4 }, { locale: 'en' })).toMatch(
			/^1 criterion, 4 points/
		);
	});
});
