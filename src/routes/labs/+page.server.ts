import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { listLabProgress, listLabs } from '$lib/server/labs';

/** Every lab; for a signed-in learner also their result on each (no sign-in needed to browse). */
export const load: PageServerLoad = ({ locals }) => {
	const user = locals.user;
	const db = getDb();
	const progress = user ? listLabProgress(db, user.id) : new Map();
	return {
		signedIn: !!user,
		labs: listLabs(db, getLocale()).map((l) => {
			const p = progress.get(l.id);
			return {
				id: l.id,
				path: l.path,
				title: l.title,
				summary: l.summary,
				type: l.meta.type,
				difficulty: l.meta.difficulty,
				modules: l.meta.modules,
				estimatedMinutes: l.meta.estimatedMinutes,
				attemptLimit: l.meta.attemptLimit,
				state: user ? (p?.state ?? 'not_started') : null,
				attempts: p?.attempts ?? 0,
				best: p?.best ?? null,
				latestAttemptId: p?.latestAttemptId ?? null
			};
		})
	};
};
