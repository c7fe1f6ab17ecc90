import { dirname, join } from 'node:path';
import { z } from 'zod';

const DAY_MS = 24 * 60 * 60 * 1000;

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const bool = (fallback: boolean) =>
	z
		.enum(['true', 'false', '1', '0'])
		.default(fallback ? 'true' : 'false')
		.transform((v) => v === 'true' || v === '1');

const priceTableSchema = z.record(
	z.string(),
	z.object({ input: z.number().min(0), output: z.number().min(0) })
);

function safeJson(s: string): unknown {
	try {
		return JSON.parse(s);
	} catch {
		return undefined;
	}
}

/**
 * The environment variables Casebook reads, validated once at start.
 * Every duration is in milliseconds so tests can shrink it.
 * Later features add their variables here (and to README.md's configuration table).
 */
export const configSchema = z
	.object({
		NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
		PORT: int(3000, 1).refine((p) => p <= 65535, 'must be a port number (1–65535)'),
		ORIGIN: z
			.url({
				protocol: /^https?$/,
				error: 'must be an absolute http(s) URL such as http://localhost:3000'
			})
			.optional(),
		DATABASE_URL: z.string().min(1).default('./data/casebook.db'),
		MIGRATIONS_DIR: z.string().min(1).default('./migrations'),
		CONTENT_DIR: z.string().min(1).default('./cases'),
		LOG_LEVEL: z
			.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
			.default('info'),
		/** Sliding session lifetime (Lucia guide: 30 days, renewed in the last 15). */
		SESSION_TTL_MS: int(30 * DAY_MS, 60_000),
		SESSION_RENEW_MS: int(15 * DAY_MS, 1_000),
		/** Absolute lifetime from sign-in, whatever the activity. */
		SESSION_ABSOLUTE_MS: int(90 * DAY_MS, 60_000),
		/** Failed sign-ins allowed per account, and per IP, within the window. A classroom behind one NAT shares an IP. */
		RATE_LIMIT_WINDOW_MS: int(15 * 60_000, 1_000),
		RATE_LIMIT_LOGIN_PER_ACCOUNT: int(10, 1),
		RATE_LIMIT_LOGIN_PER_IP: int(300, 1),
		RATE_LIMIT_REGISTER_PER_IP: int(100, 1),
		/** Password-reset requests (self-service, by email) per address and per IP, within the window. */
		RATE_LIMIT_RESET_PER_EMAIL: int(3, 1),
		RATE_LIMIT_RESET_PER_IP: int(30, 1),
		/** Lifetime of a password-reset link (default 1 hour). */
		RESET_TOKEN_TTL_MS: int(60 * 60_000, 1_000),
		/**
		 * Outgoing mail for self-service password reset, e.g. smtp://user:pass@mail.example.org:587
		 * or smtps://…:465 (nodemailer URL; query options such as ?ignoreTLS=true pass through).
		 * Unset: no mail is sent and only admins can issue reset links.
		 */
		SMTP_URL: z
			.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })
			.optional(),
		/** Sender of Casebook's mail, e.g. "Casebook <noreply@example.org>"; required with SMTP_URL. */
		MAIL_FROM: z.string().min(3).max(200).optional(),
		/** Largest request body accepted, in bytes (a clear page answers larger ones). */
		MAX_BODY_BYTES: int(1_048_576, 1_024),
		/** Email of the admin created on first start when none exists. */
		ADMIN_EMAIL: z.email().default('admin@casebook.local'),
		/** Argon2id cost; lower only in tests (the floor here is OWASP's minimum). */
		ARGON2_MEMORY_KIB: int(19_456, 19_456),
		ARGON2_TIME_COST: int(2, 2),
		DEFAULT_TIME_ZONE: z
			.string()
			.default('Asia/Shanghai')
			.refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai'),
		/** Q&A forum: how long after posting an author may still edit (instructors always may). */
		FORUM_EDIT_WINDOW_MS: int(24 * 60 * 60_000, 0),
		/** Q&A forum: an account younger than this is "new": fewer posts per window and fewer links. */
		FORUM_NEW_ACCOUNT_MS: int(3 * DAY_MS, 0),
		/** Q&A forum: window of the posting and flagging limits below. */
		FORUM_RATE_WINDOW_MS: int(10 * 60_000, 1_000),
		/** Questions, answers and comments one account may post per window. */
		FORUM_POSTS_PER_WINDOW: int(30, 1),
		/** The same for new accounts. */
		FORUM_NEW_POSTS_PER_WINDOW: int(5, 1),
		/** Links (and images) a new account may put in one post. */
		FORUM_NEW_MAX_LINKS: int(2, 0),
		/** Flags one account may raise per window. */
		FORUM_FLAGS_PER_WINDOW: int(20, 1),
		/** Longest question or answer body, and longest comment, in characters. */
		FORUM_BODY_MAX_CHARS: int(20_000, 100),
		FORUM_COMMENT_MAX_CHARS: int(600, 50),
		/**
		 * Bearer token for `GET /metrics` (Prometheus). Unset: the endpoint answers 404. At least 16
		 * characters; compare it in constant time (src/lib/server/metrics/endpoint.ts).
		 */
		METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
		/** Folder of backup files (scheduled and made on /admin/backups); default `<database folder>/backups`. */
		BACKUP_DIR: z.string().min(1).optional(),
		/** Interval between scheduled backups; 0 (the default) = no scheduled backups. */
		BACKUP_INTERVAL_MS: int(0).refine(
			(v) => v === 0 || v >= 1_000,
			'must be 0 (off) or at least 1000 ms'
		),
		/** How many scheduled backups to keep (oldest removed first); manual ones are never removed. */
		BACKUP_KEEP: int(7, 1),
		/**
		 * LLM provider (any OpenAI-compatible Chat Completions endpoint). With no base URL or no model,
		 * feedback comes from the offline rubric check. A key is optional (local servers need none).
		 */
		LLM_BASE_URL: z
			.url({
				protocol: /^https?$/,
				error: 'must be an http(s) URL such as https://api.openai.com/v1'
			})
			.optional(),
		LLM_API_KEY: z.string().optional(),
		/**
		 * Who receives answers for AI feedback, as learners are told before submitting (e.g.
		 * "DeepSeek (Hangzhou DeepSeek AI)"); defaults to the host of LLM_BASE_URL.
		 */
		LLM_PROVIDER_NAME: z.string().trim().min(1).max(200).optional(),
		LLM_MODEL: z.string().optional(),
		/** json_schema (strict structured output), json_object (JSON mode) or prompt (instructions only). */
		LLM_RESPONSE_FORMAT: z.enum(['json_schema', 'json_object', 'prompt']).default('json_schema'),
		/** Stream replies (progress and the inactivity timer); false for providers without streaming. */
		LLM_STREAM: bool(true),
		LLM_MAX_OUTPUT_TOKENS: int(2_000, 64),
		/**
		 * Request field that carries LLM_MAX_OUTPUT_TOKENS: `max_tokens` (most OpenAI-compatible
		 * providers) or `max_completion_tokens` (OpenAI's reasoning models, which refuse `max_tokens`).
		 */
		LLM_MAX_TOKENS_PARAM: z.enum(['max_tokens', 'max_completion_tokens']).default('max_tokens'),
		/** Timeout of one attempt (the whole reply), and the longest silence allowed inside a streamed reply. */
		LLM_TIMEOUT_MS: int(120_000, 1),
		LLM_STREAM_IDLE_MS: int(15_000, 1),
		/** Retries after the first attempt; backoff with jitter from BASE up to MAX, Retry-After honoured up to MAX. */
		LLM_RETRIES: int(3, 0),
		LLM_RETRY_BASE_MS: int(1_000, 0),
		LLM_RETRY_MAX_MS: int(30_000, 0),
		/** Consecutive failed calls that open the circuit breaker, and how long it stays open. */
		LLM_BREAKER_FAILURES: int(5, 1),
		LLM_BREAKER_OPEN_MS: int(30_000, 1),
		/** Provider rate limits applied by the queue: requests and tokens per window (default 1 minute). */
		LLM_RPM: int(60, 1),
		LLM_TPM: int(200_000, 1),
		LLM_RATE_WINDOW_MS: int(60_000, 1),
		/** AI feedback requests per learner per day (0 = none), and the global daily budget (currency units; unset = no limit); the day is the site's (default time zone setting). */
		LLM_DAILY_QUOTA_PER_LEARNER: int(20, 0),
		LLM_DAILY_BUDGET: z.coerce.number().min(0).optional(),
		/**
		 * Price table, JSON: {"model-name": {"input": 0.27, "output": 1.10}} in LLM_PRICE_CURRENCY per
		 * 1M tokens. Unlisted models cost 0 (the budget then cannot stop them).
		 */
		LLM_PRICES: z
			.string()
			.default('{}')
			.transform((s, ctx) => {
				const parsed = priceTableSchema.safeParse(safeJson(s));
				if (!parsed.success) {
					ctx.addIssue({
						code: 'custom',
						message: 'must be JSON like {"model": {"input": 0.5, "output": 1.5}} (per 1M tokens)'
					});
					return z.NEVER;
				}
				return parsed.data;
			}),
		LLM_PRICE_CURRENCY: z.string().min(1).default('USD'),
		/** Feedback worker: idle poll, job lease (renewed while working), parallel jobs. */
		FEEDBACK_POLL_MS: int(2_000, 1),
		/** Q&A threads ranked per search: the most recent matches only (src/lib/server/search). */
		SEARCH_RANK_LIMIT: int(200, 1),
		FEEDBACK_LEASE_MS: int(180_000, 10),
		FEEDBACK_CONCURRENCY: int(2, 1),
		/** After an offline fallback caused by provider trouble, the AI is retried after this delay. */
		FEEDBACK_AI_RETRY_MS: int(10 * 60_000, 0),
		/** Claims of one job before its last offline result stands. */
		FEEDBACK_MAX_ATTEMPTS: int(5, 1),
		/** Longest answer accepted, in characters. */
		FEEDBACK_MAX_ANSWER_CHARS: int(20_000, 100),
		/** Batch regrades: at most this many of their feedback jobs open at once; feeder poll. */
		REGRADE_WINDOW: int(4, 1),
		REGRADE_POLL_MS: int(5_000, 10),
		/** Exercise writes (autosaves, previews, submissions) per learner per minute. */
		RATE_LIMIT_EXERCISE_WRITES_PER_MIN: int(300, 1),
		/** Quiz actions (start, save, submit; autosave sends one per change) per user per minute. */
		RATE_LIMIT_QUIZ_ACTIONS_PER_MIN: int(240, 1),
		/** Invite codes tried (joining a cohort from /account) per user within RATE_LIMIT_WINDOW_MS. */
		RATE_LIMIT_COHORT_JOIN_PER_ACCOUNT: int(20, 1),
		/**
		 * Window (ms, rounded up to whole seconds) of the grading limits below: batch regrade starts and
		 * cancels per instructor, regrade requests and private-thread comments per user.
		 */
		RATE_LIMIT_REGRADE_WINDOW_MS: int(60 * 60_000, 1_000),
		/** Batch regrade actions (start, cancel on /instructor/regrade) per instructor per window. */
		RATE_LIMIT_REGRADE_BATCHES: int(20, 1),
		/** Regrade requests (asked or refused) per learner per window. */
		RATE_LIMIT_REGRADE_REQUESTS: int(10, 1),
		/** Comments in submissions' private threads per user per window. */
		RATE_LIMIT_THREAD_COMMENTS: int(60, 1),
		/**
		 * Grace period after a timed quiz's deadline within which a submit still counts in full
		 * (network, a slow click); after it the answers saved so far are graded.
		 */
		QUIZ_GRACE_MS: int(60_000, 0),
		/** Longest a lab's schema check (compile + hidden samples, in a worker thread) may run, ms. */
		LAB_CHECK_TIMEOUT_MS: int(3_000, 100),
		/** Lab submissions per learner per minute. */
		RATE_LIMIT_LAB_SUBMITS_PER_MIN: int(30, 1),
		/** Test-only: skip the content sync and the admin bootstrap message. */
		CASEBOOK_QUIET: bool(false),
		/**
		 * Benchmark mode (`npm run bench` sets it; never in production): every response carries
		 * `x-sql-statements` (SQL statements run while answering it) and `/bench/baseline` serves the
		 * minimal page the benchmark compares with. Off: that page is a 404 and nothing is counted.
		 */
		BENCH: bool(false)
	})
	.superRefine((cfg, ctx) => {
		if (cfg.SESSION_RENEW_MS >= cfg.SESSION_TTL_MS) {
			ctx.addIssue({
				code: 'custom',
				path: ['SESSION_RENEW_MS'],
				message: 'must be less than SESSION_TTL_MS'
			});
		}
		if (cfg.LLM_RETRY_BASE_MS > cfg.LLM_RETRY_MAX_MS) {
			ctx.addIssue({
				code: 'custom',
				path: ['LLM_RETRY_BASE_MS'],
				message: 'must not exceed LLM_RETRY_MAX_MS'
			});
		}
		if (cfg.SMTP_URL && !cfg.MAIL_FROM) {
			ctx.addIssue({
				code: 'custom',
				path: ['MAIL_FROM'],
				message: 'is required when SMTP_URL is set (the sender address of reset mail)'
			});
		}
	});

export type Config = z.infer<typeof configSchema> & { ORIGIN: string; BACKUP_DIR: string };

/** Thrown by {@link loadConfig}; its message names every bad variable. */
export class ConfigError extends Error {
	constructor(public readonly problems: string[]) {
		super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'ConfigError';
	}
}

/** True when `tz` is an IANA time zone this runtime knows (e.g. "Asia/Shanghai"). */
export function isTimeZone(tz: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: tz });
		return tz.length > 0;
	} catch {
		return false;
	}
}

/**
 * Validates `env` (normally `process.env`) into a typed config.
 * ORIGIN defaults to `http://localhost:$PORT`, so `npm start` accepts form posts
 * without the adapter-node ORIGIN pitfall (it otherwise assumes https). BACKUP_DIR defaults to a
 * `backups` folder beside the database file.
 * @throws ConfigError naming each invalid variable and why.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
	const cleaned = Object.fromEntries(
		Object.entries(env).filter(([, v]) => v !== undefined && v !== '')
	);
	const result = configSchema.safeParse(cleaned);
	if (!result.success) {
		throw new ConfigError(
			result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
		);
	}
	const cfg = result.data;
	return {
		...cfg,
		ORIGIN: (cfg.ORIGIN ?? `http://localhost:${cfg.PORT}`).replace(/\/$/, ''),
		BACKUP_DIR: cfg.BACKUP_DIR ?? join(dirname(cfg.DATABASE_URL), 'backups')
	};
}

let cached: Config | undefined;

/** The process-wide config, loaded from `process.env` on first use. @throws ConfigError */
export function getConfig(): Config {
	cached ??= loadConfig(process.env);
	return cached;
}

/** Test helper: forget the cached config so the next {@link getConfig} re-reads the environment. */
export function resetConfig(): void {
	cached = undefined;
}
