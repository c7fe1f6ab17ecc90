import type { z } from 'zod';

/** Field → first localised message, for re-rendering a form next to its fields. */
export type FieldErrors = Record<string, string>;

/**
 * Validates form data against a zod object schema whose messages are localised functions.
 * Multi-valued fields are read with getAll when the schema field is an array.
 * @returns `{ ok: true, data }`, or `{ ok: false, errors }` keyed by top-level field name.
 */
export function parseForm<S extends z.ZodType>(
	schema: S,
	form: FormData
): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors } {
	const raw: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
	for (const key of new Set(form.keys())) {
		const all = form.getAll(key);
		raw[key] = all.length > 1 ? all : all[0];
	}
	const result = schema.safeParse(raw);
	if (result.success) return { ok: true, data: result.data };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const field = String(issue.path[0] ?? '_form');
		errors[field] ??= issue.message;
	}
	return { ok: false, errors };
}

/** A text field's value for echoing back into a form (never use it for passwords). */
export function textField(form: FormData, name: string, max = 500): string {
	const v = form.get(name);
	return typeof v === 'string' ? v.slice(0, max) : '';
}

/**
 * Invisible characters that have no place in a one-line name: C0/C1 controls (Cc), format
 * characters (Cf: bidi overrides and isolates such as U+202E, zero-width spaces, soft hyphens,
 * BOM) and line/paragraph separators — except ZERO WIDTH JOINER (U+200D), which emoji sequences need.
 */
const INVISIBLE = /(?!\u200d)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * A one-line name as it should be stored and shown (display names, cohort names, the site name):
 * Unicode NFC, invisible and control characters removed (so "\u202Eadmin" cannot reverse the text
 * around it and "\u200B" is not a name), then trimmed. Length checks come after this.
 */
export function plainText(input: string): string {
	return input.normalize('NFC').replace(INVISIBLE, '').trim();
}
