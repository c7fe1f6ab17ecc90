import { eq, like, not, and, ne } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db';
import { users, type Locale, type Role, type User } from '../../src/lib/server/db/schema';
import { makeUser, FACTORY_PASSWORD } from '../../tests/support/factories';

/** Every demo account's email ends with this; it is how the demo recognises its own data. */
export const DEMO_DOMAIN = 'casebook-demo.example';
/** The password of every demo account (the test factories' password). */
export const DEMO_PASSWORD = FACTORY_PASSWORD;

type Person = { key: string; name: string; role: Role; locale: Locale };

/** The demo cast: one admin, two instructors (one per language), eight learners. */
export const DEMO_PEOPLE: readonly Person[] = [
	{ key: 'admin', name: '演示管理员 Demo Admin', role: 'admin', locale: 'zh-CN' },
	{ key: 'teacher.wang', name: '王老师', role: 'instructor', locale: 'zh-CN' },
	{ key: 'teacher.lee', name: 'Dr. Lee', role: 'instructor', locale: 'en' },
	{ key: 'learner.chen', name: '陈静', role: 'learner', locale: 'zh-CN' },
	{ key: 'learner.li', name: '李明', role: 'learner', locale: 'zh-CN' },
	{ key: 'learner.zhang', name: '张伟', role: 'learner', locale: 'zh-CN' },
	{ key: 'learner.liu', name: '刘洋', role: 'learner', locale: 'zh-CN' },
	{ key: 'learner.zhao', name: '赵敏', role: 'learner', locale: 'zh-CN' },
	{ key: 'learner.sam', name: 'Sam Carter', role: 'learner', locale: 'en' },
	{ key: 'learner.priya', name: 'Priya Nair', role: 'learner', locale: 'en' },
	{ key: 'learner.tom', name: 'Tom Becker', role: 'learner', locale: 'en' }
];

/** Email of a demo person: `<key>@casebook-demo.example`. */
export const demoEmail = (key: string) => `${key}@${DEMO_DOMAIN}`;

/** The demo users, created by {@link seedPeople}. */
export type DemoPeople = { admin: User; instructors: User[]; learners: User[] };

/** Accounts this old are not "new" for the forum's limits (they are 30 days old). */
const AGE_MS = 30 * 24 * 60 * 60_000;

/**
 * Creates the demo cast with {@link DEMO_PASSWORD}; accounts are dated 30 days back so the forum's
 * new-account limits do not apply and lists look lived in.
 */
export async function seedPeople(db: Db): Promise<DemoPeople> {
	const created: User[] = [];
	const createdAt = new Date(Date.now() - AGE_MS);
	for (const p of DEMO_PEOPLE) {
		const u = await makeUser(db, {
			email: demoEmail(p.key),
			displayName: p.name,
			role: p.role,
			locale: p.locale
		});
		db.update(users).set({ createdAt }).where(eq(users.id, u.id)).run();
		created.push({ ...u, createdAt });
	}
	return {
		admin: created.find((u) => u.role === 'admin')!,
		instructors: created.filter((u) => u.role === 'instructor'),
		learners: created.filter((u) => u.role === 'learner')
	};
}

const demoOnly = like(users.email, `%@${DEMO_DOMAIN}`);

/** Number of demo accounts in the database (0 before the demo ran). */
export function countDemoUsers(db: Db): number {
	return db.select({ id: users.id }).from(users).where(demoOnly).all().length;
}

/**
 * Accounts that are not the demo's, apart from the first admin the server creates at start-up
 * (`bootstrapAdminEmail`, ADMIN_EMAIL): a database with any of them is in real use.
 */
export function listRealUsers(db: Db, bootstrapAdminEmail: string): Pick<User, 'email' | 'role'>[] {
	return db
		.select({ email: users.email, role: users.role })
		.from(users)
		.where(and(not(demoOnly), ne(users.email, bootstrapAdminEmail.trim().toLowerCase())))
		.all();
}
