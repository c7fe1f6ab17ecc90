import { getConfig } from '../config';
import { getDb, type Db } from '../db';
import { log } from '../log';
import { enqueueFeedback, feedbackEvents, type FeedbackProgress } from '../feedback';
import { feedRegrades } from './batches';

/**
 * Keeps running batch regrades flowing into the feedback queue: calls {@link feedRegrades} every
 * `intervalMs` (REGRADE_POLL_MS), whenever a feedback job ends, and on {@link RegradeFeeder.poke}
 * (a new batch). Jobs are queued with `bypassCache`, so the cache is skipped and the learner's daily
 * quota is neither used nor applied (the global budget still is).
 */
export class RegradeFeeder {
	private timer: ReturnType<typeof setInterval> | undefined;
	private readonly db: Db;
	private readonly window: number;
	private readonly intervalMs: number;
	private readonly onProgress = (p: FeedbackProgress) => {
		if (p.stage === 'done' || p.stage === 'failed') this.poke();
	};
	private scheduled = false;

	constructor(opts: { db?: Db; window?: number; intervalMs?: number } = {}) {
		const cfg = getConfig();
		this.db = opts.db ?? getDb();
		this.window = opts.window ?? cfg.REGRADE_WINDOW;
		this.intervalMs = opts.intervalMs ?? cfg.REGRADE_POLL_MS;
	}

	/** Starts feeding (idempotent); feeds once right away (batches left by a previous process). */
	start(): void {
		if (this.timer) return;
		feedbackEvents.on('progress', this.onProgress);
		this.timer = setInterval(() => this.feed(), this.intervalMs);
		this.timer.unref?.();
		this.feed();
	}

	stop(): void {
		if (!this.timer) return;
		clearInterval(this.timer);
		this.timer = undefined;
		feedbackEvents.off('progress', this.onProgress);
	}

	/** Feeds soon (coalesces many job endings into one transaction). */
	poke(): void {
		if (this.scheduled || !this.timer) return;
		this.scheduled = true;
		setImmediate(() => {
			this.scheduled = false;
			if (this.timer) this.feed();
		});
	}

	/** Feeds now. @returns jobs queued (0 on a database error, which is logged). */
	feed(): number {
		try {
			return feedRegrades(this.db, this.window, (tx, submissionId) =>
				enqueueFeedback(tx, submissionId, { bypassCache: true })
			);
		} catch (e) {
			log.error({ err: e }, 'regrade feeder failed');
			return 0;
		}
	}
}

let feeder: RegradeFeeder | undefined;

/** Starts the process-wide feeder (start-up); a second call returns the same one. */
export function startRegradeFeeder(): RegradeFeeder {
	feeder ??= new RegradeFeeder();
	feeder.start();
	return feeder;
}

/** Stops the process-wide feeder (shutdown). */
export function stopRegradeFeeder(): void {
	feeder?.stop();
	feeder = undefined;
}

/** Asks the running feeder to feed now (after a new batch); no-op when none runs. */
export function pokeRegradeFeeder(): void {
	feeder?.poke();
}
