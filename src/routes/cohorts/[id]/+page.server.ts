import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { formatCalendarDate, formatDate } from '$lib/format';
import { getDb } from '$lib/server/db';
import { parseForm, textField } from '$lib/server/forms';
import { requireRole } from '$lib/server/auth/guard';
import type { SessionUser } from '$lib/server/auth/session';
import { listTimeZones } from '$lib/server/settings/time-zones';
import {
	canManageCohort,
	cohortSchema,
	formatInviteCode,
	getCohort,
	isCohortOver,
	listCohortMembers,
	regenerateInviteCode,
	removeCohortMember,
	updateCohort
} from '$lib/server/cohorts';

/** The cohort in the URL if `user` may manage it; 404 otherwise (other instructors' cohorts included). */
function managedCohort(event: Pick<RequestEvent, 'params'>, user: SessionUser) {
	const id = Number(event.params.id);
	const cohort = Number.isSafeInteger(id) && id > 0 ? getCohort(getDb(), id) : undefined;
	if (!cohort || !canManageCohort(user, cohort)) error(404, m.cohort_not_found());
	return cohort;
}

export const load: PageServerLoad = (event) => {
	const user = requireRole(event, 'instructor');
	const cohort = managedCohort(event, user);
	const locale = getLocale();
	const code = formatInviteCode(cohort.inviteCode);
	return {
		cohort: {
			id: cohort.id,
			name: cohort.name,
			startDate: cohort.startDate,
			endDate: cohort.endDate,
			timeZone: cohort.timeZone,
			term: `${formatCalendarDate(cohort.startDate, locale)} – ${formatCalendarDate(cohort.endDate, locale)}`,
			over: isCohortOver(cohort),
			inviteCode: code,
			inviteLink: event.url.origin + localizeHref(`/register?code=${code}`)
		},
		members: listCohortMembers(getDb(), cohort.id).map((mb) => ({
			userId: mb.userId,
			displayName: mb.displayName,
			email: mb.email,
			joinedAt: formatDate(mb.joinedAt, locale, user.timeZone)
		})),
		timeZones: listTimeZones(),
		created: event.url.searchParams.has('created')
	};
};

const removeSchema = z.object({
	userId: z.coerce
		.number({ error: () => m.cohort_member_not_found() })
		.int()
		.positive()
});

export const actions: Actions = {
	update: async (event) => {
		const user = requireRole(event, 'instructor');
		const cohort = managedCohort(event, user);
		const form = await event.request.formData();
		const values = {
			name: textField(form, 'name', 200),
			startDate: textField(form, 'startDate', 20),
			endDate: textField(form, 'endDate', 20),
			timeZone: textField(form, 'timeZone', 100)
		};
		const parsed = parseForm(cohortSchema, form);
		if (!parsed.ok)
			return fail(400, {
				edit: { ...values, errors: parsed.errors, message: m.err_form_invalid() }
			});
		updateCohort(getDb(), user, cohort.id, parsed.data);
		return { success: m.cohort_saved() };
	},
	regenerateCode: async (event) => {
		const user = requireRole(event, 'instructor');
		const cohort = managedCohort(event, user);
		regenerateInviteCode(getDb(), user, cohort.id);
		return { success: m.cohort_code_regenerated() };
	},
	removeMember: async (event) => {
		const user = requireRole(event, 'instructor');
		const cohort = managedCohort(event, user);
		const parsed = parseForm(removeSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { message: m.cohort_member_not_found() });
		if (!removeCohortMember(getDb(), user, cohort.id, parsed.data.userId))
			return fail(404, { message: m.cohort_member_not_found() });
		return { success: m.cohort_member_removed() };
	}
};
