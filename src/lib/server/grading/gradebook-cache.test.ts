import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import type { ContentDir } from '../../../../tests/support/content';
import { makeUser } from '../../../../tests/support/factories';
import { syncExercises } from '../../../../tests/support/exercise-content';
import { writeQuiz } from '../../../../tests/support/quiz';
import {
	demoGrade,
	makeCohort,
	makeGradingClass,
	makeSubmission
} from '../../../../tests/support/grading';
import type { Db } from '../db';
import { cohortMembers, feedback, gradeReleases, labAttempts, users } from '../db/schema';
import { syncContent } from '../content/sync';
import { saveAnswers, startAttempt, submitAttempt } from '../quiz/attempts';
import {
	GRADEBOOK_TRIGGERS,
	gradebookCacheUsable,
	gradebookGeneration,
	listGradebook,
	saveGrade,
	scoreDistribution
} from './index';

let db: Db;
let path: string;
let cleanupDb: () => void;
let content: ContentDir;
const clock = { graceMs: 0 };

beforeEach(() => {
	({ db, path, cleanup: cleanupDb } = createTestDb());
	content = syncExercises(db, { demo: {} });
	writeQuiz(content, 'demo');
	syncContent(db, content.root);
});
afterEach(() => {
	content.cleanup();
	cleanupDb();
});

const grade = demoGrade;

/** Counts the gradebook queries (those over cohort members) SQLite is asked to run. */
function countGradebookQueries(): { readonly n: number } {
	const client = db.$client;
	const prepare = client.prepare.bind(client);
	const counter = { n: 0 };
	client.prepare = ((source: string) => {
		if (source.includes('cohort_members cm')) counter.n += 1;
		return prepare(source);
	}) as typeof client.prepare;
	return counter;
}

describe('the gradebook generation', () => {
	/** Feedback on a submission, as the pipeline stores it (no criteria). */
	const addFeedback = (submissionId: number, source: 'model' | 'offline') =>
		db
			.insert(feedback)
			.values({
				submissionId,
				source,
				model: source === 'model' ? 'fake' : null,
				promptVersion: 'p1',
				rubricVersion: 1,
				rubricHash: 'h',
				locale: 'en',
				totalPoints: 1,
				maxPoints: 4
			})
			.run();

	it('moves on each write that can change a gradebook value, and on no other', async () => {
		let last = gradebookGeneration(db);
		const moved = () => {
			const now = gradebookGeneration(db);
			const changed = now !== last;
			last = now;
			return changed;
		};
		const instructor = await makeUser(db, { role: 'instructor' });
		const learner = await makeUser(db);
		expect(moved()).toBe(false); // new users are in no cohort yet
		const cohort = makeCohort(db, instructor, [learner.id]);
		expect(moved()).toBe(true);
		const submissionId = makeSubmission(db, learner.id, 'a');
		expect(moved()).toBe(false); // counts only once released
		addFeedback(submissionId, 'offline');
		expect(moved()).toBe(false); // an exercise's offline check is in no statistic
		addFeedback(submissionId, 'model');
		expect(moved()).toBe(true); // criterion statistics compare with AI feedback
		saveGrade(db, instructor, {
			submissionId,
			criteria: grade([1, 1, 1, 1]),
			comment: '',
			release: false
		});
		expect(moved()).toBe(false); // a draft grade is not in the gradebook
		saveGrade(db, instructor, {
			submissionId,
			criteria: grade([1, 1, 1, 1]),
			comment: '',
			release: true
		});
		expect(moved()).toBe(true);

		const { attempt } = startAttempt(db, { userId: learner.id, quizId: 'quiz-demo' }, clock);
		expect(moved()).toBe(false); // an open attempt does not count
		const answers = new Map([['q1', ['b']]]);
		saveAnswers(db, { userId: learner.id, attemptId: attempt.id, answers }, clock);
		expect(moved()).toBe(false);
		submitAttempt(db, { userId: learner.id, attemptId: attempt.id, answers }, clock);
		expect(moved()).toBe(true);

		db.insert(labAttempts)
			.values({
				userId: learner.id,
				itemId: 'lab-x',
				itemVersion: 1,
				step: 'schema',
				locale: 'en',
				attempt: 1,
				answer: {},
				score: 1,
				maxScore: 2,
				idempotencyKey: 'k1'
			})
			.run();
		expect(moved()).toBe(true);

		db.update(users).set({ displayName: 'Renamed' }).where(eq(users.id, learner.id)).run();
		expect(moved()).toBe(true);
		db.update(users).set({ timeZone: 'Europe/Berlin' }).where(eq(users.id, learner.id)).run();
		expect(moved()).toBe(false);
		db.delete(gradeReleases).where(eq(gradeReleases.submissionId, submissionId)).run();
		expect(moved()).toBe(true);
		db.delete(cohortMembers).where(eq(cohortMembers.cohortId, cohort.id)).run();
		expect(moved()).toBe(true);
	});

	it('has every trigger it relies on, and no other', () => {
		const names = db
			.all<{ name: string }>(
				sql`select name from sqlite_master where type = 'trigger' and name like '%_gradebook_generation'`
			)
			.map((r) => r.name)
			.sort();
		const expected = Object.entries(GRADEBOOK_TRIGGERS)
			.flatMap(([table, events]) => events.map((e) => `${table}_${e}_gradebook_generation`))
			.sort();
		expect(names).toEqual(expected);
		expect(gradebookCacheUsable(db)).toBe(true);
	});

	it('is not used when a trigger is missing (a rebuilt table loses its triggers)', async () => {
		db.run(sql`drop trigger grade_releases_insert_gradebook_generation`);
		const { instructor, learner, cohort } = await makeGradingClass(db);
		const submissionId = makeSubmission(db, learner.id, 'a');
		const book = () => listGradebook(db, instructor, cohort.id, { locale: 'en' })!;
		const col = book().columns.findIndex((c) => c.key === 'exercise:exercise-demo');
		expect(book().rows[0].cells[col]).toBeNull();
		expect(gradebookCacheUsable(db)).toBe(false);
		saveGrade(db, instructor, {
			submissionId,
			criteria: grade([2, 2, 2, 1]),
			comment: '',
			release: true
		});
		expect(book().rows[0].cells[col]).toBe(14);
	});
});

describe('the gradebook cache', () => {
	it('answers a repeated view without querying, and shows a grade released in between at once', async () => {
		const { instructor, learner, cohort } = await makeGradingClass(db);
		const submissionId = makeSubmission(db, learner.id, 'a');
		const book = () => listGradebook(db, instructor, cohort.id, { locale: 'en' })!;
		const col = book().columns.findIndex((c) => c.key === 'exercise:exercise-demo');
		const column = book().columns[col];

		const queries = countGradebookQueries();
		expect(book().rows[0].cells[col]).toBeNull();
		expect(scoreDistribution(db, instructor, cohort.id, column)?.graded).toBe(0);
		const afterFirst = queries.n;
		book();
		scoreDistribution(db, instructor, cohort.id, column);
		expect(queries.n).toBe(afterFirst);

		saveGrade(db, instructor, {
			submissionId,
			criteria: grade([2, 2, 2, 1]),
			comment: '',
			release: true
		});
		expect(book().rows[0].cells[col]).toBe(14);
		expect(scoreDistribution(db, instructor, cohort.id, column)?.graded).toBe(1);
		expect(queries.n).toBeGreaterThan(afterFirst);
	});

	it('sees a change written by another connection (a script, a restore)', async () => {
		const { instructor, learner, cohort } = await makeGradingClass(db, {
			learners: [{ displayName: 'Before' }]
		});
		const name = () => listGradebook(db, instructor, cohort.id, { locale: 'en' })!.rows[0].name;
		expect(name()).toBe('Before');
		const other = new Database(path);
		try {
			other.prepare('update users set display_name = ? where id = ?').run('After', learner.id);
		} finally {
			other.close();
		}
		expect(name()).toBe('After');
	});
});
