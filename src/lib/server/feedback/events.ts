import { EventEmitter } from 'node:events';

/**
 * Progress of a submission's feedback, for server-sent events:
 * - `queued`: the submission and its job are stored; `started`: a worker claimed the job;
 * - `calling`: a request to the provider is on its way; `streaming`: `chars` of reply received;
 * - `feedback`: a feedback row was written (`source` model or offline; offline may be followed by
 *   the model's when `aiRetryAt` is set); `done`: the job finished; `failed`: it gave up (`reason`).
 */
export type FeedbackProgress =
	| { submissionId: number; jobId: number; stage: 'queued' | 'started' | 'calling' }
	| { submissionId: number; jobId: number; stage: 'streaming'; chars: number }
	| {
			submissionId: number;
			jobId: number;
			stage: 'feedback';
			feedbackId: number;
			source: 'model' | 'offline';
			aiRetryAt: number | null;
	  }
	| { submissionId: number; jobId: number; stage: 'done' }
	| { submissionId: number; jobId: number; stage: 'failed'; reason: string };

class FeedbackEvents extends EventEmitter<{ progress: [FeedbackProgress] }> {}

/** Process-wide progress bus (one server process). Listeners must not throw. */
export const feedbackEvents = new FeedbackEvents();
feedbackEvents.setMaxListeners(0);

/** Emits a progress event. */
export function emitProgress(p: FeedbackProgress): void {
	feedbackEvents.emit('progress', p);
}

/**
 * Calls `listener` with every progress event of one submission until the returned function is
 * called (an SSE endpoint unsubscribes when the client disconnects).
 */
export function subscribeFeedback(
	submissionId: number,
	listener: (p: FeedbackProgress) => void
): () => void {
	const handler = (p: FeedbackProgress) => {
		if (p.submissionId === submissionId) listener(p);
	};
	feedbackEvents.on('progress', handler);
	return () => feedbackEvents.off('progress', handler);
}
