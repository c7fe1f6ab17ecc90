import { describe, expect, it } from 'vitest';
import { parseQuantity, withinTolerance } from './numbers';

const value = (s: string) => {
	const r = parseQuantity(s);
	return r.ok ? r.value : r.problem;
};

describe('parseQuantity', () => {
	it.each([
		['1200', 1200],
		['1,200', 1200],
		['1_200', 1200],
		['3k', 3000],
		['3.5 K', 3500],
		['1.2万', 12000],
		['2亿', 2e8],
		['¥2,000', 2000],
		['￥2,000', 2000],
		['2000 元', 2000],
		['$1.5M', 1.5e6],
		['3 M tokens', 3e6],
		['25 req/s', 25],
		['约 1,200 次/秒', 1200],
		['30%', 30],
		['１２００', 1200],
		['3,240,000 token/分钟', 3240000],
		['555.6', 555.6],
		['.5', 0.5],
		['3 min', 3],
		['3 kg', 3],
		['1e3', 1000],
		['3.24M', 3240000]
	])('reads %s as %d', (text, expected) => {
		expect(value(text)).toBe(expected);
	});

	it.each([
		['', 'empty'],
		['   ', 'empty'],
		['about a thousand', 'not_a_number'],
		['20-30', 'several_numbers'],
		['1 200', 'several_numbers'],
		['1,5', 'decimal_comma'],
		['1,2345', 'decimal_comma']
	])('refuses %j (%s)', (text, problem) => {
		expect(value(text)).toBe(problem);
	});
});

describe('withinTolerance', () => {
	it('includes both bounds of a percent tolerance and nothing past them', () => {
		expect(withinTolerance(105, 100, { percent: 5 })).toBe(true);
		expect(withinTolerance(95, 100, { percent: 5 })).toBe(true);
		expect(withinTolerance(105.01, 100, { percent: 5 })).toBe(false);
		expect(withinTolerance(94.99, 100, { percent: 5 })).toBe(false);
	});
	it('uses an absolute tolerance in the unit', () => {
		expect(withinTolerance(11, 10, { absolute: 1 })).toBe(true);
		expect(withinTolerance(11.2, 10, { absolute: 1 })).toBe(false);
	});
	it('is not fooled by floating-point rounding at the bound', () => {
		expect(withinTolerance(1.155, 1.1, { percent: 5 })).toBe(true);
	});
});
