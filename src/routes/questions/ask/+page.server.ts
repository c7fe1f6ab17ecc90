import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { parseForm, textField } from '$lib/server/forms';
import { renderMarkdown } from '$lib/server/markdown';
import {
	askSchema,
	consumeForumPost,
	createThread,
	findSimilar,
	normaliseTag,
	tagsFromForm,
	validateTags
} from '$lib/server/forum';
import { forumFailure, rateLimitedFailure } from '$lib/server/forum/http';
import { tagOptions } from '../tag-options';

function values(form: FormData) {
	return {
		title: textField(form, 'title', 300),
		body: textField(form, 'body', 50_000),
		module: textField(form, 'module', 20),
		case: textField(form, 'case', 120),
		tags: textField(form, 'tags', 400)
	};
}

export const load: PageServerLoad = (event) => {
	requireUser(event);
	const options = tagOptions(getDb(), getLocale());
	// "Ask about this" links carry the tags of the list they came from.
	const wanted = event.url.searchParams.getAll('tag').map(normaliseTag).filter(Boolean);
	const module = wanted.find((t) => options.modules.some((o) => o.value === t)) ?? '';
	const kase = wanted.find((t) => options.cases.some((o) => o.value === t)) ?? '';
	return {
		options,
		values: {
			title: '',
			body: '',
			module,
			case: kase,
			tags: wanted.filter((t) => t !== module && t !== kase).join(' ')
		}
	};
};

export const actions: Actions = {
	/** Without JavaScript: show the rendered question and similar threads before posting. */
	preview: async (event) => {
		requireUser(event);
		const form = await event.request.formData();
		const v = values(form);
		const parsed = parseForm(askSchema(), form);
		if (!parsed.ok)
			return fail(400, { values: v, errors: parsed.errors, message: m.err_form_invalid() });
		try {
			validateTags(getDb(), tagsFromForm(parsed.data));
		} catch (e) {
			return forumFailure(e, { values: v });
		}
		return {
			values: v,
			preview: {
				html: renderMarkdown(parsed.data.body),
				similar: findSimilar(getDb(), parsed.data.title, getLocale())
			}
		};
	},
	ask: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const v = values(form);
		const limit = await consumeForumPost(getDb(), user);
		if (!limit.ok) return rateLimitedFailure(limit, { values: v });
		const parsed = parseForm(askSchema(), form);
		if (!parsed.ok)
			return fail(400, { values: v, errors: parsed.errors, message: m.err_form_invalid() });
		let id: number;
		try {
			id = createThread(getDb(), user, {
				title: parsed.data.title,
				body: parsed.data.body,
				tags: tagsFromForm(parsed.data)
			}).id;
		} catch (e) {
			return forumFailure(e, { values: v });
		}
		redirect(303, localizeHref(`/questions/${id}`));
	}
};
