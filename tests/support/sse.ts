/** One server-sent event: its name and parsed JSON data. */
export type SseEvent = { event: string; data: unknown };

/**
 * Reads the server-sent events of `url` (with `cookie`) until `until` returns true for one of them,
 * then closes the stream; returns every event read. Rejects when the stream ends first.
 */
export async function readEvents(
	url: string,
	cookie: string,
	until: (e: SseEvent) => boolean
): Promise<SseEvent[]> {
	const controller = new AbortController();
	const res = await fetch(url, {
		headers: { cookie, accept: 'text/event-stream' },
		signal: controller.signal
	});
	if (!res.ok || !res.body) throw new Error(`event stream answered ${res.status}`);
	const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
	const events: SseEvent[] = [];
	let buffer = '';
	try {
		for (;;) {
			const { value, done } = await reader.read();
			if (done) throw new Error(`event stream ended after ${JSON.stringify(events)}`);
			buffer += value;
			let end: number;
			while ((end = buffer.indexOf('\n\n')) >= 0) {
				const block = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				const name = /^event: (.*)$/m.exec(block)?.[1];
				const data = /^data: (.*)$/m.exec(block)?.[1];
				if (!name || data === undefined) continue;
				const e = { event: name, data: JSON.parse(data) };
				events.push(e);
				if (until(e)) return events;
			}
		}
	} finally {
		controller.abort();
	}
}

/** True for the event that says a submission's feedback job finished (or had already finished). */
export function feedbackFinished(e: SseEvent): boolean {
	const d = e.data as { stage?: string; jobState?: string };
	if (e.event === 'snapshot') return d.jobState === 'done' || d.jobState === 'failed';
	return d.stage === 'done' || d.stage === 'failed';
}
