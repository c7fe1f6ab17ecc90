import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { formatCalendarDate } from '$lib/format';
import { getDb } from '$lib/server/db';
import { parseForm, textField } from '$lib/server/forms';
import { requireRole } from '$lib/server/auth/guard';
import { getSetting } from '$lib/server/settings';
import { listTimeZones } from '$lib/server/settings/time-zones';
import { cohortSchema, createCohort, getCohortsForInstructor } from '$lib/server/cohorts';
import { z } from 'zod';

/** The create form's one-time key (optional: a post without it simply creates). */
const createKeySchema = z.uuid();

export const load: PageServerLoad = (event) => {
	const user = requireRole(event, 'instructor');
	const db = getDb();
	const locale = getLocale();
	return {
		cohorts: getCohortsForInstructor(db, user).map((c) => ({
			id: c.id,
			name: c.name,
			term: `${formatCalendarDate(c.startDate, locale)} – ${formatCalendarDate(c.endDate, locale)}`,
			timeZone: c.timeZone,
			memberCount: c.memberCount,
			ownerName: c.ownerId === user.id ? null : c.ownerName
		})),
		timeZones: listTimeZones(),
		defaultTimeZone: getSetting(db, 'defaultTimeZone'),
		// One-time key of the create form: a double submit of the same form makes one cohort.
		createKey: crypto.randomUUID()
	};
};

export const actions: Actions = {
	create: async (event) => {
		const user = requireRole(event, 'instructor');
		const form = await event.request.formData();
		const values = {
			name: textField(form, 'name', 200),
			startDate: textField(form, 'startDate', 20),
			endDate: textField(form, 'endDate', 20),
			timeZone: textField(form, 'timeZone', 100)
		};
		const parsed = parseForm(cohortSchema, form);
		if (!parsed.ok)
			return fail(400, { ...values, errors: parsed.errors, message: m.err_form_invalid() });
		const key = createKeySchema.safeParse(form.get('createKey'));
		const cohort = createCohort(getDb(), user, parsed.data, key.success ? key.data : null);
		redirect(303, localizeHref(`/cohorts/${cohort.id}?created`));
	}
};
