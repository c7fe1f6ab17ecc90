import { z } from 'zod';

const DAY_MS = 24 * 60 * 60 * 1000;

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const bool = (fallback: boolean) =>
	z
		.enum(['true', 'false', '1', '0'])
		.default(fallback ? 'true' : 'false')
		.transform((v) => v === 'true' || v === '1');

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
		/** Test-only: skip the content sync and the admin bootstrap message. */
		CASEBOOK_QUIET: bool(false)
	})
	.superRefine((cfg, ctx) => {
		if (cfg.SESSION_RENEW_MS >= cfg.SESSION_TTL_MS) {
			ctx.addIssue({
				code: 'custom',
				path: ['SESSION_RENEW_MS'],
				message: 'must be less than SESSION_TTL_MS'
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

export type Config = z.infer<typeof configSchema> & { ORIGIN: string };

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
 * without the adapter-node ORIGIN pitfall (it otherwise assumes https).
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
	return { ...cfg, ORIGIN: (cfg.ORIGIN ?? `http://localhost:${cfg.PORT}`).replace(/\/$/, '') };
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
