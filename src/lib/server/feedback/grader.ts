import type { OfflineReason } from '../db/schema/feedback';
import {
	ProviderUnavailableError,
	type CallRecord,
	type Completion,
	type LlmProvider
} from './llm-client';
import { PROMPT_VERSION, current as prompt } from './prompts';
import { finaliseModelReply, InvalidReplyError, parseModelReply, type ModelReply } from './reply';
import type { FeedbackResult } from './result';
import type { FeedbackLocale, Rubric } from './rubric';

/** Why the model gave no usable feedback; `retryLater` when the provider itself was the trouble. */
export type ModelFailure = { reason: OfflineReason; retryLater: boolean; detail: string };

export type GradeOptions = {
	signal?: AbortSignal;
	/** Every provider call, with its purpose (first request or the one repair). */
	onCall?: (record: CallRecord, purpose: 'feedback' | 'repair') => void;
	onProgress?: (chars: number) => void;
};

/**
 * Asks the model for rubric feedback on one answer and returns it finalised by code (levels clamped,
 * totals computed, quotes verified), or why it could not. A malformed or fenced reply, a refusal or a
 * length cut gets ONE repair request; if that fails too, the failure is `invalid_reply`. Provider
 * trouble (breaker open, retries exhausted) is returned with `retryLater: true`.
 * @throws LlmCallError('aborted') when `opts.signal` aborted it.
 */
export async function gradeWithModel(
	provider: LlmProvider,
	rubric: Rubric,
	answer: string,
	locale: FeedbackLocale,
	opts: GradeOptions = {}
): Promise<{ ok: true; result: FeedbackResult } | ({ ok: false } & ModelFailure)> {
	const messages = prompt.buildMessages(rubric, answer, locale);
	const ctx = { locale, model: provider.model, promptVersion: PROMPT_VERSION };
	let problem: InvalidReplyError;
	const raw = { text: '' };
	try {
		const first = await call(provider, messages, rubric, 'feedback', opts, raw);
		return { ok: true, result: finaliseModelReply(first, rubric, answer, ctx) };
	} catch (e) {
		const failure = unavailable(e);
		if (failure) return failure;
		problem = e as InvalidReplyError;
	}
	try {
		const repairMessages = prompt.buildRepairMessages(messages, {
			kind: problem.kind,
			detail: problem.message,
			reply: raw.text
		});
		const second = await call(provider, repairMessages, rubric, 'repair', opts, raw);
		return { ok: true, result: finaliseModelReply(second, rubric, answer, ctx) };
	} catch (e) {
		const failure = unavailable(e);
		if (failure) return failure;
		return {
			ok: false,
			reason: 'invalid_reply',
			retryLater: false,
			detail: `${problem.kind}, then ${(e as InvalidReplyError).kind}`
		};
	}
}

/** Maps provider trouble to a failure; rethrows aborts and anything unexpected; null for bad replies. */
function unavailable(e: unknown): ({ ok: false } & ModelFailure) | null {
	if (e instanceof ProviderUnavailableError) {
		return { ok: false, reason: e.reason, retryLater: true, detail: e.message };
	}
	if (e instanceof InvalidReplyError) return null;
	throw e; // LlmCallError('aborted') or a bug
}

/**
 * Sends one request (with the client's retries), judges the reply, and records the successful HTTP
 * call with the judged outcome (ok, refusal, length, invalid). Failed attempts are recorded as they
 * happen. Returns the validated reply and the raw text.
 * @throws InvalidReplyError; ProviderUnavailableError; LlmCallError('aborted').
 */
async function call(
	provider: LlmProvider,
	messages: Parameters<LlmProvider['complete']>[0],
	rubric: Rubric,
	purpose: 'feedback' | 'repair',
	opts: GradeOptions,
	raw: { text: string }
): Promise<ModelReply> {
	let okRecord: CallRecord | null = null;
	const completion = await provider.complete(messages, {
		signal: opts.signal,
		onProgress: opts.onProgress,
		onCall: (r) => {
			if (r.outcome === 'ok') okRecord = r;
			else opts.onCall?.(r, purpose);
		}
	});
	raw.text = completion.content;
	const record = okRecord as CallRecord | null;
	try {
		const reply = judge(completion, rubric);
		if (record) opts.onCall?.(record, purpose);
		return reply;
	} catch (e) {
		if (record && e instanceof InvalidReplyError) {
			const outcome = e.kind === 'malformed' ? 'invalid' : e.kind;
			opts.onCall?.({ ...record, outcome }, purpose);
		}
		throw e;
	}
}

/** The reply's content as a validated reply. @throws InvalidReplyError */
function judge(c: Completion, rubric: Rubric): ModelReply {
	if (c.refusal || c.finishReason === 'content_filter') {
		throw new InvalidReplyError('refusal', 'the model refused');
	}
	if (c.finishReason === 'length') throw new InvalidReplyError('length', 'the reply was cut off');
	return parseModelReply(c.content, rubric);
}
