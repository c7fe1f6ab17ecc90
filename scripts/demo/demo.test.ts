import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { createTestDb } from '../../tests/support/db';
import { makeQuizContentDir } from '../../tests/support/quiz';
import { writeExercise } from '../../tests/support/exercise-content';
import type { ContentDir } from '../../tests/support/content';
import { makeUser } from '../../tests/support/factories';
import { loadConfig } from '../../src/lib/server/config';
import type { Db } from '../../src/lib/server/db';
import { log } from '../../src/lib/server/log';
import { syncContent } from '../../src/lib/server/content/sync';
import {
	cohortMembers,
	cohorts,
	faqEntries,
	feedback,
	forumPosts,
	forumThreads,
	quizAttempts,
	submissions,
	users
} from '../../src/lib/server/db/schema';
import { DEMO_PEOPLE, seedDemo } from './index';

let db: Db;
let cleanupDb: () => void;
let content: ContentDir;
const config = loadConfig({ ADMIN_EMAIL: 'boot@example.test' });

beforeEach(() => {
	log.level = 'silent';
	({ db, cleanup: cleanupDb } = createTestDb());
	content = makeQuizContentDir();
	writeExercise(content.root, 'demo');
	syncContent(db, content.root);
});
afterEach(() => {
	content.cleanup();
	cleanupDb();
});

const rows = (table: SQLiteTable) => db.select({ n: count() }).from(table).get()?.n ?? 0;

function counts() {
	return {
		users: rows(users),
		cohorts: rows(cohorts),
		members: rows(cohortMembers),
		quizAttempts: db
			.select({ n: count() })
			.from(quizAttempts)
			.where(eq(quizAttempts.status, 'graded'))
			.get()?.n,
		submissions: rows(submissions),
		feedback: rows(feedback),
		threads: rows(forumThreads),
		answers: db.select({ n: count() }).from(forumPosts).where(eq(forumPosts.kind, 'answer')).get()
			?.n,
		faq: rows(faqEntries)
	};
}

describe('npm run demo (seedDemo)', () => {
	it('fills every feature once, with offline feedback for every submission', async () => {
		const result = await seedDemo(db, config, { nodeEnv: 'development' });
		expect(result.status).toBe('seeded');
		const learners = DEMO_PEOPLE.filter((p) => p.role === 'learner').length;
		// 8 learners: every other one takes the quiz twice; the fixture content has one exercise,
		// which every learner answers and every other one revises.
		expect(counts()).toEqual({
			users: DEMO_PEOPLE.length,
			cohorts: 2,
			members: learners,
			quizAttempts: learners + learners / 2,
			submissions: learners + learners / 2,
			feedback: learners + learners / 2,
			threads: 5,
			answers: 6,
			faq: 1
		});
		expect(result).toMatchObject({
			summary: { users: 11, cohorts: 2, quizAttempts: 12, submissions: 12, threads: 5, answers: 6 }
		});
		const sources = db.select({ source: feedback.source }).from(feedback).all();
		expect(new Set(sources.map((s) => s.source))).toEqual(new Set(['offline']));
	});

	it('runs once: a second run changes nothing', async () => {
		await seedDemo(db, config, { nodeEnv: 'development' });
		const before = counts();
		expect(await seedDemo(db, config, { nodeEnv: 'development' })).toEqual({
			status: 'already-seeded'
		});
		expect(counts()).toEqual(before);
	});

	it('refuses in production, even with --force', async () => {
		for (const force of [false, true]) {
			const r = await seedDemo(db, config, { nodeEnv: 'production', force });
			expect(r).toMatchObject({ status: 'refused', reason: expect.stringMatching(/production/) });
		}
		expect(rows(users)).toBe(0);
	});

	it('refuses a database with real accounts unless forced; the start-up admin does not count', async () => {
		await makeUser(db, { email: 'boot@example.test', role: 'admin' });
		await makeUser(db, { email: 'real.learner@example.edu' });
		const refused = await seedDemo(db, config, { nodeEnv: undefined });
		expect(refused).toMatchObject({
			status: 'refused',
			reason: expect.stringContaining('real.learner@example.edu')
		});
		expect(rows(users)).toBe(2);
		const forced = await seedDemo(db, config, { nodeEnv: undefined, force: true });
		expect(forced.status).toBe('seeded');
		expect(rows(users)).toBe(2 + DEMO_PEOPLE.length);
	});

	it('the command refuses NODE_ENV=production before touching the database', () => {
		const dir = mkdtempSync(join(tmpdir(), 'casebook-demo-'));
		try {
			const file = join(dir, 'demo.db');
			const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
				env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: file },
				encoding: 'utf8'
			});
			expect(r.status).toBe(1);
			expect(r.stderr).toMatch(/never fills a production database/);
			expect(existsSync(file)).toBe(false);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
