import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { parseForm } from '$lib/server/forms';
import { listModules } from '$lib/server/content/modules';
import { FAQ_MODULES } from '$lib/server/content/kinds/faq';
import {
	ForumError,
	faqFormSchema,
	getThreadView,
	promoteThread,
	promotionDraft
} from '$lib/server/forum';
import { forumFailure } from '$lib/server/forum/http';
import { threadIdOf } from '../thread-helpers';
import { faqFormValues } from '../../../faq/faq-form';

export const load: PageServerLoad = (event) => {
	const user = requireRole(event, 'instructor');
	const threadId = threadIdOf(event);
	try {
		const view = getThreadView(getDb(), threadId, user);
		const draft = promotionDraft(getDb(), threadId);
		return {
			threadId,
			threadTitle: view.thread.title,
			values: {
				module: String(draft.module),
				titleZh: draft.titleZh ?? '',
				answerZh: draft.answerZh ?? '',
				titleEn: draft.titleEn ?? '',
				answerEn: draft.answerEn ?? ''
			},
			modules: listModules(getDb(), getLocale())
				.filter((mod) => (FAQ_MODULES as readonly number[]).includes(mod.number))
				.map((mod) => ({ number: mod.number, title: mod.title }))
		};
	} catch (e) {
		if (e instanceof ForumError) error(404, m.forum_err_not_found());
		throw e;
	}
};

export const actions: Actions = {
	promote: async (event) => {
		const user = requireRole(event, 'instructor');
		const threadId = threadIdOf(event);
		const form = await event.request.formData();
		const values = faqFormValues(form);
		const parsed = parseForm(faqFormSchema(), form);
		if (!parsed.ok)
			return fail(400, { values, errors: parsed.errors, message: m.err_form_invalid() });
		let id: number;
		try {
			id = promoteThread(getDb(), user, threadId, parsed.data).id;
		} catch (e) {
			return forumFailure(e, { values });
		}
		redirect(303, localizeHref(`/faq/${id}`));
	}
};
