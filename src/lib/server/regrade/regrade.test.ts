import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../../tests/support/db';
import { factoryPasswordHash, makeUser } from '../../../../tests/support/factories';
import { FakeLlm, gradingReply, replies } from '../../../../tests/support/fake-llm';
import { makeCohort } from '../../../../tests/support/grading';
import {
	fixtureRubrics,
	gatewayRubric as rubric
} from '../../../../tests/fixtures/feedback/rubrics';
import { loadConfig, type Config } from '../config';
import type { Db } from '../db';
import {
	auditLog,
	exerciseRubrics,
	feedback,
	feedbackJobs,
	gradeCriteria,
	gradeReleases,
	grades,
	llmCalls,
	submissions,
	users
} from '../db/schema';
import { regradeBatches, regradeItems } from '../db/schema/regrade';
import { log } from '../log';
import { claimJob } from '../feedback/jobs';
import { FeedbackWorker } from '../feedback/worker';
import { submitAnswer } from '../feedback';
import { getReleasedGrade } from '../exercises';
import { saveGrade } from '../grading';
import { updateSettings } from '../settings';
import {
	cancelRegrade,
	getRegradeProgress,
	listRegradeBatches,
	RegradeError,
	RegradeFeeder,
	requestRegrade
} from './index';

const answer =
	'网关对每个请求做鉴权（OAuth 2.0），并对个人信息脱敏。调用模型设置超时 20 秒，失败按指数退避重试，连续失败触发熔断并降级到备用模型。';
const resolveRubric = (_db: Db, itemId: string, version: number) => {
	const r = fixtureRubrics[itemId];
	return r && r.version === version ? r : null;
};

let db: Db;
let cleanup: () => void;
let fake: FakeLlm;
let stoppers: Array<() => unknown>;
let instructorId: number;
let seq = 0;

function config(env: Record<string, string> = {}): Config {
	return loadConfig({
		LLM_BASE_URL: fake.url,
		LLM_MODEL: 'fake-model',
		LLM_TIMEOUT_MS: '10000',
		LLM_STREAM_IDLE_MS: '5000',
		LLM_RETRIES: '3',
		LLM_RETRY_BASE_MS: '5',
		LLM_RETRY_MAX_MS: '20',
		LLM_BREAKER_FAILURES: '5',
		LLM_RPM: '600',
		LLM_RATE_WINDOW_MS: '1000',
		FEEDBACK_POLL_MS: '20',
		FEEDBACK_LEASE_MS: '10000',
		FEEDBACK_AI_RETRY_MS: '50',
		FEEDBACK_CONCURRENCY: '2',
		// Regrades are the instructor's request: the learners' quota (none left here) does not apply.
		LLM_DAILY_QUOTA_PER_LEARNER: '0',
		...env
	});
}

/** Starts a feedback worker and a feeder on `db` (a "process"); returns how to stop both. */
function startProcess(cfg: Config, window = 4): () => Promise<void> {
	const worker = new FeedbackWorker({ db, config: cfg, resolveRubric });
	const feeder = new RegradeFeeder({ db, window, intervalMs: 20 });
	worker.start();
	feeder.start();
	const stop = async () => {
		feeder.stop();
		await worker.stop();
	};
	stoppers.push(stop);
	return stop;
}

/** `n` learners with one submission each (all with the same answer: the cache would answer them). */
async function learnersWithSubmissions(n: number): Promise<number[]> {
	const hash = await factoryPasswordHash();
	const ids = db
		.insert(users)
		.values(
			Array.from({ length: n }, (_, i) => ({
				email: `regrade-${++seq}-${i}@example.test`,
				displayName: `Learner ${i}`,
				passwordHash: hash
			}))
		)
		.returning({ id: users.id })
		.all()
		.map((u) => u.id);
	return ids.map(
		(userId) =>
			submitAnswer(db, {
				userId,
				itemId: rubric.id,
				itemVersion: rubric.version,
				locale: 'zh-CN',
				answer,
				idempotencyKey: `regrade-key-${++seq}-abcdefgh`
			}).submissionId
	);
}

/** Runs the first feedback (the offline check: no provider) for every pending job. */
async function firstFeedback(count: number) {
	const w = new FeedbackWorker({
		db,
		config: loadConfig({ FEEDBACK_POLL_MS: '10' }),
		resolveRubric
	});
	w.start();
	await until(() => countRows(feedback) >= count);
	await w.stop();
}

function countRows(table: typeof feedback | typeof llmCalls): number {
	return db
		.select({ n: sql<number>`count(*)` })
		.from(table)
		.get()!.n;
}

/** Polls `pred` every 20 ms (vitest's timeout ends a test that never gets there). */
async function until(pred: () => boolean): Promise<void> {
	while (!pred()) await new Promise((r) => setTimeout(r, 20));
}

const batchState = (id: number) =>
	db.select().from(regradeBatches).where(eq(regradeBatches.id, id)).get()!.state;

beforeAll(() => {
	log.level = 'silent';
});
beforeEach(async () => {
	({ db, cleanup } = createTestDb());
	fake = await FakeLlm.start();
	stoppers = [];
	instructorId = (await makeUser(db, { role: 'instructor' })).id;
});
afterEach(async () => {
	for (const s of stoppers) await s();
	await fake.close();
	cleanup();
});

describe('batch regrade', () => {
	it('regrades 200 submissions through 429s (retry-after-ms on every fifth call): all graded, none failed, nothing else changed', async () => {
		const ids = await learnersWithSubmissions(200);
		await firstFeedback(200);
		// An instructor graded some of them: every tenth released (every 20th edited again after the
		// release, a draft on top), every tenth-plus-five a draft only.
		db.insert(exerciseRubrics).values({ itemId: rubric.id, version: rubric.version, rubric }).run();
		const instructor = { id: instructorId, role: 'instructor' as const };
		const owners = db
			.select({ id: submissions.id, userId: submissions.userId })
			.from(submissions)
			.where(inArray(submissions.id, ids))
			.all();
		makeCohort(
			db,
			instructor,
			owners.map((o) => o.userId)
		);
		const levels = (level: number) => rubric.criteria.map((c) => ({ criterionId: c.id, level }));
		const top = Math.max(...rubric.criteria[0].levels.map((l) => l.level));
		const released = ids.filter((_, i) => i % 10 === 0);
		ids.forEach((submissionId, i) => {
			if (i % 10 === 0) {
				saveGrade(db, instructor, {
					submissionId,
					criteria: levels(top),
					comment: `released ${i}`,
					release: true
				});
				if (i % 20 === 0)
					saveGrade(db, instructor, {
						submissionId,
						criteria: levels(0),
						comment: `draft after release ${i}`,
						release: false
					});
			} else if (i % 10 === 5) {
				saveGrade(db, instructor, {
					submissionId,
					criteria: levels(0),
					comment: `draft ${i}`,
					release: false
				});
			}
		});
		const gradesBefore = {
			grades: db.select().from(grades).orderBy(grades.submissionId).all(),
			criteria: db
				.select()
				.from(gradeCriteria)
				.orderBy(gradeCriteria.submissionId, gradeCriteria.position)
				.all(),
			releases: db.select().from(gradeReleases).orderBy(gradeReleases.id).all()
		};
		expect(gradesBefore.releases).toHaveLength(20);
		expect(gradesBefore.grades).toHaveLength(40);
		const releasedBefore = released.map((id) => getReleasedGrade(db, id));
		expect(releasedBefore.every((g) => g !== null && g.points === g.maxPoints)).toBe(true);
		const before = db.select().from(submissions).orderBy(submissions.id).all();
		const feedbackBefore = db.select().from(feedback).orderBy(feedback.id).all();
		expect(feedbackBefore.every((f) => f.source === 'offline')).toBe(true);

		let n = 0;
		fake.setDefault((req, res) => {
			n++;
			if (n % 5 === 0) {
				return replies.status(
					429,
					{ error: { message: 'slow down' } },
					{ 'retry-after-ms': '15' }
				)(req, res);
			}
			return replies.content(gradingReply(rubric))(req, res);
		});

		const batch = requestRegrade(db, instructorId, rubric.id, 'rubric wording fixed');
		expect(batch.total).toBe(200);
		startProcess(config());
		await until(() => batchState(batch.id) === 'done');

		const progress = getRegradeProgress(db, [batch.id]).get(batch.id)!;
		expect(progress).toEqual({
			total: 200,
			waiting: 0,
			queued: 0,
			running: 0,
			done: 200,
			withAi: 200,
			failed: 0,
			cancelled: 0
		});
		// The 429s were retried (recorded as calls), every submission got a real call: no cache.
		const outcomes = db
			.select({ outcome: llmCalls.outcome, n: sql<number>`count(*)` })
			.from(llmCalls)
			.groupBy(llmCalls.outcome)
			.all();
		expect(Object.fromEntries(outcomes.map((o) => [o.outcome, o.n]))).toEqual({
			ok: 200,
			http_429: Math.floor(fake.calls.length / 5)
		});
		const added = db
			.select()
			.from(feedback)
			.where(sql`${feedback.id} > ${feedbackBefore.at(-1)!.id}`)
			.all();
		expect(added).toHaveLength(200);
		expect(added.every((f) => f.source === 'model' && f.cachedFromId === null)).toBe(true);
		expect(new Set(added.map((f) => f.submissionId))).toEqual(new Set(ids));
		// Only feedback was added: the submissions and the earlier feedback are exactly as they were.
		expect(db.select().from(submissions).orderBy(submissions.id).all()).toEqual(before);
		expect(
			db
				.select()
				.from(feedback)
				.where(sql`${feedback.id} <= ${feedbackBefore.at(-1)!.id}`)
				.orderBy(feedback.id)
				.all()
		).toEqual(feedbackBefore);
		expect(
			db
				.select()
				.from(feedbackJobs)
				.where(eq(feedbackJobs.bypassCache, true))
				.all()
				.every((j) => j.state === 'done')
		).toBe(true);
		const auditRows = db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'exercise.regrade_request'))
			.all();
		expect(auditRows).toMatchObject([
			{ actorId: instructorId, targetId: rubric.id, reason: 'rubric wording fixed' }
		]);
		// The regrade wrote only feedback: instructors' grades — released, re-edited drafts and plain
		// drafts — and every release are untouched, and learners still see the same released grade.
		expect({
			grades: db.select().from(grades).orderBy(grades.submissionId).all(),
			criteria: db
				.select()
				.from(gradeCriteria)
				.orderBy(gradeCriteria.submissionId, gradeCriteria.position)
				.all(),
			releases: db.select().from(gradeReleases).orderBy(gradeReleases.id).all()
		}).toEqual(gradesBefore);
		expect(released.map((id) => getReleasedGrade(db, id))).toEqual(releasedBefore);
	});

	it('keeps at most the window of jobs open and regrades only each learner’s latest submission', async () => {
		const [first] = await learnersWithSubmissions(3);
		const owner = db.select().from(submissions).where(eq(submissions.id, first)).get()!.userId;
		const newer = submitAnswer(db, {
			userId: owner,
			itemId: rubric.id,
			itemVersion: rubric.version,
			locale: 'zh-CN',
			answer: `${answer} 第二版。`,
			idempotencyKey: 'regrade-newer-abcdefgh'
		}).submissionId;
		await firstFeedback(4);
		const batch = requestRegrade(db, instructorId, rubric.id);
		const items = db.select().from(regradeItems).where(eq(regradeItems.batchId, batch.id)).all();
		expect(items.map((i) => i.submissionId)).not.toContain(first);
		expect(items.map((i) => i.submissionId)).toContain(newer);
		expect(items).toHaveLength(3);

		const feeder = new RegradeFeeder({ db, window: 2, intervalMs: 1000 });
		expect(feeder.feed()).toBe(2);
		expect(feeder.feed()).toBe(0); // the window is full until a job ends
		expect(() => requestRegrade(db, instructorId, rubric.id)).toThrow(RegradeError);
		expect(() => requestRegrade(db, instructorId, 'exercise-nobody')).toThrow(
			expect.objectContaining({ code: 'no_submissions' })
		);
	});

	it('pauses in archive mode: no job is queued (so no AI call, no offline feedback) until it ends', async () => {
		await learnersWithSubmissions(3);
		await firstFeedback(3);
		const batch = requestRegrade(db, instructorId, rubric.id);
		updateSettings(db, { archiveMode: true }, { actorId: null });
		const feeder = new RegradeFeeder({ db, window: 4, intervalMs: 1000 });
		expect(feeder.feed()).toBe(0);
		expect(batchState(batch.id)).toBe('running');
		expect(getRegradeProgress(db, [batch.id]).get(batch.id)?.waiting).toBe(3);
		updateSettings(db, { archiveMode: false }, { actorId: null });
		expect(feeder.feed()).toBe(3);
	});

	it('cancel drops waiting and queued work, lets a running job finish, and is audited', async () => {
		await learnersWithSubmissions(10);
		await firstFeedback(10);
		const batch = requestRegrade(db, instructorId, rubric.id);
		const feeder = new RegradeFeeder({ db, window: 3, intervalMs: 1000 });
		expect(feeder.feed()).toBe(3);
		const running = claimJob(db, 60_000)!; // a worker has started one of them
		expect(running.job.bypassCache).toBe(true);

		expect(cancelRegrade(db, instructorId, batch.id)).toBe(true);
		expect(cancelRegrade(db, instructorId, batch.id)).toBe(false);
		expect(batchState(batch.id)).toBe('cancelled');
		expect(getRegradeProgress(db, [batch.id]).get(batch.id)).toMatchObject({
			total: 10,
			waiting: 0,
			queued: 0,
			running: 1,
			cancelled: 9
		});
		const open = db
			.select()
			.from(feedbackJobs)
			.where(inArray(feedbackJobs.state, ['pending', 'running']))
			.all();
		expect(open.map((j) => j.id)).toEqual([running.job.id]);
		expect(feeder.feed()).toBe(0); // nothing more is fed
		expect(
			db
				.select()
				.from(auditLog)
				.where(
					and(eq(auditLog.action, 'exercise.regrade_cancel'), eq(auditLog.actorId, instructorId))
				)
				.all()
		).toHaveLength(1);
		// A new batch may start once this one is cancelled.
		expect(requestRegrade(db, instructorId, rubric.id).state).toBe('running');
	});

	it('resumes after a restart: a new process finishes the batch, one new feedback per submission', async () => {
		const ids = await learnersWithSubmissions(30);
		await firstFeedback(30);
		const feedbackBefore = countRows(feedback);
		fake.setDefault(replies.content(gradingReply(rubric), { delayMs: 5 }));
		const batch = requestRegrade(db, instructorId, rubric.id);

		const stopFirst = startProcess(config());
		await until(() => (getRegradeProgress(db, [batch.id]).get(batch.id)?.done ?? 0) >= 8);
		await stopFirst(); // shutdown: calls in flight go back to pending
		const half = getRegradeProgress(db, [batch.id]).get(batch.id)!;
		expect(half.done).toBeLessThan(30);
		expect(batchState(batch.id)).toBe('running');

		startProcess(config());
		await until(() => batchState(batch.id) === 'done');
		expect(listRegradeBatches(db)[0].progress).toMatchObject({ done: 30, withAi: 30, failed: 0 });
		const added = db
			.select({ submissionId: feedback.submissionId, n: sql<number>`count(*)` })
			.from(feedback)
			.where(eq(feedback.source, 'model'))
			.groupBy(feedback.submissionId)
			.all();
		expect(added).toHaveLength(30);
		expect(added.every((a) => a.n === 1)).toBe(true);
		expect(new Set(added.map((a) => a.submissionId))).toEqual(new Set(ids));
		expect(countRows(feedback)).toBe(feedbackBefore + 30);
	});
});
