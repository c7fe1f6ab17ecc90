import { describe, expect, it } from 'vitest';
import { checkCapacity, type CapacityKey } from './capacity';

const key: CapacityKey = [
	{ id: 'rps', kind: 'number', answer: 30, tolerance: { percent: 5 } },
	{ id: 'cost', kind: 'number', answer: 648, tolerance: { absolute: 10 } },
	{ id: 'fits', kind: 'yesno', answer: false }
];

describe('checkCapacity', () => {
	it('accepts right answers in any reasonable notation', () => {
		const r = checkCapacity(key, { rps: '30 req/s', cost: '¥648', fits: 'no' });
		expect(r).toMatchObject({ ok: true, correct: 3, total: 3 });
	});

	it('marks wrong answers and how far off they are', () => {
		const r = checkCapacity(key, { rps: '60', cost: '700 元', fits: 'yes' });
		if (!r.ok) throw new Error('expected a result');
		expect(r.correct).toBe(0);
		expect(r.outcomes[0]).toMatchObject({ id: 'rps', correct: false, value: 60, offPercent: 100 });
	});

	it('accepts exactly at the tolerance and refuses just past it', () => {
		const at = checkCapacity(key, { rps: '31.5', cost: '658', fits: 'no' });
		expect(at).toMatchObject({ ok: true, correct: 3 });
		const past = checkCapacity(key, { rps: '31.6', cost: '658.1', fits: 'no' });
		expect(past).toMatchObject({ ok: true, correct: 1 });
	});

	it('judges nothing while a field cannot be read, naming each one', () => {
		const r = checkCapacity(key, { rps: '20-30', cost: '', fits: '' });
		expect(r).toEqual({
			ok: false,
			problems: { rps: 'several_numbers', cost: 'empty', fits: 'missing' }
		});
	});
});
