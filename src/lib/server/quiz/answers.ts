import { QuizError } from './errors';
import type { Answers, QuizKey } from './scoring';

/** Form field name of a question's answer: `q.<question id>` (radio or checkbox values = option ids). */
export const ANSWER_FIELD_PREFIX = 'q.';

/**
 * The raw answers in a quiz form: every `q.<id>` field with all its values (checkboxes repeat the
 * name). Other fields are ignored. Nothing is validated here; see {@link validateAnswers}.
 */
export function answersFromForm(form: FormData): RawAnswers {
	const raw: RawAnswers = new Map();
	for (const [name, value] of form.entries()) {
		if (!name.startsWith(ANSWER_FIELD_PREFIX) || typeof value !== 'string') continue;
		const id = name.slice(ANSWER_FIELD_PREFIX.length);
		raw.set(id, [...(raw.get(id) ?? []), value]);
	}
	return raw;
}

/** Answers as received: question id → option ids, unchecked (a Map: ids are untrusted keys). */
export type RawAnswers = Map<string, string[]>;

/**
 * Checks raw answers against the attempt's own quiz version and returns them cleaned (duplicates
 * removed, empty selections dropped, option ids in the key's order).
 * @throws QuizError `unknown-question` for a question id that is not in this attempt's quiz (e.g.
 *   one from another quiz), `unknown-option` for an option id the question does not have,
 *   `one-option-only` for several options on a single-choice or true/false question.
 */
export function validateAnswers(key: QuizKey, raw: RawAnswers): Answers {
	const byId = new Map(key.questions.map((q) => [q.id, q]));
	const clean: Answers = {};
	for (const [qid, values] of raw) {
		const q = byId.get(qid);
		if (!q) throw new QuizError('unknown-question');
		const chosen = new Set(values);
		for (const v of chosen) if (!q.options.includes(v)) throw new QuizError('unknown-option');
		if (q.type !== 'multiple' && chosen.size > 1) throw new QuizError('one-option-only');
		if (chosen.size > 0) clean[qid] = q.options.filter((o) => chosen.has(o));
	}
	return clean;
}
