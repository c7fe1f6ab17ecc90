import { z } from 'zod';

/** A calendar date written YYYY-MM-DD (YAML keeps it a string) that exists. */
export const isoDate = z
	.string({ error: 'must be a date written YYYY-MM-DD' })
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
	.refine(
		(d) =>
			!Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
			new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
		'is not a real date'
	);

/** Non-empty text (trimmed). */
export const text = (what = 'text') =>
	z
		.string({ error: `must be ${what}` })
		.trim()
		.min(1, `must not be empty`);

/** A link to another item, "kind:id" (kinds: lab, exercise, quiz, case, module, faq, page). */
export const itemRef = z
	.string()
	.regex(
		/^(lab|exercise|quiz|case|module|faq|page):[a-z0-9][a-z0-9-]*$/,
		'must be "kind:id", e.g. "lab:lab-interface-schema" (kinds: lab, exercise, quiz, case, module, faq, page)'
	);

/** An absolute http(s) URL. */
export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

/** The folder name without a leading "NN-" ordering prefix. */
export function slugFromFolder(folder: string): string {
	return folder.replace(/^\d+-/, '');
}
