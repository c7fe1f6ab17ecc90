import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Rubric } from '../../src/lib/server/feedback/rubric';

/** A request the fake provider received: parsed JSON body, headers, arrival time (ms since epoch). */
export type FakeRequest = {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	body: {
		model?: string;
		stream?: boolean;
		messages?: Array<{ role: string; content: string }>;
		response_format?: { type: string; json_schema?: { name: string; strict?: boolean } };
		[k: string]: unknown;
	};
	at: number;
};

/** How the fake answers one request. It may write anything, slowly, or never finish. */
export type FakeHandler = (req: FakeRequest, res: ServerResponse) => void | Promise<void>;

/**
 * A scriptable OpenAI-compatible Chat Completions server on 127.0.0.1 (plain node:http), for driving
 * the real `openai` client through every failure the pipeline must survive. Handlers queued with
 * {@link enqueue} answer requests in order; when the queue is empty the default handler answers.
 */
export class FakeLlm {
	readonly requests: FakeRequest[] = [];
	private readonly queue: FakeHandler[] = [];
	private fallback: FakeHandler = replies.status(500, {
		error: { message: 'no handler scripted' }
	});
	private readonly sockets = new Set<Socket>();
	private readonly server = createServer((req, res) => {
		let raw = '';
		req.on('data', (d) => (raw += d));
		req.on('end', () => {
			const request: FakeRequest = {
				method: req.method ?? '',
				path: req.url ?? '',
				headers: req.headers,
				body: raw ? JSON.parse(raw) : {},
				at: Date.now()
			};
			this.requests.push(request);
			const handler = this.queue.shift() ?? this.fallback;
			void Promise.resolve(handler(request, res)).catch(() => res.destroy());
		});
	});
	url = '';

	private constructor() {
		this.server.on('connection', (s) => {
			this.sockets.add(s);
			s.on('close', () => this.sockets.delete(s));
		});
	}

	/** Starts a fake on a free port; `url` is the base URL to give the client (…/v1). */
	static async start(): Promise<FakeLlm> {
		const fake = new FakeLlm();
		await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
		const addr = fake.server.address();
		if (!addr || typeof addr === 'string') throw new Error('no address');
		fake.url = `http://127.0.0.1:${addr.port}/v1`;
		return fake;
	}

	/** Answers the next requests with these handlers, in order. */
	enqueue(...handlers: FakeHandler[]): this {
		this.queue.push(...handlers);
		return this;
	}

	/** Answers every request not scripted by {@link enqueue}. */
	setDefault(handler: FakeHandler): this {
		this.fallback = handler;
		return this;
	}

	/** Requests to the chat completions endpoint so far. */
	get calls(): FakeRequest[] {
		return this.requests.filter((r) => r.path.endsWith('/chat/completions'));
	}

	/** Stops listening and cuts every open connection (hanging handlers included). */
	async close(): Promise<void> {
		for (const s of this.sockets) s.destroy();
		await new Promise<void>((r) => this.server.close(() => r()));
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let seq = 0;

type ReplyOptions = {
	finishReason?: 'stop' | 'length' | 'content_filter';
	refusal?: string;
	usage?: { prompt_tokens: number; completion_tokens: number } | null;
	/** Wait before the response headers. */
	delayMs?: number;
	/** Stream: characters per chunk and wait between chunks. */
	chunkChars?: number;
	chunkDelayMs?: number;
	/** Stream: stop sending (without ending the response) after this many chunks. */
	stallAfterChunks?: number;
};

function completionJson(content: string, o: ReplyOptions, model: string) {
	return {
		id: `chatcmpl-fake-${++seq}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [
			{
				index: 0,
				message: {
					role: 'assistant',
					content: o.refusal ? null : content,
					refusal: o.refusal ?? null
				},
				finish_reason: o.finishReason ?? 'stop',
				logprobs: null
			}
		],
		usage:
			o.usage === null
				? undefined
				: {
						prompt_tokens: o.usage?.prompt_tokens ?? 1000,
						completion_tokens: o.usage?.completion_tokens ?? 200,
						total_tokens: (o.usage?.prompt_tokens ?? 1000) + (o.usage?.completion_tokens ?? 200)
					}
	};
}

/** Handler builders for {@link FakeLlm}. */
export const replies = {
	/**
	 * A completion whose message content is `content` (objects are JSON-encoded). Streams as SSE
	 * chunks when the request asked for `stream: true`, else one JSON body.
	 */
	content(content: string | object, o: ReplyOptions = {}): FakeHandler {
		const text = typeof content === 'string' ? content : JSON.stringify(content);
		return async (req, res) => {
			if (o.delayMs) await sleep(o.delayMs);
			const model = req.body.model ?? 'fake';
			const full = completionJson(text, o, model);
			if (!req.body.stream) {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify(full));
				return;
			}
			res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
			const base = { id: full.id, object: 'chat.completion.chunk', created: full.created, model };
			const send = (obj: unknown) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
			send({
				...base,
				choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]
			});
			const size = o.chunkChars ?? 40;
			const pieces: Array<{ content?: string; refusal?: string }> = [];
			const body = o.refusal ?? text;
			for (let i = 0; i < body.length; i += size) {
				const piece = body.slice(i, i + size);
				pieces.push(o.refusal ? { refusal: piece } : { content: piece });
			}
			let n = 0;
			for (const delta of pieces) {
				if (o.stallAfterChunks !== undefined && n >= o.stallAfterChunks) return; // silent, never ends
				if (o.chunkDelayMs) await sleep(o.chunkDelayMs);
				send({ ...base, choices: [{ index: 0, delta, finish_reason: null }] });
				n++;
			}
			if (o.stallAfterChunks !== undefined && n >= o.stallAfterChunks) return;
			send({
				...base,
				choices: [{ index: 0, delta: {}, finish_reason: o.finishReason ?? 'stop' }]
			});
			if (full.usage) send({ ...base, choices: [], usage: full.usage });
			res.end('data: [DONE]\n\n');
		};
	},

	/** An HTTP error (e.g. 429 with `retry-after`, 500, 401). */
	status(
		code: number,
		body: object = { error: { message: `status ${code}` } },
		headers: Record<string, string> = {}
	): FakeHandler {
		return (_req, res) => {
			res.writeHead(code, { 'content-type': 'application/json', ...headers });
			res.end(JSON.stringify(body));
		};
	},

	/** Never answers (until the fake closes): the client's timeout must fire. */
	hang(): FakeHandler {
		return () => {};
	}
};

/**
 * A well-formed grading reply for `rubric`: `levels` by criterion id (default: each criterion's
 * highest), evidence quotes by criterion id (default none), in the prompt v1 shape.
 */
export function gradingReply(
	rubric: Rubric,
	levels: Record<string, number> = {},
	evidence: Record<string, string[]> = {},
	summary = 'Solid answer.'
) {
	return {
		criteria: rubric.criteria.map((c) => ({
			criterion_id: c.id,
			level: levels[c.id] ?? Math.max(...c.levels.map((l) => l.level)),
			evidence: evidence[c.id] ?? [],
			missing: ['more detail'],
			suggestion: 'Add concrete numbers.'
		})),
		summary
	};
}
