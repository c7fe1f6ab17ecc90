import { getConfig, type Config } from '../config';
import { getDb, type Db } from '../db';
import { log } from '../log';
import { feedbackEvents, type FeedbackProgress } from './events';
import { claimJob, countOpenJobs, renewLease, type ClaimedJob } from './jobs';
import { LlmProvider, providerConfigured } from './llm-client';
import { failJobRun, runJob, type JobOutcome, type RubricResolver } from './runner';

export type WorkerOptions = {
	db?: Db;
	/** Defaults to the process config (getConfig()). */
	config?: Config;
	/** Where rubrics come from; defaults to the resolver registered with {@link setRubricResolver}. */
	resolveRubric?: RubricResolver;
	/** Called after every job (tests, metrics). */
	onJob?: (outcome: JobOutcome, claimed: ClaimedJob) => void;
};

let registeredResolver: RubricResolver = () => null;

/**
 * Registers where the worker finds an exercise version's rubric. The content pipeline calls this at
 * start-up, before {@link startFeedbackWorker}. A job whose rubric is not found is retried after
 * FEEDBACK_AI_RETRY_MS and fails (`rubric_missing`) after FEEDBACK_MAX_ATTEMPTS claims; the
 * submission is kept and can be requeued.
 */
export function setRubricResolver(resolver: RubricResolver): void {
	registeredResolver = resolver;
}

/**
 * The feedback queue's consumer: FEEDBACK_CONCURRENCY loops that claim due jobs (pending, or
 * running with an expired lease — so jobs of a crashed process resume on start), run them
 * ({@link runJob}), renew the lease while they run, and otherwise idle: they wake on a new
 * submission's `queued` event or every FEEDBACK_POLL_MS.
 */
export class FeedbackWorker {
	readonly provider: LlmProvider | null;
	private readonly db: Db;
	private readonly cfg: Config;
	private readonly resolveRubric: RubricResolver;
	private readonly abort = new AbortController();
	private readonly loops: Promise<void>[] = [];
	private readonly sleepers = new Set<() => void>();
	private running = false;
	private readonly onQueued = (p: FeedbackProgress) => {
		if (p.stage === 'queued') this.wake();
	};

	constructor(private readonly opts: WorkerOptions = {}) {
		this.db = opts.db ?? getDb();
		this.cfg = opts.config ?? getConfig();
		this.resolveRubric = opts.resolveRubric ?? ((...a) => registeredResolver(...a));
		this.provider = providerConfigured(this.cfg) ? new LlmProvider(this.cfg) : null;
	}

	/** Starts the loops (idempotent). */
	start(): void {
		if (this.running) return;
		this.running = true;
		feedbackEvents.on('progress', this.onQueued);
		const open = countOpenJobs(this.db);
		log.info(
			{ provider: this.provider ? this.provider.model : 'offline check', openJobs: open },
			'feedback worker started'
		);
		for (let i = 0; i < this.cfg.FEEDBACK_CONCURRENCY; i++) this.loops.push(this.loop());
	}

	/**
	 * Stops claiming, aborts calls in flight (their jobs go back to pending) and waits for the loops.
	 */
	async stop(): Promise<void> {
		if (!this.running) return;
		this.running = false;
		feedbackEvents.off('progress', this.onQueued);
		this.abort.abort();
		this.wake();
		await Promise.allSettled(this.loops);
		this.loops.length = 0;
	}

	/** Wakes idle loops to look for work now. */
	wake(): void {
		for (const s of [...this.sleepers]) s();
	}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const done = () => {
				clearTimeout(t);
				this.sleepers.delete(done);
				resolve();
			};
			const t = setTimeout(done, ms);
			this.sleepers.add(done);
		});
	}

	private async loop(): Promise<void> {
		while (this.running) {
			let claimed: ClaimedJob | null = null;
			try {
				claimed = claimJob(this.db, this.cfg.FEEDBACK_LEASE_MS);
			} catch (e) {
				log.error({ err: e }, 'feedback worker: claim failed');
			}
			if (!claimed) {
				await this.sleep(this.cfg.FEEDBACK_POLL_MS);
				continue;
			}
			const { job, token } = claimed;
			const heartbeat = setInterval(
				() => {
					try {
						renewLease(this.db, job.id, token, this.cfg.FEEDBACK_LEASE_MS);
					} catch (e) {
						log.warn({ err: e, jobId: job.id }, 'feedback worker: lease renewal failed');
					}
				},
				Math.max(1, Math.floor(this.cfg.FEEDBACK_LEASE_MS / 3))
			);
			try {
				const outcome = await runJob(claimed, {
					db: this.db,
					settings: this.cfg,
					provider: this.provider,
					resolveRubric: this.resolveRubric,
					signal: this.abort.signal
				});
				this.opts.onJob?.(outcome, claimed);
			} catch (e) {
				try {
					failJobRun(this.db, claimed, this.cfg, e);
				} catch (inner) {
					log.error(
						{ err: inner, jobId: job.id },
						'feedback worker: could not settle a failed job'
					);
				}
				this.opts.onJob?.({ kind: 'failed', reason: 'error' }, claimed);
			} finally {
				clearInterval(heartbeat);
			}
		}
	}
}

let worker: FeedbackWorker | undefined;

/**
 * Starts the process-wide feedback worker (start-up calls it once; a second call returns the same
 * worker). With no job it idles, polling every FEEDBACK_POLL_MS.
 */
export function startFeedbackWorker(opts: WorkerOptions = {}): FeedbackWorker {
	worker ??= new FeedbackWorker(opts);
	worker.start();
	return worker;
}

/** Stops the process-wide worker (graceful shutdown, tests); in-flight jobs return to pending. */
export async function stopFeedbackWorker(): Promise<void> {
	const w = worker;
	worker = undefined;
	await w?.stop();
}

/**
 * The process-wide worker's provider for the usage dashboard: its model and circuit-breaker state
 * ('half-open' after LLM_BREAKER_OPEN_MS until the next call decides). Null when no worker runs or
 * no provider is configured (the offline check answers everything).
 */
export function getProviderStatus(): {
	model: string;
	breaker: 'closed' | 'open' | 'half-open';
} | null {
	const p = worker?.provider;
	return p ? { model: p.model, breaker: p.breakerState } : null;
}
