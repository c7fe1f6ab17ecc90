import type { Db } from '../../src/lib/server/db';
import type { Config } from '../../src/lib/server/config';
import { storeExerciseRubrics } from '../../src/lib/server/exercises';
import { seedCohorts } from './cohorts';
import { produceFeedback, seedSubmissions } from './exercises';
import { seedForum } from './forum';
import {
	countDemoUsers,
	DEMO_PEOPLE,
	demoEmail,
	listRealUsers,
	seedPeople,
	type DemoPeople
} from './people';
import { seedQuizAttempts } from './quizzes';

export { DEMO_PASSWORD, DEMO_DOMAIN, DEMO_PEOPLE, demoEmail } from './people';

/** What the demo made, by feature (numbers of rows). */
export type DemoSummary = Record<string, number>;

/**
 * One feature's demo data: `run` writes it for the demo cast and returns what it made. To add a
 * feature (grades, lab attempts…), write one function like these and append it to
 * {@link DEMO_STEPS}; steps run in order, after content, people and cohorts exist.
 */
export type DemoStep = {
	name: string;
	run: (db: Db, people: DemoPeople, config: Config) => Promise<DemoSummary> | DemoSummary;
};

export const DEMO_STEPS: DemoStep[] = [
	{ name: 'cohorts', run: (db, people) => ({ cohorts: seedCohorts(db, people).length }) },
	{ name: 'quizzes', run: (db, people) => ({ quizAttempts: seedQuizAttempts(db, people) }) },
	{
		name: 'exercises',
		run: async (db, people, config) => {
			const submissions = seedSubmissions(db, people);
			await produceFeedback(db, config);
			return { submissions };
		}
	},
	{ name: 'forum', run: (db, people) => seedForum(db, people) }
];

/**
 * Why the demo must not run on this database, or null when it may: NODE_ENV=production (always,
 * even with `force`), or accounts that are not the demo's (apart from the start-up admin,
 * ADMIN_EMAIL) unless `force`.
 */
export function demoRefusal(
	db: Db,
	opts: { nodeEnv: string | undefined; adminEmail: string; force: boolean }
): string | null {
	if (opts.nodeEnv === 'production')
		return 'NODE_ENV is production: the demo never fills a production database.';
	if (opts.force) return null;
	const real = listRealUsers(db, opts.adminEmail);
	if (real.length > 0)
		return `the database has ${real.length} account(s) that are not demo accounts (e.g. ${real[0].email}); run with --force to add demo data anyway.`;
	return null;
}

export type DemoResult =
	| { status: 'seeded'; summary: DemoSummary }
	| { status: 'already-seeded' }
	| { status: 'refused'; reason: string };

/**
 * Fills `db` (migrated, content synced) with demo data: the cast ({@link DEMO_PEOPLE}, password
 * {@link DEMO_PASSWORD}), then every {@link DEMO_STEPS} step. Runs once: when demo accounts exist
 * it changes nothing and says so. Refuses as {@link demoRefusal} says.
 */
export async function seedDemo(
	db: Db,
	config: Config,
	opts: { nodeEnv: string | undefined; force?: boolean }
): Promise<DemoResult> {
	const reason = demoRefusal(db, {
		nodeEnv: opts.nodeEnv,
		adminEmail: config.ADMIN_EMAIL,
		force: !!opts.force
	});
	if (reason) return { status: 'refused', reason };
	if (countDemoUsers(db) > 0) return { status: 'already-seeded' };
	storeExerciseRubrics(db);
	const people = await seedPeople(db);
	const summary: DemoSummary = { users: DEMO_PEOPLE.length };
	for (const step of DEMO_STEPS) Object.assign(summary, await step.run(db, people, config));
	return { status: 'seeded', summary };
}

/** The demo accounts as lines to print: role, email, name. */
export function demoAccountLines(): string[] {
	return DEMO_PEOPLE.map((p) => `  ${p.role.padEnd(10)} ${demoEmail(p.key).padEnd(40)} ${p.name}`);
}
