import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { parseForm } from '$lib/server/forms';
import { listModules } from '$lib/server/content/modules';
import { FAQ_MODULES } from '$lib/server/content/kinds/faq';
import { faqFormSchema, getPromotedEntry, updateFaqEntry } from '$lib/server/forum';
import { forumFailure } from '$lib/server/forum/http';
import { faqFormValues } from '../../faq-form';

/** Only promoted entries are edited here; seeded ones belong to their files in cases/faq. */
function entryId(slug: string): number {
	if (!/^\d+$/.test(slug)) error(404, m.error_not_found());
	return Number(slug);
}

export const load: PageServerLoad = (event) => {
	requireRole(event, 'instructor');
	const e = getPromotedEntry(getDb(), entryId(event.params.slug));
	if (!e) error(404, m.error_not_found());
	return {
		id: e.id,
		values: {
			module: String(e.module),
			titleZh: e.titleZh ?? '',
			answerZh: e.answerZh ?? '',
			titleEn: e.titleEn ?? '',
			answerEn: e.answerEn ?? ''
		},
		modules: listModules(getDb(), getLocale())
			.filter((mod) => (FAQ_MODULES as readonly number[]).includes(mod.number))
			.map((mod) => ({ number: mod.number, title: mod.title }))
	};
};

export const actions: Actions = {
	save: async (event) => {
		const user = requireRole(event, 'instructor');
		const id = entryId(event.params.slug);
		const form = await event.request.formData();
		const values = faqFormValues(form);
		const parsed = parseForm(faqFormSchema(), form);
		if (!parsed.ok)
			return fail(400, { values, errors: parsed.errors, message: m.err_form_invalid() });
		try {
			updateFaqEntry(getDb(), user, id, parsed.data);
		} catch (e) {
			return forumFailure(e, { values });
		}
		redirect(303, localizeHref(`/faq/${id}`));
	}
};
