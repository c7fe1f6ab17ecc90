import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { createTestDb } from '../../../../tests/support/db';
import type { ContentDir } from '../../../../tests/support/content';
import { makeUser } from '../../../../tests/support/factories';
import { feedbackFor, syncExercises } from '../../../../tests/support/exercise-content';
import type { Db } from '../db';
import type { User } from '../db/schema';
import { log } from '../log';
import { buildExport, listExportSources } from '../privacy';
import { registerExerciseExport } from './export';
import { grantExtension, saveDraft, submitExercise } from './index';

let db: Db;
let cleanupDb: () => void;
let content: ContentDir;
beforeEach(() => {
	log.level = 'silent';
	({ db, cleanup: cleanupDb } = createTestDb());
	content = syncExercises(db, {
		demo: {
			due: { at: '2026-12-20T23:59', timeZone: 'Asia/Shanghai' },
			latePolicy: '{ kind: penalty, percentPerDay: 10 }'
		},
		other: { id: 'exercise-other' }
	});
	registerExerciseExport();
});
afterEach(() => {
	content.cleanup();
	cleanupDb();
});

/** The zip as { path without the root folder: text }. */
function unzip(user: User, locale: 'en' | 'zh-CN'): Record<string, string> {
	const now = new Date(Date.UTC(2027, 0, 5));
	const files = unzipSync(buildExport(db, user, { locale, now }));
	return Object.fromEntries(
		Object.entries(files).map(([k, v]) => [k.replace(/^casebook-export-[^/]+\//, ''), strFromU8(v)])
	);
}

describe('the exercises in “download my data”', () => {
	it('holds the user’s own drafts, attempts (with lateness), feedback and extensions only', async () => {
		const learner = await makeUser(db, { timeZone: 'Asia/Shanghai' });
		const other = await makeUser(db);
		const instructor = await makeUser(db, { role: 'instructor' });
		saveDraft(db, {
			userId: learner.id,
			itemId: 'exercise-other',
			body: 'My unfinished *draft* about the gateway.',
			editedAt: new Date('2026-12-01T02:00:00Z')
		});
		saveDraft(db, {
			userId: other.id,
			itemId: 'exercise-other',
			body: 'Somebody else’s draft.',
			editedAt: new Date('2026-12-01T02:00:00Z')
		});
		// A day late (Asia/Shanghai): 10 % off.
		const mine = submitExercise(db, {
			userId: learner.id,
			itemId: 'exercise-demo',
			locale: 'en',
			answer: 'An API gateway with a circuit breaker and an idempotency key.',
			idempotencyKey: 'export-mine-12345678',
			pipelineMaxChars: 20_000,
			now: new Date('2026-12-21T03:00:00Z')
		});
		const theirs = submitExercise(db, {
			userId: other.id,
			itemId: 'exercise-demo',
			locale: 'en',
			answer: 'Somebody else’s answer entirely.',
			idempotencyKey: 'export-theirs-1234567',
			pipelineMaxChars: 20_000,
			now: new Date('2026-12-01T00:00:00Z')
		});
		if (!mine.ok || !theirs.ok) throw new Error('fixture submission refused');
		await feedbackFor(db, mine.submissionId);
		grantExtension(db, {
			itemId: 'exercise-demo',
			userId: learner.id,
			dueAt: new Date('2026-12-31T15:59:00Z'),
			grantedBy: instructor.id,
			reason: 'illness'
		});
		grantExtension(db, {
			itemId: 'exercise-other',
			userId: other.id,
			dueAt: new Date('2026-12-31T15:59:00Z'),
			grantedBy: instructor.id,
			reason: 'their reason'
		});

		expect(listExportSources()).toContain('exercises');
		const files = unzip(learner, 'en');
		const part = JSON.parse(files['exercises.json']);
		expect(part.drafts).toEqual([
			// Submitting makes the submitted text the draft.
			expect.objectContaining({ itemId: 'exercise-demo' }),
			expect.objectContaining({
				itemId: 'exercise-other',
				body: 'My unfinished *draft* about the gateway.'
			})
		]);
		expect(part.attempts).toEqual([
			expect.objectContaining({
				submissionId: mine.submissionId,
				itemId: 'exercise-demo',
				title: 'Design the gateway of a bank assistant',
				attempt: 1,
				late: true,
				daysLate: 1,
				penaltyPercent: 10
			})
		]);
		expect(part.extensions).toEqual([
			expect.objectContaining({
				itemId: 'exercise-demo',
				dueAt: '2026-12-31T15:59:00.000Z',
				reason: 'illness'
			})
		]);
		expect(files['exercises/draft-exercise-other.md']).toContain(
			'My unfinished *draft* about the gateway.'
		);
		expect(files['exercises.md']).toContain('(exercises/draft-exercise-other.md)');
		expect(files['README.md']).toContain('(exercises.md)');

		// The answer and its feedback are in the submissions part.
		const subs = JSON.parse(files['submissions.json']);
		expect(subs).toEqual([
			expect.objectContaining({
				id: mine.submissionId,
				answer: 'An API gateway with a circuit breaker and an idempotency key.',
				feedback: [expect.objectContaining({ source: 'offline' })]
			})
		]);

		const everything = Object.values(files).join('\n');
		expect(everything).not.toContain('Somebody else');
		expect(everything).not.toContain('their reason');
		expect(theirs.submissionId).not.toBe(mine.submissionId);
	});

	it('writes its Markdown in the reader’s language and is absent with nothing to export', async () => {
		const learner = await makeUser(db);
		expect(unzip(learner, 'en')['exercises.json']).toBeUndefined();
		saveDraft(db, {
			userId: learner.id,
			itemId: 'exercise-demo',
			body: '草稿：网关与熔断。',
			editedAt: new Date('2026-12-01T02:00:00Z')
		});
		const files = unzip(learner, 'zh-CN');
		expect(files['exercises.md']).toMatch(/^# 设计练习：草稿、提交次数与延期/);
		expect(files['exercises/draft-exercise-demo.md']).toContain('# 为银行助手设计网关');
		expect(files['exercises/draft-exercise-demo.md']).toContain('草稿：网关与熔断。');
		// An empty draft is not worth a file.
		saveDraft(db, {
			userId: learner.id,
			itemId: 'exercise-demo',
			body: '  \n',
			editedAt: new Date('2026-12-01T03:00:00Z')
		});
		expect(unzip(learner, 'en')['exercises.json']).toBeUndefined();
	});
});
