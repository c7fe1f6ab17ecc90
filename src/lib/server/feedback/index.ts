/**
 * The feedback pipeline's public API (what exercise pages, SSE endpoints and grading call).
 *
 * - `submitAnswer(db, { userId, itemId, itemVersion, locale, answer, idempotencyKey })`
 *   → `{ submissionId, jobId, duplicate }`: stores the answer and its job in one transaction.
 * - `getFeedback(db, submissionId)` → the submission, its newest job and the feedback to show.
 * - `startFeedbackWorker()` / `stopFeedbackWorker()`: the queue consumer (start-up registers it).
 * - `feedbackQueueStats(db)`: queue depth and wait for /metrics (start-up registers it).
 * - `setRubricResolver(fn)`: how the worker finds an exercise version's rubric (content pipeline).
 * - `subscribeFeedback(submissionId, listener)` → unsubscribe: progress events for SSE.
 * - `runOfflineCheck(rubric, answer, locale)`: the deterministic offline rubric check.
 * - `countFailedCalls(db, { jobId, createdAt, userId })`: the failed provider calls behind a feedback row.
 * - `parseRubric(json)`, `rubricFromLocales(id, version, { 'zh-CN', en })`, `rubricMaximum(rubric)`:
 *   the rubric schema, building one from an exercise's two language files, and its maximum.
 */
export {
	submitAnswer,
	enqueueFeedback,
	feedbackQueueStats,
	AnswerTooLongError,
	type SubmitAnswerInput
} from './jobs';
export { getFeedback, listFeedback, type FeedbackView, type StoredFeedback } from './store';
export {
	startFeedbackWorker,
	stopFeedbackWorker,
	getProviderStatus,
	setRubricResolver,
	FeedbackWorker,
	type WorkerOptions
} from './worker';
export { subscribeFeedback, feedbackEvents, type FeedbackProgress } from './events';
export { runOfflineCheck } from './offline';
export { countFailedCalls } from './accounting';
export {
	parseRubric,
	rubricFromLocales,
	rubricSchema,
	rubricMaximum,
	criterionMaximum,
	type Rubric,
	type Criterion,
	type KeyConcept,
	type FeedbackLocale
} from './rubric';
export type { FeedbackResult, CriterionFeedback } from './result';
export type { RubricResolver } from './runner';
export { PROMPT_VERSION } from './prompts';
