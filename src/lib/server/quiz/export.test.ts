import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { makeQuizContentDir } from '../../../../tests/support/quiz';
import type { ContentDir } from '../../../../tests/support/content';
import type { Db } from '../db';
import type { User } from '../db/schema';
import { syncContent } from '../content/sync';
import { buildExport, listExportSources } from '../privacy';
import { startAttempt, submitAttempt } from './attempts';
import { registerQuizExport } from './export';

let dir: ContentDir;
let db: Db;
let cleanup: () => void;
const clock = { graceMs: 0 };

function unzip(user: User, locale: 'en' | 'zh-CN' = 'en'): Record<string, string> {
	const files = unzipSync(buildExport(db, user, { locale, now: new Date(Date.UTC(2026, 4, 1)) }));
	return Object.fromEntries(
		Object.entries(files).map(([name, bytes]) => [name.replace(/^[^/]+\//, ''), strFromU8(bytes)])
	);
}

beforeEach(() => {
	dir = makeQuizContentDir();
	({ db, cleanup } = createTestDb());
	syncContent(db, dir.root);
	registerQuizExport();
});
afterEach(() => {
	cleanup();
	dir.cleanup();
});

describe('quiz attempts in the data export', () => {
	it('exports a learner’s own attempts with exact scores, and nothing of others', async () => {
		expect(listExportSources()).toContain('quizzes');
		const learner = await makeUser(db);
		const other = await makeUser(db);
		const { attempt } = startAttempt(db, { userId: learner.id, quizId: 'quiz-demo' }, clock);
		submitAttempt(
			db,
			{ userId: learner.id, attemptId: attempt.id, answers: new Map([['q2', ['a', 'c']]]) },
			clock
		);
		startAttempt(db, { userId: learner.id, quizId: 'quiz-demo' }, clock);
		startAttempt(db, { userId: other.id, quizId: 'quiz-demo' }, clock);

		const files = unzip(learner);
		const json = JSON.parse(files['quizzes.json']);
		expect(json).toHaveLength(2);
		expect(json[0]).toMatchObject({
			quizId: 'quiz-demo',
			title: 'Demo quiz',
			version: 1,
			attempt: 1,
			status: 'graded',
			answers: { q2: ['a', 'c'] },
			score: {
				earned: { numerator: 2, denominator: 3 },
				max: { numerator: 9, denominator: 1 },
				percent: 7,
				passed: false
			}
		});
		expect(json[1]).toMatchObject({ attempt: 2, status: 'open', score: null });
		expect(files['quizzes.md']).toContain('0.67 / 9 points');
		expect(files['quizzes.md']).toContain('7% · Not passed');
		expect(unzip(learner, 'zh-CN')['quizzes.md']).toMatch(/^# 测验作答/);
		expect(unzip(await makeUser(db))['quizzes.json']).toBeUndefined();
	});
});
