import OpenAI, { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type {
	ChatCompletionCreateParamsBase,
	ChatCompletionMessageParam
} from 'openai/resources/chat/completions';
import {
	BrokenCircuitError,
	CircuitState,
	ConsecutiveBreaker,
	DelegateBackoff,
	TimeoutStrategy,
	circuitBreaker,
	decorrelatedJitterGenerator,
	handleWhen,
	retry,
	timeout,
	type CircuitBreakerPolicy,
	type IRetryBackoffContext,
	type RetryPolicy,
	type TimeoutPolicy
} from 'cockatiel';
import { setBreakerState } from '../metrics';
import type { Config } from '../config';
import type { LlmOutcome } from '../db/schema/feedback';
import { ProviderRateLimiter, estimateTokens } from './rate-limit';
import { modelReplySchema } from './reply';

/** The configuration the provider client reads (a slice of {@link Config}). */
export type LlmSettings = Pick<
	Config,
	| 'LLM_BASE_URL'
	| 'LLM_API_KEY'
	| 'LLM_MODEL'
	| 'LLM_RESPONSE_FORMAT'
	| 'LLM_STREAM'
	| 'LLM_MAX_OUTPUT_TOKENS'
	| 'LLM_MAX_TOKENS_PARAM'
	| 'LLM_TIMEOUT_MS'
	| 'LLM_STREAM_IDLE_MS'
	| 'LLM_RETRIES'
	| 'LLM_RETRY_BASE_MS'
	| 'LLM_RETRY_MAX_MS'
	| 'LLM_BREAKER_FAILURES'
	| 'LLM_BREAKER_OPEN_MS'
	| 'LLM_RPM'
	| 'LLM_TPM'
	| 'LLM_RATE_WINDOW_MS'
	| 'LLM_PRICES'
>;

/** True when a provider is configured (base URL and model); otherwise the offline check answers. */
export function providerConfigured(s: Pick<Config, 'LLM_BASE_URL' | 'LLM_MODEL'>): boolean {
	return Boolean(s.LLM_BASE_URL && s.LLM_MODEL);
}

/** One HTTP call to the provider, for the accounting table. Tokens are the provider's, or estimated. */
export type CallRecord = {
	outcome: LlmOutcome;
	httpStatus: number | null;
	tokensIn: number;
	tokensOut: number;
	latencyMs: number;
	cost: number;
};

/** A completed reply (whatever its content): text, refusal, why it finished, usage. */
export type Completion = {
	content: string;
	refusal: string | null;
	finishReason: string | null;
	tokensIn: number;
	tokensOut: number;
};

/** One failed call: `outcome` classifies it; `retryAfterMs` is the provider's Retry-After, if any. */
export class LlmCallError extends Error {
	constructor(
		public readonly outcome: LlmOutcome,
		message: string,
		public readonly httpStatus: number | null = null,
		public readonly retryAfterMs: number | null = null
	) {
		super(message);
		this.name = 'LlmCallError';
	}
	/** 429, 5xx, 408/409, timeouts, stalled streams and network errors are worth retrying. */
	get retryable(): boolean {
		if (this.outcome === 'http_4xx') return this.httpStatus === 408 || this.httpStatus === 409;
		return ['http_429', 'http_5xx', 'timeout', 'stalled', 'network'].includes(this.outcome);
	}
}

/** The provider could not give a reply now: the breaker is open, or the retries ran out. */
export class ProviderUnavailableError extends Error {
	constructor(
		public readonly reason: 'breaker_open' | 'provider_error',
		public readonly lastOutcome: LlmOutcome | null
	) {
		super(reason === 'breaker_open' ? 'circuit breaker open' : `provider failed (${lastOutcome})`);
		this.name = 'ProviderUnavailableError';
	}
}

/**
 * Retry-After from an error's headers, in ms: `retry-after-ms` (OpenAI), else `retry-after` as
 * seconds or an HTTP date. Null when absent or unreadable.
 */
export function retryAfterMs(headers: Headers | undefined | null, now = Date.now()): number | null {
	if (!headers) return null;
	const ms = Number(headers.get('retry-after-ms'));
	if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
	const ra = headers.get('retry-after');
	if (ra === null) return null;
	const secs = Number(ra);
	if (ra.trim() !== '' && Number.isFinite(secs)) return Math.max(0, secs * 1000);
	const date = Date.parse(ra);
	return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Estimated cost of a call from the price table (per 1M tokens); 0 for unlisted models. */
export function estimateCost(
	prices: Config['LLM_PRICES'],
	model: string,
	tokensIn: number,
	tokensOut: number
): number {
	const p = prices[model];
	if (!p) return 0;
	return (tokensIn * p.input + tokensOut * p.output) / 1_000_000;
}

export type CompleteOptions = {
	/** Aborts the whole call (shutdown): no retry, no breaker failure. */
	signal?: AbortSignal;
	/** Called with every HTTP attempt's record (write it to the accounting table). */
	onCall?: (record: CallRecord) => void;
	/** Streaming progress: characters of reply received so far. */
	onProgress?: (chars: number) => void;
};

/**
 * An OpenAI-compatible Chat Completions client with the resilience the pipeline needs, built on the
 * `openai` SDK with its own retries off (`maxRetries: 0`) and cockatiel policies:
 * retry (LLM_RETRIES, exponential backoff with decorrelated jitter from LLM_RETRY_BASE_MS to
 * LLM_RETRY_MAX_MS, never sooner than the provider's Retry-After) → circuit breaker (opens after
 * LLM_BREAKER_FAILURES consecutive failed calls, half-opens after LLM_BREAKER_OPEN_MS) → timeout per
 * attempt (LLM_TIMEOUT_MS) with a stream inactivity timer (LLM_STREAM_IDLE_MS). Calls wait in the
 * RPM/TPM queue first. One instance per process: the breaker and limits are shared state.
 */
export class LlmProvider {
	readonly model: string;
	private readonly client: OpenAI;
	private readonly retryPolicy: RetryPolicy;
	readonly breaker: CircuitBreakerPolicy;
	private readonly timeoutPolicy: TimeoutPolicy;
	private readonly limiter: ProviderRateLimiter;

	constructor(private readonly s: LlmSettings) {
		if (!providerConfigured(s)) throw new Error('LLM_BASE_URL and LLM_MODEL are required');
		this.model = s.LLM_MODEL as string;
		this.client = new OpenAI({
			baseURL: s.LLM_BASE_URL,
			apiKey: s.LLM_API_KEY || 'not-needed',
			maxRetries: 0,
			// The cockatiel timeout governs; the SDK's is a backstop only.
			timeout: s.LLM_TIMEOUT_MS + 1_000
		});
		const jitter = { initialDelay: s.LLM_RETRY_BASE_MS, maxDelay: s.LLM_RETRY_MAX_MS, exponent: 2 };
		this.retryPolicy = retry(
			handleWhen((e) => e instanceof LlmCallError && e.retryable),
			{
				maxAttempts: s.LLM_RETRIES,
				backoff: new DelegateBackoff<IRetryBackoffContext<unknown>, [number, number] | undefined>(
					(ctx, state) => {
						const [delay, next] = decorrelatedJitterGenerator(state, {
							...jitter,
							generator: decorrelatedJitterGenerator
						});
						const err = 'error' in ctx.result ? ctx.result.error : null;
						const ra = err instanceof LlmCallError ? err.retryAfterMs : null;
						return { delay: Math.min(Math.max(delay, ra ?? 0), s.LLM_RETRY_MAX_MS), state: next };
					}
				)
			}
		);
		this.breaker = circuitBreaker(
			handleWhen((e) => !(e instanceof LlmCallError && e.outcome === 'aborted')),
			{
				halfOpenAfter: s.LLM_BREAKER_OPEN_MS,
				breaker: new ConsecutiveBreaker(s.LLM_BREAKER_FAILURES)
			}
		);
		// The breaker's state is a gauge of /metrics (0 closed, 1 half-open, 2 open).
		setBreakerState('llm', this.breaker.state);
		this.breaker.onStateChange((state) => setBreakerState('llm', state));
		this.timeoutPolicy = timeout(s.LLM_TIMEOUT_MS, TimeoutStrategy.Cooperative);
		this.limiter = new ProviderRateLimiter({
			requestsPerWindow: s.LLM_RPM,
			tokensPerWindow: s.LLM_TPM,
			windowMs: s.LLM_RATE_WINDOW_MS
		});
	}

	/** 'closed' | 'open' | 'half-open' (an open breaker half-opens on the next call after LLM_BREAKER_OPEN_MS). */
	get breakerState(): 'closed' | 'open' | 'half-open' {
		const st = this.breaker.state;
		return st === CircuitState.Closed
			? 'closed'
			: st === CircuitState.HalfOpen
				? 'half-open'
				: 'open';
	}

	/**
	 * Sends `messages` and returns the reply, whatever its content (refusals and length cuts are the
	 * caller's to judge).
	 * @throws ProviderUnavailableError('breaker_open' | 'provider_error') when no reply could be had;
	 *   LlmCallError('aborted') when `signal` aborted the call.
	 */
	async complete(
		messages: ChatCompletionMessageParam[],
		opts: CompleteOptions = {}
	): Promise<Completion> {
		const promptChars = messages
			.map((m) => (typeof m.content === 'string' ? m.content : ''))
			.join('\n');
		const estimate = estimateTokens(promptChars) + this.s.LLM_MAX_OUTPUT_TOKENS;
		let last: LlmOutcome | null = null;
		try {
			return await this.retryPolicy.execute(async () => {
				await abortable(this.limiter.take(estimate), opts.signal);
				return this.breaker.execute(() =>
					this.timeoutPolicy.execute((_ctx, timeoutSignal) =>
						this.attempt(messages, promptChars, timeoutSignal, opts).catch((e) => {
							if (e instanceof LlmCallError) last = e.outcome;
							throw e;
						})
					)
				);
			}, opts.signal);
		} catch (e) {
			if (e instanceof BrokenCircuitError) throw new ProviderUnavailableError('breaker_open', last);
			if (e instanceof LlmCallError && e.outcome === 'aborted') throw e;
			if (opts.signal?.aborted) throw new LlmCallError('aborted', 'aborted');
			throw new ProviderUnavailableError('provider_error', last);
		}
	}

	private body(messages: ChatCompletionMessageParam[]): ChatCompletionCreateParamsBase {
		const body: ChatCompletionCreateParamsBase = {
			model: this.model,
			messages,
			// Reasoning models take max_completion_tokens and refuse max_tokens; others the reverse.
			[this.s.LLM_MAX_TOKENS_PARAM]: this.s.LLM_MAX_OUTPUT_TOKENS
		};
		if (this.s.LLM_RESPONSE_FORMAT === 'json_schema') {
			body.response_format = zodResponseFormat(modelReplySchema, 'rubric_feedback');
		} else if (this.s.LLM_RESPONSE_FORMAT === 'json_object') {
			body.response_format = { type: 'json_object' };
		}
		return body;
	}

	/** One HTTP attempt; records it through `opts.onCall`. @throws LlmCallError */
	private async attempt(
		messages: ChatCompletionMessageParam[],
		promptChars: string,
		timeoutSignal: AbortSignal,
		opts: CompleteOptions
	): Promise<Completion> {
		const started = performance.now();
		const idle = new AbortController();
		let stalled = false;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const arm = () => {
			clearTimeout(timer);
			timer = setTimeout(() => {
				stalled = true;
				idle.abort();
			}, this.s.LLM_STREAM_IDLE_MS);
		};
		const signals = [timeoutSignal, idle.signal, ...(opts.signal ? [opts.signal] : [])];
		const signal = AbortSignal.any(signals);
		const out: Completion = {
			content: '',
			refusal: null,
			finishReason: null,
			tokensIn: 0,
			tokensOut: 0
		};
		let usageReported = false;
		const record = (outcome: LlmOutcome, httpStatus: number | null) => {
			if (!usageReported) {
				out.tokensIn = estimateTokens(promptChars);
				out.tokensOut = estimateTokens(out.content + (out.refusal ?? ''));
			}
			opts.onCall?.({
				outcome,
				httpStatus,
				tokensIn: out.tokensIn,
				tokensOut: out.tokensOut,
				latencyMs: Math.round(performance.now() - started),
				cost: estimateCost(this.s.LLM_PRICES, this.model, out.tokensIn, out.tokensOut)
			});
		};
		try {
			if (this.s.LLM_STREAM) {
				arm();
				const stream = await this.client.chat.completions.create(
					{ ...this.body(messages), stream: true, stream_options: { include_usage: true } },
					{ signal }
				);
				for await (const chunk of stream) {
					arm();
					const choice = chunk.choices[0];
					if (choice?.delta?.content) out.content += choice.delta.content;
					if (choice?.delta?.refusal) out.refusal = (out.refusal ?? '') + choice.delta.refusal;
					if (choice?.finish_reason) out.finishReason = choice.finish_reason;
					if (chunk.usage) {
						usageReported = true;
						out.tokensIn = chunk.usage.prompt_tokens;
						out.tokensOut = chunk.usage.completion_tokens;
					}
					opts.onProgress?.(out.content.length);
				}
				// The SDK ends the iteration quietly when the signal aborts mid-stream.
				if (signal.aborted) throw new Error('stream aborted');
			} else {
				const res = await this.client.chat.completions.create(
					{ ...this.body(messages), stream: false },
					{ signal }
				);
				const choice = res.choices[0];
				out.content = choice?.message?.content ?? '';
				out.refusal = choice?.message?.refusal ?? null;
				out.finishReason = choice?.finish_reason ?? null;
				if (res.usage) {
					usageReported = true;
					out.tokensIn = res.usage.prompt_tokens;
					out.tokensOut = res.usage.completion_tokens;
				}
			}
			record('ok', 200);
			return out;
		} catch (e) {
			const err = classify(e, {
				stalled,
				timedOut: timeoutSignal.aborted,
				aborted: !!opts.signal?.aborted
			});
			record(err.outcome, err.httpStatus);
			throw err;
		} finally {
			clearTimeout(timer);
		}
	}
}

/** Waits for `p`, or rejects as soon as `signal` aborts (the queue slot is then simply unused). */
function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
	if (!signal) return p;
	if (signal.aborted) return Promise.reject(new LlmCallError('aborted', 'aborted'));
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(new LlmCallError('aborted', 'aborted'));
		signal.addEventListener('abort', onAbort, { once: true });
		p.then(
			(v) => {
				signal.removeEventListener('abort', onAbort);
				resolve(v);
			},
			(e) => {
				signal.removeEventListener('abort', onAbort);
				reject(e);
			}
		);
	});
}

function classify(
	e: unknown,
	flags: { stalled: boolean; timedOut: boolean; aborted: boolean }
): LlmCallError {
	if (flags.aborted) return new LlmCallError('aborted', 'aborted');
	if (flags.stalled) return new LlmCallError('stalled', 'stream went silent');
	if (flags.timedOut) return new LlmCallError('timeout', 'timed out');
	if (e instanceof APIUserAbortError) return new LlmCallError('aborted', 'aborted');
	if (e instanceof APIConnectionError) {
		return new LlmCallError(
			e.name === 'APIConnectionTimeoutError' ? 'timeout' : 'network',
			e.message
		);
	}
	if (e instanceof APIError && typeof e.status === 'number') {
		const outcome: LlmOutcome =
			e.status === 429 ? 'http_429' : e.status >= 500 ? 'http_5xx' : 'http_4xx';
		return new LlmCallError(outcome, e.message, e.status, retryAfterMs(e.headers));
	}
	return new LlmCallError('network', e instanceof Error ? e.message : String(e));
}
