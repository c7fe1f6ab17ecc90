import { m } from '$lib/paraglide/messages';
import type { LabMeta } from '$lib/server/content/kinds/lab';
import type { LabAnswer, SubmitLabResult } from '$lib/server/labs';
import { describeFieldProblem, describeProblem } from '../describe';

/** The typed values echoed back after a refusal, so nothing is lost (never trimmed). */
export type FormValues = {
	step?: string;
	schema?: string;
	openapi?: string;
	answers?: Record<string, string>;
	sections?: Record<string, string>;
};

const str = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
};

/**
 * Reads the submit form: `step` (schema | openapi | capacity | runbook), `idempotencyKey`, and the
 * step's fields (`text`; `answer.<question id>`; `section.<section id>`). The values come back in
 * every case, for the form to show again.
 */
export function readAnswer(
	form: FormData,
	meta: LabMeta
):
	| { ok: true; answer: LabAnswer; idempotencyKey: string; values: FormValues }
	| { ok: false; message: string; values: FormValues } {
	const step = str(form, 'step');
	const key = str(form, 'idempotencyKey');
	const values: FormValues = { step };
	let answer: LabAnswer | null = null;
	if (step === 'schema' || step === 'openapi') {
		values[step] = str(form, 'text');
		answer = { step, text: values[step] };
	} else if (step === 'capacity') {
		values.answers = Object.fromEntries(
			(meta.capacity?.questions ?? []).map((q) => [q.id, str(form, `answer.${q.id}`)])
		);
		answer = { step, answers: values.answers };
	} else if (step === 'runbook') {
		values.sections = Object.fromEntries(
			(meta.runbook?.sections ?? []).map((s) => [s.id, str(form, `section.${s.id}`)])
		);
		answer = { step, sections: values.sections };
	}
	if (!answer) return { ok: false, message: m.labs_err_wrong_step(), values };
	if (key.length < 8 || key.length > 200) {
		return { ok: false, message: m.exercises_err_resubmit(), values };
	}
	return { ok: true, answer, idempotencyKey: key, values };
}

/** Status, message and per-field errors of a refused attempt. */
export function refusal(
	r: Extract<SubmitLabResult, { ok: false }>,
	meta: LabMeta,
	locale: 'zh-CN' | 'en'
): { status: number; message: string; errors: Record<string, string> } {
	switch (r.reason) {
		case 'not_found':
			return { status: 404, message: m.error_not_found(), errors: {} };
		case 'wrong_step':
			return { status: 400, message: m.labs_err_wrong_step(), errors: {} };
		case 'attempt_limit':
			return { status: 409, message: m.labs_err_attempt_limit({ limit: r.limit }), errors: {} };
		case 'schema': {
			const message = describeProblem(r.problem, locale, r.part);
			return { status: 400, message, errors: { text: message } };
		}
		case 'capacity': {
			const errors = Object.fromEntries(
				Object.entries(r.problems).map(([id, p]) => [`answer.${id}`, describeFieldProblem(p)])
			);
			const labels = (meta.capacity?.questions ?? [])
				.filter((q) => r.problems[q.id])
				.map((q) => q.label);
			return {
				status: 400,
				message: m.labs_err_capacity_fields({
					fields: labels.join(locale === 'zh-CN' ? '、' : '; ')
				}),
				errors
			};
		}
		case 'runbook': {
			const title = (id: string) => meta.runbook?.sections.find((s) => s.id === id)?.title ?? id;
			const errors: Record<string, string> = {};
			for (const id of r.empty) errors[`section.${id}`] = m.labs_err_section_empty();
			for (const id of r.tooLong)
				errors[`section.${id}`] = m.labs_err_section_too_long({ limit: r.limit });
			const sep = locale === 'zh-CN' ? '、' : ', ';
			return {
				status: 400,
				message: r.empty.length
					? m.labs_err_runbook_empty({ sections: r.empty.map(title).join(sep) })
					: m.labs_err_runbook_too_long({
							sections: r.tooLong.map(title).join(sep),
							limit: r.limit
						}),
				errors
			};
		}
	}
}
