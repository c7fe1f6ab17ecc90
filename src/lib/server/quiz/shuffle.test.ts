import { describe, expect, it } from 'vitest';
import { newSeed, shuffleOptions } from './shuffle';

const questions = [
	{ id: 'q1', type: 'single', options: ['a', 'b', 'c', 'd'].map((id) => ({ id })) },
	{ id: 'q2', type: 'multiple', options: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id })) },
	{ id: 'q3', type: 'truefalse', options: [{ id: 'true' }, { id: 'false' }] }
];

describe('shuffleOptions', () => {
	it('is deterministic for a seed and a permutation of each question’s options', () => {
		const a = shuffleOptions(12345, questions);
		expect(shuffleOptions(12345, questions)).toEqual(a);
		expect([...a.q1].sort()).toEqual(['a', 'b', 'c', 'd']);
		expect([...a.q2].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
	});

	it('keeps true/false in order and actually varies the others across seeds', () => {
		const orders = new Set<string>();
		for (let seed = 0; seed < 50; seed++) {
			const o = shuffleOptions(seed, questions);
			expect(o.q3).toEqual(['true', 'false']);
			orders.add(o.q2.join(''));
		}
		expect(orders.size).toBeGreaterThan(20);
	});

	it('draws non-negative 31-bit seeds', () => {
		for (let i = 0; i < 20; i++) {
			const s = newSeed();
			expect(Number.isSafeInteger(s) && s >= 0 && s < 2 ** 31).toBe(true);
		}
	});
});
