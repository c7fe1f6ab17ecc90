import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import type { ContentDir } from '../../../../tests/support/content';
import { makeUser } from '../../../../tests/support/factories';
import { syncExercises } from '../../../../tests/support/exercise-content';
import { makeGradingClass, makeSubmission } from '../../../../tests/support/grading';
import type { Db } from '../db';
import { auditLog, notifications } from '../db/schema';
import {
	addThreadComment,
	canUseThread,
	listQueue,
	listThread,
	regradeOpen,
	requestRegrade,
	saveGrade,
	ThreadError
} from './index';

let db: Db;
let cleanupDb: () => void;
let content: ContentDir;
beforeEach(() => {
	({ db, cleanup: cleanupDb } = createTestDb());
	content = syncExercises(db, { demo: {} });
});
afterEach(() => {
	content.cleanup();
	cleanupDb();
});

const ALL = ['gateway', 'resilience', 'interface', 'monitoring'].map((criterionId) => ({
	criterionId,
	level: 1
}));
const kinds = (userId: number) =>
	db
		.select({ kind: notifications.kind })
		.from(notifications)
		.where(eq(notifications.userId, userId))
		.all()
		.map((n) => n.kind)
		.filter((k) => k !== 'cohort_joined');

describe('the private thread of a submission', () => {
	it('keeps one comment when the same author posts the same text again at once (a double post)', async () => {
		const { instructor, learner } = await makeGradingClass(db);
		const id = makeSubmission(db, learner.id, 'answer');
		const first = addThreadComment(db, learner, id, 'Why level 1?');
		expect(addThreadComment(db, learner, id, '  Why level 1?  ')).toBe(first);
		expect(kinds(instructor.id).filter((k) => k === 'submission_comment')).toHaveLength(1);
		// A different text, or the same text after someone else wrote, is a new comment.
		const other = addThreadComment(db, learner, id, 'And level 2?');
		expect(other).not.toBe(first);
		addThreadComment(db, instructor, id, 'Because.');
		expect(addThreadComment(db, learner, id, 'And level 2?')).not.toBe(other);
		// Later than the double-post window it is a new comment too.
		const later = new Date(Date.now() + 10 * 60_000);
		expect(addThreadComment(db, learner, id, 'And level 2?', later)).not.toBe(other);
		expect(listThread(db, id)).toHaveLength(5);
	});

	it('is for the learner and the staff who grade them, and notifies the other side', async () => {
		const { instructor, learner } = await makeGradingClass(db);
		const stranger = await makeUser(db);
		const otherInstructor = await makeUser(db, { role: 'instructor' });
		const id = makeSubmission(db, learner.id, 'answer');
		expect(canUseThread(db, learner, id)).toBe(true);
		expect(canUseThread(db, instructor, id)).toBe(true);
		expect(canUseThread(db, stranger, id)).toBe(false);
		expect(canUseThread(db, otherInstructor, id)).toBe(false);
		expect(() => addThreadComment(db, stranger, id, 'hi')).toThrow(ThreadError);
		expect(() => addThreadComment(db, otherInstructor, id, 'hi')).toThrow(ThreadError);

		addThreadComment(db, learner, id, '这个图怎么画？');
		expect(kinds(instructor.id)).toEqual(['submission_comment']);
		addThreadComment(db, instructor, id, 'Use **Mermaid**.');
		expect(kinds(learner.id)).toEqual(['submission_comment']);
		expect(listThread(db, id).map((c) => [c.body, c.byStaff])).toEqual([
			['这个图怎么画？', false],
			['Use **Mermaid**.', true]
		]);
		expect(kinds(otherInstructor.id)).toEqual([]);
	});

	it('takes a regrade request only on a released grade, puts it back in the queue until released again', async () => {
		const { instructor, learner } = await makeGradingClass(db);
		const other = await makeUser(db);
		const id = makeSubmission(db, learner.id, 'answer');
		expect(() => requestRegrade(db, learner.id, id, 'why?')).toThrow(
			new ThreadError('not_released')
		);
		saveGrade(db, instructor, { submissionId: id, criteria: ALL, comment: '', release: true });
		expect(() => requestRegrade(db, other.id, id, 'mine')).toThrow(new ThreadError('not_owner'));
		const queue = (state: 'regrade' | 'awaiting') =>
			listQueue(db, instructor, { state }, { locale: 'en' }).rows.map((r) => r.submissionId);
		expect(queue('regrade')).toEqual([]);
		expect(queue('awaiting')).toEqual([]);

		requestRegrade(db, learner.id, id, 'I covered the circuit breaker in section 2.');
		expect(regradeOpen(db, id)).toBe(true);
		expect(queue('regrade')).toEqual([id]);
		expect(queue('awaiting')).toEqual([id]);
		expect(kinds(instructor.id)).toContain('regrade_requested');
		expect(listThread(db, id).at(-1)).toMatchObject({ kind: 'regrade_request' });
		expect(
			db.select().from(auditLog).where(eq(auditLog.action, 'grade.regrade_request')).all()
		).toHaveLength(1);
		expect(() => requestRegrade(db, learner.id, id, 'again')).toThrow(
			new ThreadError('already_requested')
		);

		// Re-released unchanged: the request is answered and the learner told.
		saveGrade(db, instructor, {
			submissionId: id,
			criteria: ALL,
			comment: '',
			reason: 'checked again',
			release: true
		});
		expect(regradeOpen(db, id)).toBe(false);
		expect(queue('regrade')).toEqual([]);
		expect(kinds(learner.id).filter((k) => k === 'grade_released')).toHaveLength(2);
	});
});
