import type { CapacityQuestion } from '../content/kinds/lab-schema';
import { parseQuantity, withinTolerance, type QuantityProblem } from './numbers';

/** The key of a capacity lab version: questions with answers and tolerances (no wording). */
export type CapacityKey = Array<
	| {
			id: string;
			kind: 'number';
			answer: number;
			tolerance: { percent?: number; absolute?: number };
	  }
	| { id: string; kind: 'yesno'; answer: boolean }
>;

/** The scoring-relevant part of capacity questions (what a content version stores). */
export function capacityKeyOf(questions: CapacityQuestion[]): CapacityKey {
	return questions.map((q) =>
		q.kind === 'number'
			? { id: q.id, kind: 'number', answer: q.answer, tolerance: q.tolerance }
			: { id: q.id, kind: 'yesno', answer: q.answer }
	);
}

/** A field that could not be read; `problem` 'missing' is a yes/no left unchosen. */
export type CapacityFieldProblem = QuantityProblem | 'missing';

/** How one answer fared. `value` is what was read from the learner's text. */
export type CapacityOutcome = {
	id: string;
	correct: boolean;
	value: number | boolean;
	expected: number | boolean;
	/** Signed distance from the answer in percent of it (numbers with a non-zero answer). */
	offPercent: number | null;
};

export type CapacityCheck =
	| { ok: false; problems: Record<string, CapacityFieldProblem> }
	| { ok: true; outcomes: CapacityOutcome[]; correct: number; total: number };

/**
 * Checks a capacity lab's answers (`answers[id]`: the text typed, or "yes"/"no") against its key:
 * every number read with {@link parseQuantity} and compared within the question's tolerance;
 * yes/no compared exactly. When any field cannot be read, nothing is judged and every such field is
 * named (`problems`), so the learner fixes them and loses nothing.
 */
export function checkCapacity(key: CapacityKey, answers: Record<string, string>): CapacityCheck {
	const problems: Record<string, CapacityFieldProblem> = {};
	const outcomes: CapacityOutcome[] = [];
	for (const q of key) {
		const raw = answers[q.id] ?? '';
		if (q.kind === 'yesno') {
			if (raw !== 'yes' && raw !== 'no') {
				problems[q.id] = 'missing';
				continue;
			}
			const value = raw === 'yes';
			outcomes.push({
				id: q.id,
				correct: value === q.answer,
				value,
				expected: q.answer,
				offPercent: null
			});
			continue;
		}
		const parsed = parseQuantity(raw);
		if (!parsed.ok) {
			problems[q.id] = parsed.problem;
			continue;
		}
		outcomes.push({
			id: q.id,
			correct: withinTolerance(parsed.value, q.answer, q.tolerance),
			value: parsed.value,
			expected: q.answer,
			offPercent:
				q.answer === 0
					? null
					: Math.round(((parsed.value - q.answer) / Math.abs(q.answer)) * 1000) / 10
		});
	}
	if (Object.keys(problems).length > 0) return { ok: false, problems };
	return {
		ok: true,
		outcomes,
		correct: outcomes.filter((o) => o.correct).length,
		total: outcomes.length
	};
}
