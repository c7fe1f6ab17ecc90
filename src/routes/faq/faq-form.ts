import { textField } from '$lib/server/forms';

/** The FAQ form's fields as typed, for re-showing the form after a refusal. */
export function faqFormValues(form: FormData) {
	return {
		module: textField(form, 'module', 4),
		titleZh: textField(form, 'titleZh', 300),
		answerZh: textField(form, 'answerZh', 50_000),
		titleEn: textField(form, 'titleEn', 300),
		answerEn: textField(form, 'answerEn', 50_000)
	};
}
