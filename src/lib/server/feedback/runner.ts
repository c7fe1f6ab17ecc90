import { immediate, type Db } from '../db';
import type { Config } from '../config';
import type { OfflineReason } from '../db/schema/feedback';
import { log } from '../log';
import { notify } from '../notifications';
import { getSetting } from '../settings';
import { aiJobsSince, recordCall, spendSince, startOfDay } from './accounting';
import { isArchived } from '../archive/state';
import { emitProgress } from './events';
import { gradeWithModel } from './grader';
import { holdsLease, settleJob, type ClaimedJob } from './jobs';
import { LlmCallError, type LlmProvider } from './llm-client';
import { runOfflineCheck } from './offline';
import { PROMPT_VERSION } from './prompts';
import type { FeedbackResult } from './result';
import { rubricHash, type Rubric } from './rubric';
import { cacheKey, findCachedFeedback, hasFeedback, insertFeedback } from './store';

/**
 * Finds the rubric of an exercise version (the content pipeline provides it). Null when the item or
 * version is unknown. Exercise versions are immutable, so the same arguments give the same rubric.
 */
export type RubricResolver = (
	db: Db,
	itemId: string,
	version: number
) => Rubric | null | Promise<Rubric | null>;

export type RunnerSettings = Pick<Config, 'FEEDBACK_AI_RETRY_MS' | 'FEEDBACK_MAX_ATTEMPTS'>;

export type RunnerDeps = {
	db: Db;
	settings: RunnerSettings;
	/** Null when no provider is configured: every job gets the offline check. */
	provider: LlmProvider | null;
	resolveRubric: RubricResolver;
	signal?: AbortSignal;
};

/** How a job ended, for tests and logs. */
export type JobOutcome =
	| {
			kind: 'model' | 'cached' | 'offline';
			feedbackId: number | null;
			reason: OfflineReason | null;
	  }
	| { kind: 'retry-later'; feedbackId: number | null; reason: OfflineReason }
	| { kind: 'failed'; reason: string }
	| { kind: 'released' }
	| { kind: 'lost-lease' };

/**
 * Produces feedback for one claimed job and settles it, never losing the submission:
 * 1. no provider → offline check (`no_provider`), done; archive mode → offline check (`archived`);
 * 2. same (model, prompt version, rubric, locale, normalised answer) answered before → copy, no call
 *    (regrade jobs skip this);
 * 3. learner's daily quota or the global daily budget used up → offline check with that reason, done;
 * 4. ask the model (retries, breaker, one repair) → model feedback, done;
 *    invalid reply → offline check (`invalid_reply`), done;
 *    provider trouble → offline check now (`breaker_open` / `provider_error`) and the job pending
 *    again after FEEDBACK_AI_RETRY_MS, until FEEDBACK_MAX_ATTEMPTS claims, when the offline result stands.
 * Each feedback row is written with a `feedback_ready` notification to the learner, in one transaction.
 * Every write checks the lease, so a worker that lost its lease (and was replaced) writes nothing.
 * Shutdown (`signal`) puts the job back to pending, unchanged.
 */
export async function runJob(claimed: ClaimedJob, deps: RunnerDeps): Promise<JobOutcome> {
	const { db, settings } = deps;
	const { job, submission, token } = claimed;
	const ids = { submissionId: submission.id, jobId: job.id };
	emitProgress({ ...ids, stage: 'started' });

	const rubric = await deps.resolveRubric(db, submission.itemId, submission.itemVersion);
	if (!rubric) {
		// Perhaps the content is not synced yet: try again later, and give up after the last attempt.
		const last = job.attempts >= settings.FEEDBACK_MAX_ATTEMPTS;
		const settled = immediate(db, (tx) =>
			settleJob(tx, job.id, token, {
				state: last ? 'failed' : 'pending',
				reason: 'rubric_missing',
				nextRunAt: new Date(Date.now() + settings.FEEDBACK_AI_RETRY_MS)
			})
		);
		if (!settled) return { kind: 'lost-lease' };
		log.error(
			{ ...ids, itemId: submission.itemId, itemVersion: submission.itemVersion },
			'feedback: rubric not found'
		);
		if (last) emitProgress({ ...ids, stage: 'failed', reason: 'rubric_missing' });
		return { kind: 'failed', reason: 'rubric_missing' };
	}
	const { answer, locale } = submission;

	const finish = (
		result: FeedbackResult,
		kind: 'model' | 'cached' | 'offline',
		extra: { cacheKey?: string | null; cachedFromId?: number | null } = {}
	): JobOutcome => {
		const feedbackId = immediate(db, (tx) => {
			if (!holdsLease(tx, job.id, token)) return null;
			const id = insertFeedback(tx, submission.id, job.id, result, extra);
			settleJob(tx, job.id, token, { state: 'done', reason: result.offlineReason });
			notify(tx, submission.userId, 'feedback_ready', {
				submissionId: submission.id,
				source: result.source
			});
			return id;
		});
		if (feedbackId === null) return { kind: 'lost-lease' };
		emitProgress({ ...ids, stage: 'feedback', feedbackId, source: result.source, aiRetryAt: null });
		emitProgress({ ...ids, stage: 'done' });
		return { kind, feedbackId, reason: result.offlineReason };
	};
	const offline = (reason: OfflineReason) =>
		finish(runOfflineCheck(rubric, answer, locale, reason), 'offline');

	// Archive mode (src/lib/server/archive): no LLM calls; the offline check answers, saying why.
	if (isArchived(db)) return offline('archived');
	const provider = deps.provider;
	if (!provider) return offline('no_provider');

	const key = cacheKey({
		model: provider.model,
		promptVersion: PROMPT_VERSION,
		rubricHash: rubricHash(rubric),
		locale,
		answer
	});
	if (!job.bypassCache) {
		const cached = findCachedFeedback(db, key);
		if (cached) {
			const { criteria, ...row } = cached;
			const result: FeedbackResult = {
				source: 'model',
				offlineReason: null,
				model: row.model,
				promptVersion: row.promptVersion,
				rubricId: rubric.id,
				rubricVersion: row.rubricVersion,
				rubricHash: row.rubricHash,
				locale: row.locale,
				totalPoints: row.totalPoints,
				maxPoints: row.maxPoints,
				summary: row.summary,
				criteria
			};
			return finish(result, 'cached', { cacheKey: key, cachedFromId: row.id });
		}
	}

	// The quota and budget are admin settings (/admin/settings; defaults from the environment),
	// counted over the site's day (setting defaultTimeZone).
	const dayStart = startOfDay(new Date(), getSetting(db, 'defaultTimeZone'));
	const quota = getSetting(db, 'llmDailyQuotaPerLearner');
	if (aiJobsSince(db, submission.userId, dayStart, job.id) >= quota) return offline('quota');
	const budget = getSetting(db, 'llmDailyBudget');
	if (budget !== null && spendSince(db, dayStart) >= budget) return offline('budget');
	if (job.attempts > settings.FEEDBACK_MAX_ATTEMPTS) return offline('provider_error');

	emitProgress({ ...ids, stage: 'calling' });
	let lastChars = 0;
	let graded;
	try {
		graded = await gradeWithModel(provider, rubric, answer, locale, {
			signal: deps.signal,
			onCall: (record, purpose) =>
				recordCall(db, {
					...record,
					jobId: job.id,
					userId: submission.userId,
					purpose,
					model: provider.model,
					promptVersion: PROMPT_VERSION
				}),
			onProgress: (chars) => {
				if (chars - lastChars >= 200 || lastChars === 0) {
					lastChars = chars;
					emitProgress({ ...ids, stage: 'streaming', chars });
				}
			}
		});
	} catch (e) {
		if (e instanceof LlmCallError && e.outcome === 'aborted') {
			immediate(db, (tx) =>
				settleJob(tx, job.id, token, {
					state: 'pending',
					reason: job.reason,
					nextRunAt: new Date()
				})
			);
			return { kind: 'released' };
		}
		throw e;
	}
	if (graded.ok) return finish(graded.result, 'model', { cacheKey: key });
	if (!graded.retryLater || job.attempts >= settings.FEEDBACK_MAX_ATTEMPTS) {
		return offline(graded.reason);
	}

	// Provider trouble: the offline check answers now (once), the AI is tried again later.
	const retryAt = new Date(Date.now() + settings.FEEDBACK_AI_RETRY_MS);
	const reason = graded.reason;
	const written = immediate(db, (tx) => {
		if (!holdsLease(tx, job.id, token)) return undefined;
		const id = hasFeedback(tx, submission.id)
			? null
			: insertFeedback(tx, submission.id, job.id, runOfflineCheck(rubric, answer, locale, reason));
		settleJob(tx, job.id, token, { state: 'pending', reason, nextRunAt: retryAt });
		if (id !== null) {
			notify(tx, submission.userId, 'feedback_ready', {
				submissionId: submission.id,
				source: 'offline'
			});
		}
		return id;
	});
	if (written === undefined) return { kind: 'lost-lease' };
	if (written !== null) {
		emitProgress({
			...ids,
			stage: 'feedback',
			feedbackId: written,
			source: 'offline',
			aiRetryAt: retryAt.getTime()
		});
	}
	log.warn({ ...ids, reason, detail: graded.detail }, 'feedback: offline now, AI retried later');
	return { kind: 'retry-later', feedbackId: written, reason };
}

/**
 * Settles a job whose run threw unexpectedly (a bug or a database error): pending again after a
 * delay, or failed once FEEDBACK_MAX_ATTEMPTS claims are used. The submission stays.
 */
export function failJobRun(
	db: Db,
	claimed: ClaimedJob,
	settings: RunnerSettings,
	error: unknown
): void {
	const { job, token } = claimed;
	const last = job.attempts >= settings.FEEDBACK_MAX_ATTEMPTS;
	immediate(db, (tx) =>
		settleJob(tx, job.id, token, {
			state: last ? 'failed' : 'pending',
			reason: 'error',
			nextRunAt: new Date(Date.now() + Math.min(settings.FEEDBACK_AI_RETRY_MS, 60_000))
		})
	);
	log.error({ err: error, jobId: job.id }, 'feedback job crashed');
	if (last) {
		emitProgress({
			submissionId: claimed.submission.id,
			jobId: job.id,
			stage: 'failed',
			reason: 'error'
		});
	}
}
