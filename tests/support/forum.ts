import { eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db';
import { users, type User } from '../../src/lib/server/db/schema';
import { addAnswer, createThread, type AskInput } from '../../src/lib/server/forum';
import { makeUser } from './factories';

let n = 0;

/** A thread asked by `user` (defaults: a unique English title, a plain body, no tags). */
export function makeThread(db: Db, user: User, input: Partial<AskInput> = {}, now?: Date) {
	n += 1;
	return createThread(
		db,
		user,
		{
			title: input.title ?? `Question number ${n} about gateways`,
			body: input.body ?? `Body of question ${n}: what should we do?`,
			tags: input.tags ?? []
		},
		now
	);
}

/** An answer by `user` to thread `threadId`. */
export function makeAnswer(db: Db, user: User, threadId: number, body?: string) {
	n += 1;
	return addAnswer(db, user, threadId, body ?? `Answer number ${n}: use a queue.`);
}

/** A user whose account is `ageMs` old (older than the new-account limit by default: 30 days). */
export async function makeOldUser(
	db: Db,
	overrides: Parameters<typeof makeUser>[1] = {},
	ageMs = 30 * 24 * 60 * 60_000
): Promise<User> {
	const u = await makeUser(db, overrides);
	const createdAt = new Date(Date.now() - ageMs);
	db.update(users).set({ createdAt }).where(eq(users.id, u.id)).run();
	return { ...u, createdAt };
}
