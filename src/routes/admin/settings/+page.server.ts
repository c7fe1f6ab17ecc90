import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { getLocale } from '$lib/paraglide/runtime';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { providerNotice } from '$lib/server/exercises';
import { spendSince, startOfDay } from '$lib/server/feedback/accounting';
import { requireRole } from '$lib/server/auth/guard';
import { getSettings, parseSettingsForm, updateSettings } from '$lib/server/settings';
import { listTimeZones } from '$lib/server/settings/time-zones';

export const load: PageServerLoad = (event) => {
	requireRole(event, 'admin');
	const db = getDb();
	const settings = getSettings(db);
	const spent = spendSince(db, startOfDay(new Date(), settings.defaultTimeZone));
	return {
		settings,
		llm: {
			currency: getConfig().LLM_PRICE_CURRENCY,
			spentToday: new Intl.NumberFormat(getLocale(), { maximumFractionDigits: 4 }).format(spent)
		},
		timeZones: listTimeZones(),
		providerNotice: providerNotice(db, getConfig(), getLocale()),
		saved: event.url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	/**
	 * Saves the settings present in the posted form (each section of the page is its own form
	 * holding only its inputs); audited per changed key by updateSettings.
	 */
	save: async (event) => {
		const admin = requireRole(event, 'admin');
		const form = await event.request.formData();
		const parsed = parseSettingsForm(form);
		if (!parsed.ok) {
			const values = Object.fromEntries(
				[...form.entries()].map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, 2000) : ''])
			);
			return fail(400, { values, errors: parsed.errors, message: m.err_form_invalid() });
		}
		updateSettings(getDb(), parsed.data, { actorId: admin.id });
		redirect(303, localizeHref('/admin/settings?saved'));
	}
};
