import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../../tests/support/db';
import type { ContentDir } from '../../../../tests/support/content';
import { makeUser } from '../../../../tests/support/factories';
import { makeCohort } from '../../../../tests/support/grading';
import {
	feedbackFor,
	STRONG_ANSWER_EN,
	syncExercises
} from '../../../../tests/support/exercise-content';
import type { Db } from '../db';
import { log } from '../log';
import {
	canViewSubmission,
	getSubmissionView,
	listExerciseProgress,
	saveDraft,
	submitExercise
} from './index';

let db: Db;
let cleanupDb: () => void;
let content: ContentDir;
beforeEach(() => {
	log.level = 'silent';
	({ db, cleanup: cleanupDb } = createTestDb());
	content = syncExercises(db, { demo: {}, other: { id: 'exercise-other' } });
});
afterEach(() => {
	content.cleanup();
	cleanupDb();
});

describe('a learner’s progress and submission pages', () => {
	it('goes from not started to draft, submitted and feedback ready', async () => {
		const { id } = await makeUser(db);
		expect(listExerciseProgress(db, id).size).toBe(0);
		saveDraft(db, { userId: id, itemId: 'exercise-demo', body: '  ', editedAt: new Date() });
		expect(listExerciseProgress(db, id).get('exercise-demo')).toBeUndefined();
		saveDraft(db, { userId: id, itemId: 'exercise-demo', body: 'first', editedAt: new Date() });
		expect(listExerciseProgress(db, id).get('exercise-demo')?.state).toBe('draft');

		const r = submitExercise(db, {
			userId: id,
			itemId: 'exercise-demo',
			locale: 'en',
			answer: STRONG_ANSWER_EN,
			idempotencyKey: 'progress-key-1',
			pipelineMaxChars: 20_000
		});
		if (!r.ok) throw new Error(r.reason);
		expect(listExerciseProgress(db, id).get('exercise-demo')).toMatchObject({
			state: 'submitted',
			attempts: 1,
			latestSubmissionId: r.submissionId,
			revising: false
		});
		await feedbackFor(db, r.submissionId);
		expect(listExerciseProgress(db, id).get('exercise-demo')?.state).toBe('feedback_ready');
		saveDraft(db, { userId: id, itemId: 'exercise-demo', body: 'revised', editedAt: new Date() });
		expect(listExerciseProgress(db, id).get('exercise-demo')?.revising).toBe(true);
		expect(listExerciseProgress(db, id).get('exercise-other')).toBeUndefined();

		const view = getSubmissionView(db, r.submissionId, { id, role: 'learner' });
		expect(view).toMatchObject({
			isOwner: true,
			rules: { attempt: 1, late: false },
			feedback: { source: 'offline', offlineReason: 'no_provider', totalPoints: 16, maxPoints: 16 }
		});
		expect(view?.rubric?.criteria.map((c) => c.id)).toEqual([
			'gateway',
			'resilience',
			'interface',
			'monitoring'
		]);
	});

	it('shows a submission to its author, the instructors of its cohorts and admins only', async () => {
		const author = await makeUser(db);
		const other = await makeUser(db);
		const instructor = await makeUser(db, { role: 'instructor' });
		const otherInstructor = await makeUser(db, { role: 'instructor' });
		const admin = await makeUser(db, { role: 'admin' });
		makeCohort(db, instructor, [author.id]);
		makeCohort(db, otherInstructor, [other.id]);
		const r = submitExercise(db, {
			userId: author.id,
			itemId: 'exercise-demo',
			locale: 'zh-CN',
			answer: 'answer',
			idempotencyKey: 'access-key-1',
			pipelineMaxChars: 20_000
		});
		if (!r.ok) throw new Error(r.reason);
		expect(canViewSubmission(db, r.submissionId, author)).toBe(true);
		expect(canViewSubmission(db, r.submissionId, other)).toBe(false);
		expect(getSubmissionView(db, r.submissionId, other)).toBeNull();
		expect(getSubmissionView(db, r.submissionId, instructor)?.isOwner).toBe(false);
		expect(canViewSubmission(db, r.submissionId, admin)).toBe(true);
		// An instructor who does not teach the author's cohort is told it does not exist.
		expect(canViewSubmission(db, r.submissionId, otherInstructor)).toBe(false);
		expect(getSubmissionView(db, r.submissionId, otherInstructor)).toBeNull();
		expect(canViewSubmission(db, 999_999, instructor)).toBe(false);
	});
});
