import { randomInt } from 'node:crypto';

/**
 * Per-attempt option order. The seed is drawn once when an attempt starts and stored with the
 * resulting order (the order is what pages read; the seed documents how it was made and lets a
 * test or an instructor recompute it). True/false questions keep "true, false": shuffling two
 * fixed words only confuses.
 */

/** A fresh 31-bit seed (non-negative, fits SQLite's integer and JavaScript's safe integers). */
export function newSeed(): number {
	return randomInt(0, 2 ** 31);
}

/** mulberry32: a small, well-known 32-bit PRNG; returns floats in [0, 1). Not for secrets. */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Option order per question for `seed`: a Fisher–Yates shuffle of each question's option ids
 * (questions in the given order, one PRNG stream), true/false questions left as written.
 * Deterministic: the same seed and questions always give the same order.
 */
export function shuffleOptions(
	seed: number,
	questions: ReadonlyArray<{ id: string; type: string; options: ReadonlyArray<{ id: string }> }>
): Record<string, string[]> {
	const next = mulberry32(seed);
	const order: Record<string, string[]> = {};
	for (const q of questions) {
		const ids = q.options.map((o) => o.id);
		if (q.type !== 'truefalse') {
			for (let i = ids.length - 1; i > 0; i--) {
				const j = Math.floor(next() * (i + 1));
				[ids[i], ids[j]] = [ids[j], ids[i]];
			}
		}
		order[q.id] = ids;
	}
	return order;
}
