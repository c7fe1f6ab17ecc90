// A feedback worker in its own process, for the kill -9 test (src/lib/server/feedback/crash.test.ts):
// opens DB_PATH, resolves the fixture rubrics, and prints "CALLING <submissionId>" when it has sent a
// job's request to the provider. The test then kills it with SIGKILL.
import { loadConfig } from '../../src/lib/server/config';
import { openDatabase } from '../../src/lib/server/db';
import { feedbackEvents } from '../../src/lib/server/feedback/events';
import { FeedbackWorker } from '../../src/lib/server/feedback/worker';
import { fixtureRubrics } from '../fixtures/feedback/rubrics';

const db = openDatabase(process.env.DB_PATH as string);
const worker = new FeedbackWorker({
	db,
	config: loadConfig(process.env),
	resolveRubric: (_db, itemId) => fixtureRubrics[itemId] ?? null
});
feedbackEvents.on('progress', (p) => {
	if (p.stage === 'calling') console.log(`CALLING ${p.submissionId}`);
});
worker.start();
console.log('READY');
