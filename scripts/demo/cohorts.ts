import type { Db } from '../../src/lib/server/db';
import type { Cohort, User } from '../../src/lib/server/db/schema';
import { createCohort, joinCohortByCode, todayIn } from '../../src/lib/server/cohorts';
import type { DemoPeople } from './people';

const DAY_MS = 24 * 60 * 60_000;

/** The date `days` from today in `timeZone`, as YYYY-MM-DD. */
function dayFrom(timeZone: string, days: number): string {
	return todayIn(timeZone, Date.now() + days * DAY_MS);
}

/**
 * Two cohorts in term (started 30 days ago, ending in 60): the Chinese one owned by the first
 * instructor with the Chinese-speaking learners, the English one owned by the second with the
 * others. Learners join with the invite code, as at registration (the owner is notified).
 */
export function seedCohorts(db: Db, people: DemoPeople): Cohort[] {
	const [wang, lee] = people.instructors;
	const plan: Array<{ owner: User; name: string; timeZone: string; members: User[] }> = [
		{
			owner: wang,
			name: '2026 秋季班（演示）',
			timeZone: 'Asia/Shanghai',
			members: people.learners.filter((l) => l.locale === 'zh-CN')
		},
		{
			owner: lee ?? wang,
			name: 'Autumn 2026, English track (demo)',
			timeZone: 'Europe/London',
			members: people.learners.filter((l) => l.locale === 'en')
		}
	];
	return plan.map(({ owner, name, timeZone, members }) => {
		const cohort = createCohort(db, owner, {
			name,
			timeZone,
			startDate: dayFrom(timeZone, -30),
			endDate: dayFrom(timeZone, 60)
		});
		for (const m of members) joinCohortByCode(db, m, cohort.inviteCode);
		return cohort;
	});
}
