import { m } from '../../paraglide/messages';

/** Why a quiz request was refused; nothing was recorded when one of these is thrown. */
export type QuizErrorCode =
	| 'quiz-not-found'
	| 'attempt-not-found'
	| 'attempt-limit'
	| 'unknown-question'
	| 'unknown-option'
	| 'one-option-only';

const STATUS: Record<QuizErrorCode, number> = {
	'quiz-not-found': 404,
	'attempt-not-found': 404,
	'attempt-limit': 409,
	'unknown-question': 400,
	'unknown-option': 400,
	'one-option-only': 400
};

/**
 * A refused quiz request. `code` says why; `status` is the HTTP status a route answers with;
 * `localizedMessage()` is the localised text for the learner (in the request's language).
 */
export class QuizError extends Error {
	readonly status: number;
	constructor(
		readonly code: QuizErrorCode,
		readonly detail: { limit?: number } = {}
	) {
		super(code);
		this.name = 'QuizError';
		this.status = STATUS[code];
	}

	localizedMessage(): string {
		switch (this.code) {
			case 'quiz-not-found':
				return m.quiz_error_quiz_not_found();
			case 'attempt-not-found':
				return m.quiz_error_attempt_not_found();
			case 'attempt-limit':
				return m.quiz_error_attempt_limit({ limit: this.detail.limit ?? 0 });
			case 'unknown-question':
				return m.quiz_error_unknown_question();
			case 'unknown-option':
				return m.quiz_error_unknown_option();
			case 'one-option-only':
				return m.quiz_error_one_option_only();
		}
	}
}
