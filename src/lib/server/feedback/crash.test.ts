import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { FakeLlm, gradingReply, replies } from '../../../../tests/support/fake-llm';
import { fixtureRubrics, gatewayRubric } from '../../../../tests/fixtures/feedback/rubrics';
import { loadConfig } from '../config';
import type { Db } from '../db';
import { log } from '../log';
import { getFeedback, submitAnswer, subscribeFeedback } from './index';
import { FeedbackWorker } from './worker';

let db: Db;
let path: string;
let cleanup: () => void;
let fake: FakeLlm;

beforeEach(async () => {
	log.level = 'silent';
	({ db, path, cleanup } = createTestDb());
	fake = await FakeLlm.start();
});
afterEach(async () => {
	await fake.close();
	cleanup();
});

const env = () => ({
	LLM_BASE_URL: fake.url,
	LLM_MODEL: 'fake-model',
	LLM_TIMEOUT_MS: '60000',
	LLM_STREAM_IDLE_MS: '60000',
	FEEDBACK_POLL_MS: '20',
	FEEDBACK_LEASE_MS: '500',
	FEEDBACK_CONCURRENCY: '1'
});

describe('durability', () => {
	it('finishes a job after its worker process is killed with SIGKILL mid-call', async () => {
		const user = await makeUser(db);
		const { submissionId } = submitAnswer(db, {
			userId: user.id,
			itemId: gatewayRubric.id,
			itemVersion: gatewayRubric.version,
			locale: 'en',
			answer: 'Every call has a timeout and a retry with backoff.',
			idempotencyKey: 'crash-test-key-1'
		});
		fake.enqueue(replies.hang()); // the doomed process waits here forever

		const child = spawn(
			process.execPath,
			['--import', 'tsx', 'tests/support/feedback-worker-child.ts'],
			{
				env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', DB_PATH: path, ...env() },
				stdio: ['ignore', 'pipe', 'pipe']
			}
		);
		let out = '';
		child.stderr.on('data', (d) => (out += d));
		await new Promise<void>((resolve, reject) => {
			child.stdout.on('data', (d) => {
				out += d;
				if (out.includes(`CALLING ${submissionId}`)) resolve();
			});
			child.on('exit', (code) => reject(new Error(`child exited early (${code}): ${out}`)));
		});
		// The request is on the wire once the fake has it: only then kill.
		while (fake.calls.length === 0) await new Promise((r) => setTimeout(r, 10));
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGKILL');
		await exited;
		expect(fake.calls).toHaveLength(1);
		expect(getFeedback(db, submissionId)?.job?.state).toBe('running'); // orphaned, lease ticking

		fake.setDefault(replies.content(gradingReply(gatewayRubric)));
		const worker = new FeedbackWorker({
			db,
			config: loadConfig(env()),
			resolveRubric: (_db, itemId) => fixtureRubrics[itemId] ?? null
		});
		const done = new Promise<void>((resolve) => {
			const check = () => {
				if (getFeedback(db, submissionId)?.job?.state === 'done') resolve();
			};
			subscribeFeedback(submissionId, check);
			check();
		});
		worker.start();
		await done;
		await worker.stop();
		const view = getFeedback(db, submissionId);
		expect(view?.feedback?.source).toBe('model');
		expect(view?.job?.attempts).toBe(2);
		expect(view?.submission.answer).toBe('Every call has a timeout and a retry with backoff.');
	});
});
