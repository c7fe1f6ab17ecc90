import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { getConfig } from '../config';

/**
 * Sign-in and registration limits, counted with rate-limiter-flexible in process memory
 * (one server process; see README). Keys are the normalised email and the client address that
 * adapter-node reports (it trusts X-Forwarded-For only when ADDRESS_HEADER is configured).
 * Limits and the window come from RATE_LIMIT_* (ms); generous per IP, since a classroom behind
 * one NAT shares an address.
 */
type Limiters = {
	loginAccount: RateLimiterMemory;
	loginIp: RateLimiterMemory;
	registerIp: RateLimiterMemory;
	resetEmail: RateLimiterMemory;
	resetIp: RateLimiterMemory;
};
let limiters: Limiters | undefined;

function get(): Limiters {
	if (!limiters) {
		const cfg = getConfig();
		const duration = Math.max(1, Math.ceil(cfg.RATE_LIMIT_WINDOW_MS / 1000));
		limiters = {
			loginAccount: new RateLimiterMemory({
				keyPrefix: 'login-acct',
				points: cfg.RATE_LIMIT_LOGIN_PER_ACCOUNT,
				duration
			}),
			loginIp: new RateLimiterMemory({
				keyPrefix: 'login-ip',
				points: cfg.RATE_LIMIT_LOGIN_PER_IP,
				duration
			}),
			registerIp: new RateLimiterMemory({
				keyPrefix: 'register-ip',
				points: cfg.RATE_LIMIT_REGISTER_PER_IP,
				duration
			}),
			resetEmail: new RateLimiterMemory({
				keyPrefix: 'reset-email',
				points: cfg.RATE_LIMIT_RESET_PER_EMAIL,
				duration
			}),
			resetIp: new RateLimiterMemory({
				keyPrefix: 'reset-ip',
				points: cfg.RATE_LIMIT_RESET_PER_IP,
				duration
			})
		};
	}
	return limiters;
}

/** Result of a limit check: allowed, or refused with the wait in ms. */
export type LimitResult = { ok: true } | { ok: false; retryAfterMs: number };

async function consume(limiter: RateLimiterMemory, key: string): Promise<LimitResult> {
	try {
		await limiter.consume(key);
		return { ok: true };
	} catch (e) {
		if (e instanceof RateLimiterRes) return { ok: false, retryAfterMs: e.msBeforeNext };
		throw e;
	}
}

async function peek(limiter: RateLimiterMemory, key: string): Promise<LimitResult> {
	const res = await limiter.get(key);
	if (res && res.remainingPoints <= 0) return { ok: false, retryAfterMs: res.msBeforeNext };
	return { ok: true };
}

/** Before a sign-in attempt: refused when the IP or the account has used up its failures. */
export async function checkLoginAllowed(ip: string, email: string): Promise<LimitResult> {
	const l = get();
	const byIp = await peek(l.loginIp, ip);
	if (!byIp.ok) return byIp;
	return peek(l.loginAccount, email);
}

/** Counts one failed sign-in against the IP and the account. */
export async function recordLoginFailure(ip: string, email: string): Promise<void> {
	const l = get();
	await Promise.all([consume(l.loginIp, ip), consume(l.loginAccount, email)]);
}

/** Clears the account's failure count after a successful sign-in. */
export async function recordLoginSuccess(email: string): Promise<void> {
	await get().loginAccount.delete(email);
}

/** Counts one registration attempt from `ip`; refused past RATE_LIMIT_REGISTER_PER_IP per window. */
export async function consumeRegistration(ip: string): Promise<LimitResult> {
	return consume(get().registerIp, ip);
}

/**
 * Counts one password-reset request against the IP and the (normalised) email, registered or not,
 * so being limited says nothing about whether an account exists. Refused past
 * RATE_LIMIT_RESET_PER_IP / RATE_LIMIT_RESET_PER_EMAIL per window.
 */
export async function consumePasswordResetRequest(ip: string, email: string): Promise<LimitResult> {
	const l = get();
	const byIp = await consume(l.resetIp, ip);
	if (!byIp.ok) return byIp;
	return consume(l.resetEmail, email);
}

/** Test helper: forget all counters (and re-read the config next time). */
export function resetRateLimits(): void {
	limiters = undefined;
}
