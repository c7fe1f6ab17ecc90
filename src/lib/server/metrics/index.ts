import { CircuitState } from 'cockatiel';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { getDb, type Db } from '../db';
import { log } from '../log';

/**
 * Casebook's Prometheus metrics (prom-client), served as text by `GET /metrics`
 * (src/routes/metrics/+server.ts, bearer token METRICS_TOKEN).
 *
 * Other modules record into the named metrics below (or through the helpers), never create their
 * own registry. Names follow Prometheus conventions: `casebook_` prefix, base units (seconds),
 * `_total` for counters. Label values come from small fixed sets (route ids, never paths; model
 * names, outcomes), so the number of series stays bounded.
 */
export const registry = new Registry();

// Process and Node.js runtime metrics (CPU, RSS, heap, event-loop lag, GC, handles), unprefixed as
// Prometheus' own dashboards expect.
collectDefaultMetrics({ register: registry });

/** Request latency by SvelteKit route id ("unmatched" when no route matched), method and status. */
export const httpRequestDuration = new Histogram({
	name: 'casebook_http_request_duration_seconds',
	help: 'HTTP request latency in seconds, by route id, method and status',
	labelNames: ['route', 'method', 'status'] as const,
	buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
	registers: [registry]
});

/** One provider call's latency (retries and repairs are calls too). */
export const llmCallDuration = new Histogram({
	name: 'casebook_llm_call_duration_seconds',
	help: 'LLM provider call latency in seconds, by model, purpose and outcome',
	labelNames: ['model', 'purpose', 'outcome'] as const,
	buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120],
	registers: [registry]
});

/** Provider calls by outcome ("ok", "http_429", "timeout", …). */
export const llmCalls = new Counter({
	name: 'casebook_llm_calls_total',
	help: 'LLM provider calls, by model, purpose and outcome',
	labelNames: ['model', 'purpose', 'outcome'] as const,
	registers: [registry]
});

/** Tokens sent ("in", prompt) and received ("out", completion). */
export const llmTokens = new Counter({
	name: 'casebook_llm_tokens_total',
	help: 'LLM tokens, by model and direction (in = prompt, out = completion)',
	labelNames: ['model', 'direction'] as const,
	registers: [registry]
});

/** Estimated cost of provider calls, in the configured price currency. */
export const llmCost = new Counter({
	name: 'casebook_llm_cost_total',
	help: 'Estimated LLM cost, by model and currency (from the price table)',
	labelNames: ['model', 'currency'] as const,
	registers: [registry]
});

/** Circuit breaker state per breaker: 0 closed, 1 half-open, 2 open (cockatiel's states). */
export const circuitBreakerState = new Gauge({
	name: 'casebook_circuit_breaker_state',
	help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open (isolated counts as open)',
	labelNames: ['breaker'] as const,
	registers: [registry]
});

/** Backups made (scheduled, manual, command line) by outcome. */
export const backupsTotal = new Counter({
	name: 'casebook_backups_total',
	help: 'Database backups attempted, by trigger and outcome',
	labelNames: ['trigger', 'outcome'] as const,
	registers: [registry]
});

/** Unix time in seconds of the last backup that passed its integrity check. */
export const backupLastSuccess = new Gauge({
	name: 'casebook_backup_last_success_timestamp_seconds',
	help: 'Unix time (seconds) of the last backup that passed its integrity check',
	registers: [registry]
});

/** A job queue's state at scrape time, as its reader reports it. */
export type QueueStats = {
	/** Jobs waiting to run (due or not yet due). */
	pending: number;
	/** Jobs claimed by a worker right now. */
	running: number;
	/** Since when the longest-waiting job has been due (normally its creation); null when none waits. */
	oldestPendingAt: Date | null;
};
export type QueueReader = (db: Db) => QueueStats;

const queues = new Map<string, QueueReader>();

/**
 * Registers a job queue so `/metrics` reports its depth and the age of its oldest pending job,
 * read from the database at scrape time (no counters to drift). Registering a name again replaces
 * its reader. Example: `registerQueue('feedback', (db) => countFeedbackJobs(db))`.
 */
export function registerQueue(name: string, reader: QueueReader): void {
	queues.set(name, reader);
}

/** Reads every registered queue; a failing reader is logged and skipped, never fails the scrape. */
function readQueues(): Array<[string, QueueStats]> {
	if (queues.size === 0) return [];
	const db = getDb();
	const out: Array<[string, QueueStats]> = [];
	for (const [name, reader] of queues) {
		try {
			out.push([name, reader(db)]);
		} catch (err) {
			log.warn({ err, queue: name }, 'queue metrics reader failed');
		}
	}
	return out;
}

/**
 * Jobs per queue and state, read from the database when scraped. Its collect also sets
 * {@link jobQueueOldestAge} (registered after it, so the registry prints the age after this ran),
 * so each reader runs once per scrape.
 */
export const jobQueueDepth = new Gauge({
	name: 'casebook_job_queue_depth',
	help: 'Jobs in a queue by state (pending, running), read at scrape time',
	labelNames: ['queue', 'state'] as const,
	registers: [registry],
	collect() {
		this.reset();
		jobQueueOldestAge.reset();
		const now = Date.now();
		for (const [queue, s] of readQueues()) {
			this.set({ queue, state: 'pending' }, s.pending);
			this.set({ queue, state: 'running' }, s.running);
			const age = s.oldestPendingAt ? Math.max(0, now - s.oldestPendingAt.getTime()) / 1000 : 0;
			jobQueueOldestAge.set({ queue }, age);
		}
	}
});

/** Seconds since the oldest pending job of each queue was created (0 when none is pending). */
export const jobQueueOldestAge = new Gauge({
	name: 'casebook_job_queue_oldest_age_seconds',
	help: 'Age in seconds of the oldest pending job per queue (0 when none), read at scrape time',
	labelNames: ['queue'] as const,
	registers: [registry]
});

/** What one provider call cost; `latencyMs` in milliseconds, `cost` in `currency`. */
export type LlmCallObservation = {
	model: string;
	purpose: string;
	outcome: string;
	latencyMs: number;
	tokensIn: number;
	tokensOut: number;
	cost: number;
	currency: string;
};

/** Records one provider call in the LLM metrics (latency, outcome, tokens, cost). */
export function observeLlmCall(c: LlmCallObservation): void {
	const labels = { model: c.model, purpose: c.purpose, outcome: c.outcome };
	llmCallDuration.observe(labels, c.latencyMs / 1000);
	llmCalls.inc(labels);
	if (c.tokensIn > 0) llmTokens.inc({ model: c.model, direction: 'in' }, c.tokensIn);
	if (c.tokensOut > 0) llmTokens.inc({ model: c.model, direction: 'out' }, c.tokensOut);
	if (c.cost > 0) llmCost.inc({ model: c.model, currency: c.currency }, c.cost);
}

const BREAKER_VALUE: Record<CircuitState, number> = {
	[CircuitState.Closed]: 0,
	[CircuitState.HalfOpen]: 1,
	[CircuitState.Open]: 2,
	[CircuitState.Isolated]: 2
};

/**
 * Sets a circuit breaker's state gauge from cockatiel's state, e.g. in
 * `breaker.onStateChange((s) => setBreakerState('llm', s))`. Gauge values: 0 closed, 1 half-open,
 * 2 open or isolated.
 */
export function setBreakerState(breaker: string, state: CircuitState): void {
	circuitBreakerState.set({ breaker }, BREAKER_VALUE[state]);
}

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Observes one HTTP request. `routeId` is SvelteKit's route id (null → "unmatched", so unknown paths
 * cannot create new series; odd methods count as "other"); `ms` the latency in milliseconds.
 */
export function observeHttpRequest(
	routeId: string | null,
	method: string,
	status: number,
	ms: number
): void {
	httpRequestDuration.observe(
		{
			route: routeId ?? 'unmatched',
			method: HTTP_METHODS.has(method) ? method : 'other',
			status: String(status)
		},
		ms / 1000
	);
}
