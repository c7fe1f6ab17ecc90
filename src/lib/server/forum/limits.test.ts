import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { makeOldUser, makeThread } from '../../../../tests/support/forum';
import type { Db } from '../db';
import { resetConfig } from '../config';
import { ForumError } from './errors';
import {
	consumeForumFlag,
	consumeForumPost,
	countLinks,
	isNewAccount,
	resetForumLimits
} from './limits';
import { renderMarkdown } from '../markdown';

const ENV = {
	FORUM_POSTS_PER_WINDOW: '4',
	FORUM_NEW_POSTS_PER_WINDOW: '2',
	FORUM_NEW_MAX_LINKS: '1',
	FORUM_FLAGS_PER_WINDOW: '3',
	FORUM_NEW_ACCOUNT_MS: String(24 * 60 * 60_000)
};

let db: Db;
let cleanup: () => void;
beforeAll(() => {
	Object.assign(process.env, ENV);
	resetConfig();
	resetForumLimits();
	({ db, cleanup } = createTestDb());
});
afterAll(() => {
	for (const k of Object.keys(ENV)) delete process.env[k];
	resetConfig();
	resetForumLimits();
	cleanup();
});

const code = (fn: () => unknown) => {
	try {
		fn();
	} catch (e) {
		if (e instanceof ForumError) return `${e.code}:${JSON.stringify(e.values)}`;
		throw e;
	}
	return 'ok';
};

describe('posting limits', () => {
	it('a new account posts at the new-account rate; an older one at the normal rate', async () => {
		const fresh = await makeUser(db);
		const old = await makeOldUser(db);
		expect(isNewAccount(db, fresh)).toBe(true);
		expect(isNewAccount(db, old)).toBe(false);
		const fresh3 = [];
		for (let i = 0; i < 3; i++) fresh3.push((await consumeForumPost(db, fresh)).ok);
		expect(fresh3).toEqual([true, true, false]);
		const old5 = [];
		for (let i = 0; i < 5; i++) old5.push((await consumeForumPost(db, old)).ok);
		expect(old5).toEqual([true, true, true, true, false]);
		const refused = await consumeForumPost(db, old);
		expect(refused.ok).toBe(false);
		expect(refused.ok ? 0 : refused.retryAfterMs).toBeGreaterThan(0);
	});

	it('instructors are never new accounts', async () => {
		const instructor = await makeUser(db, { role: 'instructor' });
		expect(isNewAccount(db, instructor)).toBe(false);
	});

	it('limits flags per window', async () => {
		const u = await makeOldUser(db);
		const results = [];
		for (let i = 0; i < 4; i++) results.push((await consumeForumFlag(u)).ok);
		expect(results).toEqual([true, true, true, false]);
	});

	it('a new account may put few links in a post; an older account more', async () => {
		const fresh = await makeUser(db);
		const old = await makeOldUser(db);
		const body =
			'See [a](https://a.example) and [b](https://b.example) and ![c](https://c.example/x.png)';
		expect(countLinks(renderMarkdown(body))).toBe(3);
		expect(code(() => makeThread(db, fresh, { body }))).toBe('too_many_links:{"max":1}');
		expect(
			code(() => makeThread(db, fresh, { body: 'Only [one](https://a.example) link here.' }))
		).toBe('ok');
		expect(code(() => makeThread(db, old, { body }))).toBe('ok');
	});
});
