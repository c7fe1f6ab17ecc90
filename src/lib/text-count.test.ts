import { describe, expect, it } from 'vitest';
import { countCharacters, countWords } from './text-count';

describe('answer length', () => {
	it('counts a Chinese character as one, also outside the BMP', () => {
		expect(countCharacters('使用 API 网关')).toBe(9);
		expect('𠀀𠀁'.length).toBe(4);
		expect(countCharacters('𠀀𠀁')).toBe(2);
		expect(countCharacters('')).toBe(0);
	});

	it('counts words as Chinese word processors do: Han characters plus Latin words', () => {
		expect(countWords('使用 API 网关')).toBe(5);
		expect(countWords('use an API gateway')).toBe(4);
		expect(countWords('P95 延迟 800ms，e-mail 不算两个')).toBe(9);
	});
});
