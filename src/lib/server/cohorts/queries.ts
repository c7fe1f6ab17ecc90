import { asc, count, eq, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db';
import { cohortMembers, cohorts, users, type Cohort, type Role } from '../db/schema';
import type { Actor } from './index';

/**
 * Read-only cohort queries for other pages (gradebook, grading queue, account): which cohorts a
 * staff member manages, who is in a cohort, and a WHERE condition to filter any table by cohort.
 */

export type CohortSummary = Cohort & { memberCount: number; ownerName: string };

function withCounts(db: Db, where: SQL | undefined): CohortSummary[] {
	return db
		.select({
			id: cohorts.id,
			name: cohorts.name,
			startDate: cohorts.startDate,
			endDate: cohorts.endDate,
			timeZone: cohorts.timeZone,
			inviteCode: cohorts.inviteCode,
			ownerId: cohorts.ownerId,
			createdAt: cohorts.createdAt,
			createKey: cohorts.createKey,
			memberCount: sql<number>`(select count(*) from ${cohortMembers} where ${cohortMembers.cohortId} = ${cohorts.id})`,
			ownerName: users.displayName
		})
		.from(cohorts)
		.innerJoin(users, eq(users.id, cohorts.ownerId))
		.where(where)
		.orderBy(sql`${cohorts.startDate} desc`, asc(cohorts.name))
		.all();
}

/**
 * The cohorts a staff member manages, newest term first, with member counts: an instructor's own
 * cohorts, or every cohort for an admin. Gradebook and grading queue use it for their cohort filter.
 */
export function getCohortsForInstructor(db: Db, staff: Actor): CohortSummary[] {
	if (staff.role === 'admin') return withCounts(db, undefined);
	if (staff.role !== 'instructor') return [];
	return withCounts(db, eq(cohorts.ownerId, staff.id));
}

/** The cohorts `userId` belongs to, newest term first, with when they joined. */
export function getCohortsForUser(db: Db, userId: number): Array<Cohort & { joinedAt: Date }> {
	return db
		.select({
			id: cohorts.id,
			name: cohorts.name,
			startDate: cohorts.startDate,
			endDate: cohorts.endDate,
			timeZone: cohorts.timeZone,
			inviteCode: cohorts.inviteCode,
			ownerId: cohorts.ownerId,
			createdAt: cohorts.createdAt,
			createKey: cohorts.createKey,
			joinedAt: cohortMembers.joinedAt
		})
		.from(cohortMembers)
		.innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
		.where(eq(cohortMembers.userId, userId))
		.orderBy(sql`${cohorts.startDate} desc`)
		.all();
}

export type CohortMemberItem = {
	userId: number;
	displayName: string;
	email: string;
	role: Role;
	joinedAt: Date;
};

/** Members of a cohort, by display name. */
export function listCohortMembers(db: Db, cohortId: number): CohortMemberItem[] {
	return db
		.select({
			userId: users.id,
			displayName: users.displayName,
			email: users.email,
			role: users.role,
			joinedAt: cohortMembers.joinedAt
		})
		.from(cohortMembers)
		.innerJoin(users, eq(users.id, cohortMembers.userId))
		.where(eq(cohortMembers.cohortId, cohortId))
		.orderBy(asc(users.displayName), asc(users.id))
		.all();
}

/** User ids of a cohort's members (for filtering other tables by cohort in code). */
export function listCohortMemberIds(db: Db, cohortId: number): number[] {
	return db
		.select({ id: cohortMembers.userId })
		.from(cohortMembers)
		.where(eq(cohortMembers.cohortId, cohortId))
		.all()
		.map((r) => r.id);
}

/**
 * A WHERE condition "this user-id column belongs to a member of `cohortId`", for other modules'
 * queries: `db.select().from(submissions).where(inCohort(submissions.userId, cohortId))`.
 */
export function inCohort(userIdColumn: SQLiteColumn, cohortId: number): SQL {
	// A sub-select, so the filter runs inside SQLite whatever the cohort's size.
	return sql`${userIdColumn} in (select ${cohortMembers.userId} from ${cohortMembers} where ${cohortMembers.cohortId} = ${cohortId})`;
}

/** Number of members of a cohort. */
export function countCohortMembers(db: Db, cohortId: number): number {
	return (
		db.select({ n: count() }).from(cohortMembers).where(eq(cohortMembers.cohortId, cohortId)).get()
			?.n ?? 0
	);
}
