import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { getSetting } from '$lib/server/settings';
import { resolveItemRefs } from '$lib/server/content/items';
import {
	deadlineFor,
	describeDeadline,
	listExerciseProgress,
	listExercises
} from '$lib/server/exercises';

/** Every exercise; for a signed-in learner also where they stand on each (no sign-in needed to browse). */
export const load: PageServerLoad = ({ locals }) => {
	const user = locals.user;
	const db = getDb();
	const locale = getLocale();
	const exercises = listExercises(db, locale);
	const progress = user ? listExerciseProgress(db, user.id) : new Map();
	const cases = new Map(
		resolveItemRefs(
			db,
			exercises.flatMap((e) => (e.meta.case ? [`case:${e.meta.case}`] : [])),
			locale
		).map((c) => [c.id, { title: c.title, path: c.path }])
	);
	const siteZone = getSetting(db, 'defaultTimeZone');
	return {
		signedIn: !!user,
		exercises: exercises.map((e) => {
			const deadline = deadlineFor(db, user?.id ?? 0, e.id, e.meta, siteZone);
			const p = progress.get(e.id);
			return {
				id: e.id,
				path: e.path,
				title: e.title,
				summary: e.summary,
				difficulty: e.meta.difficulty,
				modules: e.meta.modules,
				estimatedMinutes: e.meta.estimatedMinutes,
				attemptLimit: e.meta.attemptLimit,
				maxPoints: e.meta.maxPoints,
				case: e.meta.case ? (cases.get(e.meta.case) ?? null) : null,
				deadline: describeDeadline(deadline, locale, user?.timeZone ?? null),
				state: user ? (p?.state ?? 'not_started') : null,
				attempts: p?.attempts ?? 0,
				revising: p?.revising ?? false,
				latestSubmissionId: p?.latestSubmissionId ?? null
			};
		})
	};
};
