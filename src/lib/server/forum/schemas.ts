import { z } from 'zod';
import { m } from '../../paraglide/messages';
import { getConfig } from '../config';
import { FLAG_REASONS } from '../db/schema';
import { FAQ_MODULES } from '../content/kinds/faq';
import { splitTags } from './tags';

/** Form schemas of the forum (messages are localised functions, see ../forms.ts). */

export const TITLE_MIN = 5;
export const TITLE_MAX = 150;
export const BODY_MIN = 10;
export const REASON_MAX = 500;

const id = () =>
	z.coerce
		.number({ error: () => m.forum_err_not_found() })
		.int({ error: () => m.forum_err_not_found() })
		.positive({ error: () => m.forum_err_not_found() });

/** A thread title: whitespace collapsed, 5–150 characters. */
export const titleField = z
	.string({ error: () => m.forum_err_title_length({ min: TITLE_MIN, max: TITLE_MAX }) })
	.transform((s) => s.replace(/\s+/g, ' ').trim())
	.pipe(
		z
			.string()
			.min(TITLE_MIN, { error: () => m.forum_err_title_length({ min: TITLE_MIN, max: TITLE_MAX }) })
			.max(TITLE_MAX, { error: () => m.forum_err_title_length({ min: TITLE_MIN, max: TITLE_MAX }) })
	);

/** A question or answer body: Markdown, trimmed, BODY_MIN to FORUM_BODY_MAX_CHARS characters. */
export const bodyField = () => {
	const max = getConfig().FORUM_BODY_MAX_CHARS;
	const error = () => m.forum_err_body_length({ min: BODY_MIN, max });
	return z.string({ error }).trim().min(BODY_MIN, { error }).max(max, { error });
};

/** A comment: 2 to FORUM_COMMENT_MAX_CHARS characters. */
export const commentField = () => {
	const max = getConfig().FORUM_COMMENT_MAX_CHARS;
	const error = () => m.forum_err_comment_length({ max });
	return z.string({ error }).trim().min(2, { error }).max(max, { error });
};

/** Tags from the form: the module and case selects plus the free tag box (validated later). */
const tagFields = {
	module: z.string().max(20).default(''),
	case: z.string().max(120).default(''),
	tags: z
		.string()
		.max(400, { error: () => m.forum_err_tags_long() })
		.default('')
};

/** The tags a form sends, in order: module, case, then the free box. */
export function tagsFromForm(v: { module: string; case: string; tags: string }): string[] {
	return [v.module, v.case, ...splitTags(v.tags)].map((t) => t.trim()).filter(Boolean);
}

export const askSchema = () => z.object({ title: titleField, body: bodyField(), ...tagFields });

export const answerSchema = () => z.object({ body: bodyField() });

export const commentSchema = () => z.object({ parentId: id(), body: commentField() });

export const postIdSchema = z.object({ postId: id() });

export const voteSchema = z.object({
	postId: id(),
	value: z.enum(['up', 'down'], { error: () => m.forum_err_not_found() })
});

export const flagSchema = z.object({
	postId: id(),
	reason: z.enum(FLAG_REASONS, { error: () => m.forum_err_flag_reason() }),
	note: z
		.string()
		.trim()
		.max(REASON_MAX, { error: () => m.forum_err_reason_long({ max: REASON_MAX }) })
		.default('')
});

/** A moderator's reason (hiding requires one; the author is shown it). */
export const reasonField = z
	.string({ error: () => m.forum_err_reason_required() })
	.trim()
	.min(3, { error: () => m.forum_err_reason_required() })
	.max(REASON_MAX, { error: () => m.forum_err_reason_long({ max: REASON_MAX }) });

export const hideSchema = z.object({ postId: id(), reason: reasonField });

export const lockSchema = z.object({
	reason: z
		.string()
		.trim()
		.max(REASON_MAX, { error: () => m.forum_err_reason_long({ max: REASON_MAX }) })
		.default('')
});

/** The original thread of a duplicate: a number or a link such as "/questions/12" or "https://…/en/questions/12". */
export const duplicateSchema = z.object({
	target: z
		.string({ error: () => m.forum_err_duplicate_target() })
		.trim()
		.transform((s, ctx) => {
			const id = /^(?:.*\/questions\/)?(\d{1,12})(?:[/?#].*)?$/.exec(s)?.[1];
			if (!id) {
				ctx.addIssue({ code: 'custom', message: m.forum_err_duplicate_target() });
				return z.NEVER;
			}
			return Number(id);
		})
});

export const editSchema = () => z.object({ body: bodyField() });
export const editQuestionSchema = () =>
	z.object({ title: titleField, body: bodyField(), ...tagFields });
export const editCommentSchema = () => z.object({ body: commentField() });

const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max, { error: () => m.forum_err_faq_long({ max }) })
		.default('')
		.transform((s) => s || null);

/** A curated FAQ entry: module, and at least one complete language (question + answer). */
export const faqFormSchema = () =>
	z
		.object({
			module: z.coerce
				.number({ error: () => m.forum_err_faq_module() })
				.int()
				.refine((n) => (FAQ_MODULES as readonly number[]).includes(n), {
					error: () => m.forum_err_faq_module()
				}),
			titleZh: optionalText(TITLE_MAX),
			answerZh: optionalText(getConfig().FORUM_BODY_MAX_CHARS),
			titleEn: optionalText(TITLE_MAX),
			answerEn: optionalText(getConfig().FORUM_BODY_MAX_CHARS)
		})
		.superRefine((v, ctx) => {
			for (const [t, a] of [
				['titleZh', 'answerZh'],
				['titleEn', 'answerEn']
			] as const) {
				if (!!v[t] !== !!v[a])
					ctx.addIssue({ code: 'custom', path: [v[t] ? a : t], message: m.forum_err_faq_pair() });
			}
			if (!(v.titleZh && v.answerZh) && !(v.titleEn && v.answerEn))
				ctx.addIssue({
					code: 'custom',
					path: ['titleZh'],
					message: m.forum_err_faq_one_language()
				});
		});
