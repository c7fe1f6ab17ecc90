/**
 * Agreement measures between instructor levels (`expected`) and predicted levels, for the feedback
 * evaluation (`npm run eval:feedback`). Levels are integers; pairs are [expected, predicted].
 */
export type LevelPair = [expected: number, predicted: number];

/**
 * Cohen's kappa with quadratic weights over the integer categories min..max of both ratings:
 * 1 = perfect agreement, 0 = what chance would give, negative = worse than chance. When every rating
 * falls in one category the expected disagreement is 0: the result is 1 if the ratings agree, else 0.
 * Returns null for no pairs.
 */
export function quadraticWeightedKappa(pairs: LevelPair[]): number | null {
	if (pairs.length === 0) return null;
	const all = pairs.flat();
	const min = Math.min(...all);
	const k = Math.max(...all) - min + 1;
	if (k === 1) return 1;
	const observed = Array.from({ length: k }, () => new Array<number>(k).fill(0));
	const histA = new Array<number>(k).fill(0);
	const histB = new Array<number>(k).fill(0);
	for (const [a, b] of pairs) {
		observed[a - min][b - min] += 1;
		histA[a - min] += 1;
		histB[b - min] += 1;
	}
	const n = pairs.length;
	let num = 0;
	let den = 0;
	for (let i = 0; i < k; i++) {
		for (let j = 0; j < k; j++) {
			const w = ((i - j) * (i - j)) / ((k - 1) * (k - 1));
			num += w * observed[i][j];
			den += (w * histA[i] * histB[j]) / n;
		}
	}
	if (den === 0) return num === 0 ? 1 : 0;
	return 1 - num / den;
}

/** Share of pairs with the same level (0–1); null for no pairs. */
export function exactAgreement(pairs: LevelPair[]): number | null {
	return pairs.length ? pairs.filter(([a, b]) => a === b).length / pairs.length : null;
}

/** Share of pairs at most one level apart (0–1); null for no pairs. */
export function adjacentAgreement(pairs: LevelPair[]): number | null {
	return pairs.length ? pairs.filter(([a, b]) => Math.abs(a - b) <= 1).length / pairs.length : null;
}

/** Mean absolute difference (same unit as the inputs); null for no pairs. */
export function meanAbsoluteError(pairs: Array<[number, number]>): number | null {
	return pairs.length ? pairs.reduce((s, [a, b]) => s + Math.abs(a - b), 0) / pairs.length : null;
}
