import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import type { ContentDir } from '../../../../tests/support/content';
import { makeUser } from '../../../../tests/support/factories';
import { STRONG_ANSWER_ZH, syncExercises } from '../../../../tests/support/exercise-content';
import type { Db } from '../db';
import { auditLog, feedbackJobs, submissions } from '../db/schema';
import { syncContent } from '../content/sync';
import {
	getDraft,
	grantExtension,
	listAttempts,
	revokeExtension,
	submitExercise,
	type SubmitExerciseInput
} from './index';

let db: Db;
let cleanupDb: () => void;
let content: ContentDir;
let userId: number;
let n = 0;

beforeEach(async () => {
	({ db, cleanup: cleanupDb } = createTestDb());
	content = syncExercises(db, {
		demo: {
			attemptLimit: 2,
			maxChars: 300,
			due: { at: '2026-12-20T23:59', timeZone: 'Asia/Shanghai' },
			latePolicy: '{ kind: penalty, percentPerDay: 10, cutoffDays: 2 }'
		}
	});
	userId = (await makeUser(db)).id;
});
afterEach(() => {
	content.cleanup();
	cleanupDb();
});

const ON_TIME = new Date('2026-12-01T00:00:00Z');
const submit = (o: Partial<SubmitExerciseInput> = {}) =>
	submitExercise(db, {
		userId,
		itemId: 'exercise-demo',
		locale: 'zh-CN',
		answer: STRONG_ANSWER_ZH,
		idempotencyKey: `key-${++n}-abcdefgh`,
		pipelineMaxChars: 20_000,
		now: ON_TIME,
		...o
	});
const count = (table: typeof submissions | typeof feedbackJobs) =>
	db.select().from(table).all().length;

describe('submitting an exercise', () => {
	it('stores the answer, its job, the attempt and the draft in one go', () => {
		const r = submit();
		expect(r).toMatchObject({ ok: true, duplicate: false, attempt: 1 });
		expect(count(submissions)).toBe(1);
		expect(count(feedbackJobs)).toBe(1);
		const sub = db.select().from(submissions).get();
		expect(sub).toMatchObject({ itemId: 'exercise-demo', itemVersion: 1, locale: 'zh-CN' });
		expect(getDraft(db, userId, 'exercise-demo')?.body).toBe(STRONG_ANSWER_ZH);
		expect(listAttempts(db, userId, 'exercise-demo')).toMatchObject([
			{ attempt: 1, late: false, penaltyPercent: 0, feedback: null }
		]);
	});

	it('turns a replay of the same key into the first submission, even at the limit', () => {
		const first = submit({ idempotencyKey: 'same-key-123' });
		submit();
		const again = submit({ idempotencyKey: 'same-key-123', answer: 'something else' });
		expect(again).toMatchObject({ ok: true, duplicate: true });
		expect(again.ok && first.ok && again.submissionId).toBe(first.ok && first.submissionId);
		expect(count(submissions)).toBe(2);
		expect(count(feedbackJobs)).toBe(2);
	});

	it('refuses a submission past the attempt limit, storing nothing', () => {
		submit();
		submit();
		expect(submit()).toEqual({ ok: false, reason: 'attempt_limit', limit: 2 });
		expect(count(submissions)).toBe(2);
	});

	it('stores a form post’s CRLF line breaks as LF, and counts them as one character', () => {
		const r = submit({ answer: `${'网'.repeat(149)}\r\n${'网'.repeat(150)}` });
		expect(r).toMatchObject({ ok: true });
		expect(db.select().from(submissions).get()?.answer).toBe(
			`${'网'.repeat(149)}\n${'网'.repeat(150)}`
		);
		expect(getDraft(db, userId, 'exercise-demo')?.body).not.toContain('\r');
	});

	it('refuses empty and over-long answers, counting Chinese characters as one', () => {
		expect(submit({ answer: '  \n ' })).toEqual({ ok: false, reason: 'empty' });
		expect(submit({ answer: '网'.repeat(300) })).toMatchObject({ ok: true });
		expect(submit({ answer: '网'.repeat(301) })).toEqual({
			ok: false,
			reason: 'too_long',
			limit: 300
		});
		expect(submit({ answer: 'x'.repeat(250), pipelineMaxChars: 200 })).toMatchObject({
			reason: 'too_long',
			limit: 200
		});
	});

	it('marks late submissions with the penalty and closes after the cut-off', () => {
		const late = submit({ now: new Date('2026-12-21T03:00:00Z') });
		expect(late).toMatchObject({
			ok: true,
			lateness: { state: 'late', daysLate: 1, penaltyPercent: 10 }
		});
		expect(listAttempts(db, userId, 'exercise-demo')[0]).toMatchObject({
			late: true,
			daysLate: 1,
			penaltyPercent: 10
		});
		expect(submit({ now: new Date('2026-12-22T16:00:00Z') })).toMatchObject({
			ok: false,
			reason: 'closed'
		});
		expect(count(submissions)).toBe(1);
	});

	it('applies a learner extension from its own due instant, audited', async () => {
		const instructor = await makeUser(db, { role: 'instructor' });
		const closedAt = new Date('2026-12-25T00:00:00Z');
		expect(submit({ now: closedAt })).toMatchObject({ reason: 'closed' });
		grantExtension(db, {
			itemId: 'exercise-demo',
			userId,
			dueAt: new Date('2026-12-31T15:59:00Z'),
			grantedBy: instructor.id,
			reason: 'illness'
		});
		expect(submit({ now: closedAt })).toMatchObject({ ok: true, lateness: { state: 'open' } });
		const row = db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'exercise.extension_grant'))
			.get();
		expect(row).toMatchObject({ actorId: instructor.id, targetId: `exercise-demo/${userId}` });
		expect(revokeExtension(db, { itemId: 'exercise-demo', userId, revokedBy: instructor.id })).toBe(
			true
		);
		expect(submit({ now: closedAt })).toMatchObject({ reason: 'closed' });
	});

	it('refuses an extension for an unknown exercise or learner', () => {
		const base = { userId, dueAt: new Date(), grantedBy: null };
		expect(() => grantExtension(db, { ...base, itemId: 'exercise-nope' })).toThrow(
			/no such exercise/
		);
		expect(() => grantExtension(db, { ...base, itemId: 'exercise-demo', userId: 99_999 })).toThrow(
			/no such user/
		);
	});

	it('refuses an exercise removed from cases/ but keeps its submissions', () => {
		const r = submit();
		content.remove('exercises/demo');
		syncContent(db, content.root);
		expect(submit()).toEqual({ ok: false, reason: 'not_found' });
		expect(
			r.ok && db.select().from(submissions).where(eq(submissions.id, r.submissionId)).get()
		).toBeTruthy();
	});
});
