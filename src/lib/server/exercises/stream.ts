import { subscribeFeedback, type FeedbackProgress } from '../feedback/events';
import { getFeedback } from '../feedback/store';
import type { Db } from '../db';

/** Open event streams, closed together on shutdown so the server does not wait for them. */
const open = new Set<() => void>();

/** The state a client compares with what it shows: on a difference it reloads the page data. */
export type StreamSnapshot = {
	jobState: string | null;
	/** Id of the feedback the page shows (model preferred), or null. */
	feedbackId: number | null;
	aiRetryPending: boolean;
};

/** The submission's current state for a stream's first event (and after a reconnect). */
export function snapshotOf(db: Db, submissionId: number): StreamSnapshot {
	const view = getFeedback(db, submissionId);
	return {
		jobState: view?.job?.state ?? null,
		feedbackId: view?.feedback?.id ?? null,
		aiRetryPending: view?.aiRetryPending ?? false
	};
}

/**
 * A server-sent event stream of one submission's feedback progress (the caller has checked
 * access): first `snapshot` (the current state), then every `progress` event of the pipeline
 * ({@link FeedbackProgress}), a comment line every `heartbeatMs` to keep proxies from closing it.
 * Ends when the client goes away (`signal`) or the server shuts down ({@link closeAllStreams}).
 */
export function feedbackStream(
	db: Db,
	submissionId: number,
	signal: AbortSignal,
	heartbeatMs = 15_000
): Response {
	const encoder = new TextEncoder();
	let cleanup = () => {};
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			let closed = false;
			const send = (text: string) => {
				if (closed) return;
				try {
					controller.enqueue(encoder.encode(text));
				} catch {
					cleanup();
				}
			};
			const event = (name: string, data: unknown) =>
				send(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
			const unsubscribe = subscribeFeedback(submissionId, (p: FeedbackProgress) =>
				event('progress', p)
			);
			const beat = setInterval(() => send(': keep-alive\n\n'), heartbeatMs);
			cleanup = () => {
				if (closed) return;
				closed = true;
				clearInterval(beat);
				unsubscribe();
				open.delete(cleanup);
				signal.removeEventListener('abort', cleanup);
				try {
					controller.close();
				} catch {
					/* already closed */
				}
			};
			open.add(cleanup);
			signal.addEventListener('abort', cleanup);
			send('retry: 3000\n\n');
			event('snapshot', snapshotOf(db, submissionId));
		},
		cancel() {
			cleanup();
		}
	});
	return new Response(body, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			'x-accel-buffering': 'no',
			connection: 'keep-alive'
		}
	});
}

/** Ends every open feedback stream (graceful shutdown); clients reconnect to the next server. */
export function closeAllStreams(): void {
	for (const close of [...open]) close();
}
