/**
 * Batch regrading (issue 10): an instructor asks for new AI feedback on the latest submission of
 * every learner of an exercise (e.g. after a rubric wording fix). `requestRegrade` stores a durable
 * batch; the feeder queues its feedback jobs a few at a time (REGRADE_WINDOW) into the ordinary
 * feedback queue with `bypassCache`; `cancelRegrade` stops it; `listRegradeBatches` shows progress.
 * It only ever adds feedback rows: submissions and instructors' grades are never touched.
 */
export {
	requestRegrade,
	cancelRegrade,
	listRegradeBatches,
	getRegradeProgress,
	countLatestSubmissions,
	listLatestSubmissionIds,
	listRunningRegradeItems,
	feedRegrades,
	RegradeError,
	type RegradeProgress,
	type RegradeBatchView
} from './batches';
export { RegradeFeeder, startRegradeFeeder, stopRegradeFeeder, pokeRegradeFeeder } from './feeder';
export { consumeRegradeBatchAction, regradeRateLimited } from './rate-limit';
