import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { postForm } from '../support/http';
import { signedIn } from '../support/factories';
import { FakeLlm, gradingReply, replies } from '../support/fake-llm';
import { startBuiltServer, type RunningServer } from '../support/server';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { feedback, feedbackJobs } from '../../src/lib/server/db/schema';
import { regradeBatches, regradeItems } from '../../src/lib/server/db/schema/regrade';
import { loadExerciseEvalSets } from '../../src/lib/server/feedback/eval-sets';
import { submitExercise } from '../../src/lib/server/exercises';

const ITEM = 'exercise-banking-kb-design';
const rubric = loadExerciseEvalSets('cases/exercises').rubrics[ITEM];
const LEARNERS = 6;
const until = async (pred: () => boolean) => {
	while (!pred()) await new Promise((r) => setTimeout(r, 50));
};

describe('a batch regrade across a SIGKILL of the server', () => {
	let fake: FakeLlm;
	let first: RunningServer;
	let second: RunningServer | undefined;
	let db: Db | undefined;
	beforeAll(async () => {
		fake = await FakeLlm.start();
	});
	afterAll(async () => {
		db?.$client.close();
		await second?.stop();
		await first?.stop();
		await fake?.close();
	});

	it('is finished by the next server: every submission once, nothing lost or doubled', async () => {
		const env = {
			LLM_BASE_URL: fake.url,
			LLM_MODEL: 'fake-model',
			LLM_TIMEOUT_MS: '60000',
			LLM_STREAM_IDLE_MS: '60000',
			FEEDBACK_POLL_MS: '50',
			FEEDBACK_LEASE_MS: '1500',
			REGRADE_WINDOW: '2',
			REGRADE_POLL_MS: '100'
		};
		first = await startBuiltServer(env);
		db = openDatabase(first.dbPath);
		const conn = db;
		// Each learner's first feedback comes from the model; then every call hangs.
		fake.enqueue(...Array.from({ length: LEARNERS }, () => replies.content(gradingReply(rubric))));
		fake.setDefault(replies.hang());
		const ids: number[] = [];
		for (let i = 0; i < LEARNERS; i++) {
			const { user } = await signedIn(conn);
			const r = submitExercise(conn, {
				userId: user.id,
				itemId: ITEM,
				locale: 'zh-CN',
				answer: `网关、熔断与降级，第 ${i} 份。`,
				idempotencyKey: `regrade-restart-${i}-abcdef`,
				pipelineMaxChars: 20_000
			});
			if (!r.ok) throw new Error(r.reason);
			ids.push(r.submissionId);
		}
		const jobsDone = () =>
			conn
				.select()
				.from(feedbackJobs)
				.where(and(inArray(feedbackJobs.submissionId, ids), eq(feedbackJobs.state, 'done')))
				.all().length;
		await until(() => jobsDone() === LEARNERS);

		const staff = await signedIn(conn, 'instructor');
		const res = await postForm(
			'/en/instructor/regrade?/start',
			{ itemId: ITEM },
			{ cookie: staff.cookie, base: first.url }
		);
		expect(res.status).toBe(303);
		// Two regrade calls are in flight (the window) when the server dies.
		await until(() => fake.calls.length >= LEARNERS + 2);
		process.kill(first.pid, 'SIGKILL');
		await first.exited;
		const batch = conn.select().from(regradeBatches).get()!;
		expect(batch.state).toBe('running');
		const queued = conn
			.select()
			.from(regradeItems)
			.where(eq(regradeItems.batchId, batch.id))
			.all()
			.filter((i) => i.jobId !== null);
		expect(queued).toHaveLength(2);

		fake.setDefault(replies.content(gradingReply(rubric)));
		second = await startBuiltServer({ ...env, DATABASE_URL: first.dbPath });
		await until(
			() =>
				conn.select().from(regradeBatches).where(eq(regradeBatches.id, batch.id)).get()?.state ===
				'done'
		);
		const items = conn.select().from(regradeItems).where(eq(regradeItems.batchId, batch.id)).all();
		expect(items.map((i) => i.submissionId).sort((a, b) => a - b)).toEqual(ids);
		const jobs = conn
			.select()
			.from(feedbackJobs)
			.where(
				inArray(
					feedbackJobs.id,
					items.map((i) => i.jobId!)
				)
			)
			.all();
		expect(jobs.every((j) => j.state === 'done' && j.bypassCache)).toBe(true);
		// The two jobs cut by the kill were claimed again after their lease ran out.
		expect(
			jobs
				.filter((j) => j.attempts === 2)
				.map((j) => j.id)
				.sort()
		).toEqual(queued.map((i) => i.jobId).sort());
		// One first feedback and exactly one regrade feedback per submission, both by the model.
		for (const id of ids) {
			const rows = conn.select().from(feedback).where(eq(feedback.submissionId, id)).all();
			expect(rows.map((r) => r.source)).toEqual(['model', 'model']);
		}
	});
});
