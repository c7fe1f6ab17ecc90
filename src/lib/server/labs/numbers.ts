/** Why an entry is not one number. */
export type QuantityProblem = 'empty' | 'not_a_number' | 'several_numbers' | 'decimal_comma';

export type ParsedQuantity = { ok: true; value: number } | { ok: false; problem: QuantityProblem };

/** Multipliers written right after a number, longest first (matched case-insensitively for Latin). */
const MULTIPLIERS: Array<[string, number]> = [
	['thousand', 1e3],
	['million', 1e6],
	['billion', 1e9],
	['百万', 1e6],
	['千万', 1e7],
	['mn', 1e6],
	['bn', 1e9],
	['k', 1e3],
	['m', 1e6],
	['b', 1e9],
	['w', 1e4],
	['千', 1e3],
	['万', 1e4],
	['亿', 1e8]
];

// A number: digits with comma (or underscore) thousands groups, or plain digits; optional decimals
// and exponent. A comma then digits that are not a group of three reads as a decimal comma (refused).
const NUMBER = /[-+]?(?:\d{1,3}(?:[,_]\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:e[-+]?\d+)?|[-+]?\.\d+/giu;

/**
 * Reads one quantity as learners type it: `1200`, `1,200`, `1_200`, `3k`, `3.5 K`, `1.2万`, `2亿`,
 * `¥2,000`, `2000元`, `$1.5M`, `25 req/s`, `约 1,200 次/秒`, `30%` (→ 30), full-width digits
 * (`１２００`). Currency signs and unit words around the number are ignored; a multiplier must
 * follow the number directly (`3 min` is 3, `3 M tokens` is 3 000 000). Refused: nothing typed,
 * no number, two numbers (`20-30`, `1 200`), and a decimal comma (`1,5`) — the caller shows why.
 */
export function parseQuantity(raw: string): ParsedQuantity {
	const text = raw.normalize('NFKC').trim();
	if (text === '') return { ok: false, problem: 'empty' };
	const matches = [...text.matchAll(NUMBER)];
	if (matches.length === 0) {
		return { ok: false, problem: /\d,\d/.test(text) ? 'decimal_comma' : 'not_a_number' };
	}
	const first = matches[0];
	const end = first.index + first[0].length;
	const rest = text.slice(end);
	// Several numbers ("20-30", "1 200", "1,5"): there is another digit after this number.
	if (matches.length > 1) {
		return { ok: false, problem: /^,\d/.test(rest) ? 'decimal_comma' : 'several_numbers' };
	}
	if (/^,\d/.test(rest)) return { ok: false, problem: 'decimal_comma' };
	let value = Number(first[0].replace(/[,_]/g, ''));
	if (!Number.isFinite(value)) return { ok: false, problem: 'not_a_number' };
	const after = rest.replace(/^\s+/, '');
	for (const [word, factor] of MULTIPLIERS) {
		const latin = /^[a-z]/.test(word);
		const head = after.slice(0, word.length);
		if (latin ? head.toLowerCase() !== word : head !== word) continue;
		// A Latin multiplier must end there ("3 min" is not 3 million); a Chinese one may run on ("万元").
		if (latin && /^[a-z]/i.test(after.slice(word.length))) continue;
		value *= factor;
		break;
	}
	return { ok: true, value: Number(value.toPrecision(15)) };
}

/**
 * True when `value` is within `tolerance` of `answer`: `percent` of |answer| or `absolute` units
 * (bounds included; a hair of floating-point slack so 5 % of 1.1 is not missed by rounding).
 */
export function withinTolerance(
	value: number,
	answer: number,
	tolerance: { percent?: number; absolute?: number }
): boolean {
	const allowed =
		tolerance.percent !== undefined
			? (Math.abs(answer) * tolerance.percent) / 100
			: (tolerance.absolute ?? 0);
	return Math.abs(value - answer) <= allowed + 1e-9 * Math.max(1, Math.abs(answer));
}
