import { describe, expect, it } from 'vitest';
import { answersFromForm, validateAnswers } from './answers';
import { QuizError } from './errors';
import type { QuizKey } from './scoring';

const key: QuizKey = {
	scoring: 'partial',
	passMark: 70,
	questions: [
		{ id: 'q1', type: 'single', points: 1, options: ['a', 'b', 'c'], correct: ['b'] },
		{ id: 'q2', type: 'multiple', points: 2, options: ['a', 'b', 'c', 'd'], correct: ['a', 'd'] },
		{ id: 'q3', type: 'truefalse', points: 1, options: ['true', 'false'], correct: ['true'] }
	]
};

const form = (pairs: Array<[string, string]>) => {
	const f = new FormData();
	for (const [k, v] of pairs) f.append(k, v);
	return f;
};
const code = (fn: () => unknown) => {
	try {
		fn();
	} catch (e) {
		return e instanceof QuizError ? e.code : String(e);
	}
	return 'accepted';
};

describe('answersFromForm + validateAnswers', () => {
	it('collects q.<id> fields (checkboxes repeat), ignores other fields, orders and de-duplicates', () => {
		const raw = answersFromForm(
			form([
				['q.q2', 'd'],
				['q.q2', 'a'],
				['q.q2', 'a'],
				['q.q1', 'b'],
				['attempt', '7'],
				['q.q3', 'true']
			])
		);
		expect(validateAnswers(key, raw)).toEqual({ q1: ['b'], q2: ['a', 'd'], q3: ['true'] });
		expect(validateAnswers(key, answersFromForm(form([])))).toEqual({});
	});

	it('refuses unknown questions and options, and two options on single or true/false', () => {
		const check = (pairs: Array<[string, string]>) =>
			code(() => validateAnswers(key, answersFromForm(form(pairs))));
		expect(check([['q.q9', 'a']])).toBe('unknown-question');
		expect(check([['q.constructor', 'a']])).toBe('unknown-question');
		expect(check([['q.__proto__', 'a']])).toBe('unknown-question');
		expect(check([['q.q1', 'z']])).toBe('unknown-option');
		expect(check([['q.q1', '']])).toBe('unknown-option');
		expect(check([['q.q3', 'a']])).toBe('unknown-option');
		expect(
			check([
				['q.q1', 'a'],
				['q.q1', 'b']
			])
		).toBe('one-option-only');
		expect(
			check([
				['q.q3', 'true'],
				['q.q3', 'false']
			])
		).toBe('one-option-only');
		expect(
			check([
				['q.q1', 'a'],
				['q.q1', 'a']
			])
		).toBe('accepted');
	});
});
