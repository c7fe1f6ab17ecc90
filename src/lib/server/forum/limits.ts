import { eq } from 'drizzle-orm';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../db';
import { users } from '../db/schema';
import { getConfig } from '../config';
import type { LimitResult } from '../auth/rate-limit';
import { isModerator, type ForumActor } from './access';
import { ForumError } from './errors';

/**
 * Forum posting limits, counted per account with rate-limiter-flexible in process memory (one
 * server process), like the sign-in limits in ../auth/rate-limit.ts. Within FORUM_RATE_WINDOW_MS an
 * account posts at most FORUM_POSTS_PER_WINDOW questions, answers and comments together, a new
 * account (younger than FORUM_NEW_ACCOUNT_MS) at most FORUM_NEW_POSTS_PER_WINDOW, and flags at most
 * FORUM_FLAGS_PER_WINDOW. Instructors and admins are never "new".
 */
type Limiters = { posts: RateLimiterMemory; newPosts: RateLimiterMemory; flags: RateLimiterMemory };
let limiters: Limiters | undefined;

function get(): Limiters {
	if (!limiters) {
		const cfg = getConfig();
		const duration = Math.max(1, Math.ceil(cfg.FORUM_RATE_WINDOW_MS / 1000));
		limiters = {
			posts: new RateLimiterMemory({
				keyPrefix: 'forum-posts',
				points: cfg.FORUM_POSTS_PER_WINDOW,
				duration
			}),
			newPosts: new RateLimiterMemory({
				keyPrefix: 'forum-new-posts',
				points: cfg.FORUM_NEW_POSTS_PER_WINDOW,
				duration
			}),
			flags: new RateLimiterMemory({
				keyPrefix: 'forum-flags',
				points: cfg.FORUM_FLAGS_PER_WINDOW,
				duration
			})
		};
	}
	return limiters;
}

async function consume(limiter: RateLimiterMemory, key: string): Promise<LimitResult> {
	try {
		await limiter.consume(key);
		return { ok: true };
	} catch (e) {
		if (e instanceof RateLimiterRes) return { ok: false, retryAfterMs: e.msBeforeNext };
		throw e;
	}
}

/**
 * True when the account is younger than FORUM_NEW_ACCOUNT_MS (ms) at `now` and is not a
 * moderator. A missing account counts as new.
 */
export function isNewAccount(db: Db, user: ForumActor, now = new Date()): boolean {
	if (isModerator(user)) return false;
	const row = db
		.select({ createdAt: users.createdAt })
		.from(users)
		.where(eq(users.id, user.id))
		.get();
	if (!row) return true;
	return now.getTime() - row.createdAt.getTime() < getConfig().FORUM_NEW_ACCOUNT_MS;
}

/** Counts one question, answer or comment by `user`; refused past the account's limit. */
export function consumeForumPost(db: Db, user: ForumActor): Promise<LimitResult> {
	const l = get();
	return consume(isNewAccount(db, user) ? l.newPosts : l.posts, String(user.id));
}

/** Counts one flag raised by `user`; refused past FORUM_FLAGS_PER_WINDOW. */
export function consumeForumFlag(user: ForumActor): Promise<LimitResult> {
	return consume(get().flags, String(user.id));
}

/** Links and images in rendered (sanitised) HTML: what the new-account link limit counts. */
export function countLinks(html: string): number {
	return (html.match(/<(a|img)\s/gi) ?? []).length;
}

/**
 * Refuses a post with more than FORUM_NEW_MAX_LINKS links or images when `user` is new.
 * @throws ForumError `too_many_links` (values.max)
 */
export function checkLinkLimit(db: Db, user: ForumActor, html: string, now = new Date()): void {
	const max = getConfig().FORUM_NEW_MAX_LINKS;
	if (countLinks(html) > max && isNewAccount(db, user, now))
		throw new ForumError('too_many_links', { max });
}

/** Test helper: forget all counters (and re-read the config next time). */
export function resetForumLimits(): void {
	limiters = undefined;
}
