import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import type { ContentDir } from '../../../../tests/support/content';
import { makeUser } from '../../../../tests/support/factories';
import { syncExercises } from '../../../../tests/support/exercise-content';
import { writeQuiz } from '../../../../tests/support/quiz';
import { makeCohort, makeSubmission } from '../../../../tests/support/grading';
import type { Db } from '../db';
import { users } from '../db/schema';
import { syncContent } from '../content/sync';
import { saveAnswers, startAttempt, submitAttempt } from '../quiz/attempts';
import { gradebookGeneration, listGradebook, saveGrade, scoreDistribution } from './index';

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

const grade = (levels: number[]) =>
	['gateway', 'resilience', 'interface', 'monitoring'].map((criterionId, i) => ({
		criterionId,
		level: levels[i]
	}));

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
	it('moves on each write a gradebook value comes from, and not on a quiz autosave', async () => {
		let last = gradebookGeneration(db);
		const instructor = await makeUser(db, { role: 'instructor' });
		const learner = await makeUser(db);
		const moved = () => {
			const now = gradebookGeneration(db);
			const changed = now !== last;
			last = now;
			return changed;
		};
		expect(moved()).toBe(true); // users were inserted
		makeCohort(db, instructor, [learner.id]);
		expect(moved()).toBe(true);
		const submissionId = makeSubmission(db, learner.id, 'a');
		expect(moved()).toBe(true);
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
		moved();
		const answers = new Map([['q1', ['b']]]);
		saveAnswers(db, { userId: learner.id, attemptId: attempt.id, answers }, clock);
		expect(moved()).toBe(false);
		submitAttempt(db, { userId: learner.id, attemptId: attempt.id, answers }, clock);
		expect(moved()).toBe(true);

		db.update(users).set({ displayName: 'Renamed' }).where(eq(users.id, learner.id)).run();
		expect(moved()).toBe(true);
		db.update(users).set({ timeZone: 'Europe/Berlin' }).where(eq(users.id, learner.id)).run();
		expect(moved()).toBe(false);
	});
});

describe('the gradebook cache', () => {
	it('answers a repeated view without querying, and shows a grade released in between at once', async () => {
		const instructor = await makeUser(db, { role: 'instructor' });
		const learner = await makeUser(db);
		const cohort = makeCohort(db, instructor, [learner.id]);
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
		const instructor = await makeUser(db, { role: 'instructor' });
		const learner = await makeUser(db, { displayName: 'Before' });
		const cohort = makeCohort(db, instructor, [learner.id]);
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
